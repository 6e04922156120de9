/** Where an error came from: the first stack frame in this repository, as `file:line`. */
import { relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(import.meta.dirname, "../..");

function framePath(line: string): { file: string; line: string } | undefined {
  // "at fn (/abs/file.ts:12:34)", "at /abs/file.ts:12:34", "at file:///abs/file.ts:12:34"
  const m = /(?:\(|\s)((?:file:\/\/)?\/[^():]+):(\d+):\d+\)?\s*$/.exec(line);
  if (m === null) return undefined;
  const file = m[1]!.startsWith("file://") ? fileURLToPath(m[1]!) : m[1]!;
  return { file, line: m[2]! };
}

/** `harness/runner/x.ts:12` for the first frame under the repo (not node_modules); undefined if none. */
export function firstRepoFrame(error: unknown, root: string = ROOT): string | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  if (stack === undefined) return undefined;
  for (const line of stack.split("\n").slice(1)) {
    const frame = framePath(line);
    if (frame === undefined) continue;
    if (!frame.file.startsWith(root + sep) || frame.file.includes(`${sep}node_modules${sep}`)) continue;
    return `${relative(root, frame.file)}:${frame.line}`;
  }
  return undefined;
}
