/**
 * Test kit of the reliability suite (not used by production code): run the real CLI in a child
 * process with its own TMPDIR and a marker in its environment, then look for what it left behind
 * (live processes carrying the marker, entries in its TMPDIR) and check every file it wrote.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { execa } from "execa";
import { REPO_ROOT } from "../runner/run-scenario.ts";
import { validateCtrf, validateReport, validateSummary, type ValidationResult } from "../report/schema.ts";

export const MARKER_VARIABLE = "CLP_RELIABILITY_RUN";

function spawnCli(args: readonly string[], out: string, env: Readonly<Record<string, string>>) {
  return execa("node", ["--import", "tsx", "harness/cli/main.ts", ...args, "--out", out], { cwd: REPO_ROOT, reject: false, detached: true, env });
}

export interface CliChild {
  readonly child: ReturnType<typeof spawnCli>;
  /** The marker every process of this run inherits. */
  readonly marker: string;
  /** The run's private TMPDIR: it must be empty once the run is over. */
  readonly tmp: string;
  readonly out: string;
}

/** Starts `node --import tsx harness/cli/main.ts …args --out <out>` in its own process group. */
export async function startCli(args: readonly string[], root: string): Promise<CliChild> {
  const tmp = await mkdtemp(join(root, "tmp-"));
  const out = join(root, "out");
  const marker = `reliability-${process.pid}-${tmp.slice(-6)}`;
  const child = spawnCli(args, out, { TMPDIR: tmp, [MARKER_VARIABLE]: marker, GITHUB_STEP_SUMMARY: "" });
  return { child, marker, tmp, out };
}

export async function reliabilityRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), "clp-reliability-"));
}

/** Live (not zombie) processes whose environment carries `marker`. */
export async function markedProcesses(marker: string): Promise<{ pid: number; command: string }[]> {
  const entries = existsSync("/proc") ? await readdir("/proc") : [];
  const found: { pid: number; command: string }[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const [environ, stat, cmdline] = await Promise.all([
        readFile(`/proc/${entry}/environ`, "utf8"),
        readFile(`/proc/${entry}/stat`, "utf8"),
        readFile(`/proc/${entry}/cmdline`, "utf8"),
      ]);
      const state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
      if (state === "Z" || state === "X") continue;
      if (environ.split("\0").includes(`${MARKER_VARIABLE}=${marker}`)) found.push({ pid: Number(entry), command: cmdline.split("\0").join(" ").trim() });
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

/** Polls (every `intervalMs`) until `probe` returns a value, or gives up after `timeoutMs` with undefined. */
export async function pollFor<T>(probe: () => Promise<T | undefined>, options: { readonly timeoutMs: number; readonly intervalMs?: number }): Promise<T | undefined> {
  const until = performance.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || performance.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}

/**
 * What a run left in its TMPDIR, apart from tsx's own compile cache (`tsx-<uid>`, kept across runs
 * by design).
 */
export async function tempLeftovers(tmp: string): Promise<string[]> {
  return (await readdir(tmp)).filter((name) => !/^tsx-\d+$/.test(name)).sort();
}

export async function filesUnder(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

/** Checks one output file: JSON files parse and validate against their schema; XML/MD are complete. */
export async function checkOutputFile(file: string): Promise<ValidationResult | { ok: false; errors: string[] }> {
  const text = await readFile(file, "utf8");
  const name = file.slice(file.lastIndexOf("/") + 1);
  if (/\.tmp-\d+$/.test(name)) return { ok: false, errors: ["a temp file of an unfinished atomic write"] };
  if (name.endsWith(".json")) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { ok: false, errors: [`not JSON: ${String(error)}`] };
    }
    if (name === "summary.json") return validateSummary(value);
    if (name === "ctrf.json") return validateCtrf(value);
    return validateReport(value);
  }
  if (name.endsWith(".xml")) return text.trimEnd().endsWith("</testsuites>") ? { ok: true } : { ok: false, errors: ["truncated XML"] };
  return text.length > 0 ? { ok: true } : { ok: false, errors: ["empty file"] };
}

/** scenarios/canary.ts, loaded at run time (harness/ does not import scenarios/ statically). */
export async function loadCanaries(): Promise<string[]> {
  const mod = (await import(pathToFileURL(join(REPO_ROOT, "scenarios", "canary.ts")).href)) as { CANARIES?: readonly string[] };
  return [...(mod.CANARIES ?? [])];
}
