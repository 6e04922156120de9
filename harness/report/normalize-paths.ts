/**
 * Machine-specific paths out of the digested core: the repository root becomes `<repo>`, each
 * distinct temp directory (a direct child of the temp root, usually a `mkdtemp` name) becomes
 * `<tmp>`, `<tmp#2>`, … in order of first appearance, and the home directory becomes `<home>`.
 * Numbering by appearance keeps the same run byte-identical across machines and random dir names.
 */
import { realpathSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import type { Json } from "../scenario/types.ts";

export interface PathRoots {
  readonly repoRoot: string;
  /** Temp roots (os.tmpdir() and its realpath); their children are per-run dirs. */
  readonly tmpRoots: readonly string[];
  readonly homeDir?: string;
}

/** The repository root, derived from this file's location (harness/report/). */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");

export function defaultPathRoots(): PathRoots {
  const tmp = tmpdir().replace(/\/$/, "");
  const tmpRoots = new Set([tmp]);
  try {
    tmpRoots.add(realpathSync(tmp));
  } catch {
    // A temp dir that cannot be resolved is still replaced by its given name.
  }
  return { repoRoot: REPO_ROOT, tmpRoots: [...tmpRoots], homeDir: homedir() };
}

type Rule = { readonly root: string; readonly pattern: RegExp; readonly replace: (match: string, child?: string) => string };

/** A stateful normalizer for one report: temp dirs keep their numbering across calls. */
export function createPathNormalizer(roots: PathRoots): (text: string) => string {
  const tmpNames = new Map<string, string>();
  const tmpToken = (child: string | undefined): string => {
    if (child === undefined) return "<tmp>";
    let token = tmpNames.get(child);
    if (token === undefined) {
      token = tmpNames.size === 0 ? "<tmp>" : `<tmp#${tmpNames.size + 1}>`;
      tmpNames.set(child, token);
    }
    return token;
  };
  const entries: Array<[string, Rule]> = [];
  for (const root of roots.tmpRoots) {
    if (!isUsableRoot(root)) continue;
    const pattern = new RegExp(`${escapeRegExp(root)}(?![\\w.-])(?:/([^/\\s"'\`,;:)\\]}]+))?`, "g");
    entries.push([root, { root, pattern, replace: (_m, child) => tmpToken(child) }]);
  }
  if (isUsableRoot(roots.repoRoot)) entries.push([roots.repoRoot, literalRule(roots.repoRoot, "<repo>")]);
  if (roots.homeDir !== undefined && isUsableRoot(roots.homeDir)) entries.push([roots.homeDir, literalRule(roots.homeDir, "<home>")]);
  // The most specific root first: a repo checked out under /tmp is `<repo>`, not `<tmp>`.
  const rules = entries.sort((a, b) => b[0].length - a[0].length).map(([, rule]) => rule);
  return (text) => {
    // Every root is an absolute path: most strings (event names, ids, prose) hold none of them.
    if (!text.includes("/")) return text;
    let out = text;
    for (const rule of rules) if (out.includes(rule.root)) out = out.replace(rule.pattern, rule.replace);
    return out;
  };
}

/** Applies `fn` to every string and every key of JSON data. */
export function mapJsonStrings(value: Json, fn: (text: string) => string): Json {
  if (typeof value === "string") return fn(value);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return (value as readonly Json[]).map((item) => mapJsonStrings(item, fn));
  const out: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) out[fn(key)] = mapJsonStrings(item, fn);
  return out;
}

/** `path` relative to the repo root with forward slashes, when it lies inside it. */
export function repoRelative(path: string, repoRoot: string = REPO_ROOT): string {
  const prefix = `${repoRoot}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

function literalRule(root: string, token: string): Rule {
  return { root, pattern: new RegExp(`${escapeRegExp(root)}(?![\\w.-])`, "g"), replace: () => token };
}

/** "/" or "" would turn every absolute path into nonsense. */
function isUsableRoot(root: string): boolean {
  return root.length > 1 && root.startsWith("/");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
