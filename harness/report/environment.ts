/**
 * Where a proof ran: node, OS, architecture, the versions of the packages that shape behavior,
 * and the git commit with its dirty flag. Lives in report `meta`, outside the digest: the digest
 * covers what happened, this says where. Collected once per process.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { arch, platform, release } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./normalize-paths.ts";

export interface Environment {
  readonly node: string;
  readonly os: string;
  readonly arch: string;
  readonly packages: Readonly<Record<string, string>>;
  readonly gitCommit: string | null;
  readonly gitDirty: boolean | null;
}

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
    gitDirty: gitDirty(repoRoot),
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

function gitDirty(repoRoot: string): boolean | null {
  const status = git(repoRoot, ["status", "--porcelain", "--untracked-files=no"]);
  return status === null ? null : status.length > 0;
}

function git(cwd: string, args: readonly string[]): string | null {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }).trim();
  } catch {
    return null;
  }
}
