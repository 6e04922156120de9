/**
 * The files a diff touches, from git: `git diff --name-only <ref>` (committed since `ref` plus the
 * working tree and index) and untracked files; with no ref, the uncommitted changes against HEAD.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";

export class GitDiffError extends Error {
  override readonly name = "GitDiffError";
}

function git(args: readonly string[], cwd: string): string {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
    throw new GitDiffError(`git ${args.join(" ")} failed: ${stderr || (error instanceof Error ? error.message : String(error))}`);
  }
}

/** Absolute paths of the files changed since `ref` (default HEAD), untracked files included. */
export function changedFiles(cwd: string, ref = "HEAD"): string[] {
  const top = git(["rev-parse", "--show-toplevel"], cwd).trim();
  try {
    git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], cwd);
  } catch {
    throw new GitDiffError(`"${ref}" is not a commit in ${top} (give a ref such as HEAD~1, main or a sha; filters go before --changed)`);
  }
  const lines = [
    ...git(["diff", "--name-only", "--no-renames", ref, "--"], top).split("\n"),
    ...git(["ls-files", "--others", "--exclude-standard"], top).split("\n"),
  ];
  return [...new Set(lines.filter((l) => l !== "").map((l) => join(top, l)))].sort();
}
