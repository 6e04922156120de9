/**
 * Where a proof ran: node, OS, architecture, the versions of the packages that shape behavior,
 * and the git commit with its dirty flag. Lives in report `meta`, outside the digest: the digest
 * covers what happened, this says where. Collected once per process.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { arch, loadavg, platform, release } from "node:os";
import type { Calibration } from "../runner/deadline-scale.ts";
import { join } from "node:path";
import { REPO_ROOT } from "./normalize-paths.ts";

export interface Environment {
  readonly node: string;
  readonly os: string;
  readonly arch: string;
  readonly packages: Readonly<Record<string, string>>;
  readonly gitCommit: string | null;
  /** True when a tracked file is modified or a file under the proof's source trees is untracked. */
  readonly gitDirty: boolean | null;
  /** Untracked files under scenarios/, fakes/, src/, harness/: the commit does not contain them. */
  readonly untracked?: ReadonlyArray<{ readonly path: string; readonly sha256: string }>;
  /** Tracked files with uncommitted changes (count). */
  readonly modified?: number;
  /** os.loadavg() when the environment was collected (1, 5, 15 minutes). */
  readonly loadAverage?: readonly number[];
  /** The real-time lanes' deadline scale and how it was found (set when such a lane ran). */
  readonly calibration?: Calibration;
}

/** The trees whose files decide a verdict: an untracked file there makes the proof dirty. */
export const SOURCE_TREES = ["scenarios", "fakes", "src", "harness"] as const;

/** Packages whose version can change a verdict or a trace. */
export const TRACKED_PACKAGES = [
  "vitest",
  "fast-check",
  "msw",
  "mock-socket",
  "ws",
  "@sinonjs/fake-timers",
  "execa",
  "ajv",
  "tsx",
  "typescript",
] as const;

let cached: Environment | undefined;

export function collectEnvironment(repoRoot: string = REPO_ROOT): Environment {
  if (cached !== undefined && repoRoot === REPO_ROOT) return cached;
  const env: Environment = {
    node: process.version,
    os: `${platform()} ${release()}`,
    arch: arch(),
    packages: packageVersions(repoRoot),
    gitCommit: git(repoRoot, ["rev-parse", "HEAD"]),
    ...gitState(repoRoot),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
  if (repoRoot === REPO_ROOT) cached = env;
  return env;
}

/** Installed versions read from node_modules; a missing package is simply absent. */
export function packageVersions(repoRoot: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of TRACKED_PACKAGES) {
    try {
      const manifest = JSON.parse(readFileSync(join(repoRoot, "node_modules", name, "package.json"), "utf8")) as {
        version?: unknown;
      };
      if (typeof manifest.version === "string") out[name] = manifest.version;
    } catch {
      // Not installed: absent from the report rather than a guess.
    }
  }
  return out;
}

function gitState(repoRoot: string): Pick<Environment, "gitDirty" | "untracked" | "modified"> {
  const status = git(repoRoot, ["status", "--porcelain", "--untracked-files=no"]);
  if (status === null) return { gitDirty: null };
  const others = git(repoRoot, ["ls-files", "--others", "--exclude-standard", "-z", "--", ...SOURCE_TREES]) ?? "";
  const untracked = others
    .split("\0")
    .filter((path) => path !== "")
    .sort()
    .map((path) => ({ path, sha256: sha256Of(join(repoRoot, path)) }));
  const modified = status === "" ? 0 : status.split("\n").length;
  return { gitDirty: modified > 0 || untracked.length > 0, untracked, modified };
}

function sha256Of(file: string): string {
  try {
    return createHash("sha256").update(readFileSync(file)).digest("hex");
  } catch {
    return "";
  }
}

function git(cwd: string, args: readonly string[]): string | null {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }).trim();
  } catch {
    return null;
  }
}
