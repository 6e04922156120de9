/**
 * Atomic file writes: the bytes go to `<file>.tmp-<pid>` in the same directory, are fsynced,
 * then renamed over the target, so a reader (or an interrupted run) sees the old file or the new
 * one, never half of one. A failed write removes its temp file.
 */
import { open, rename, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { emergencyCleanup } from "../runner/interrupt.ts";

export function tempPathFor(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

export interface AtomicWriteOptions {
  /**
   * Also fsync the directory so the rename survives a power loss (default true). A batch of
   * writes into one directory can skip it and call `syncDir` once at the end.
   */
  readonly syncDir?: boolean;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const tmp = tempPathFor(path);
  // A forced exit (a second Ctrl-C) skips the catch below: the emergency cleanup removes it then.
  emergencyCleanup.addTempFile(tmp);
  try {
    const handle = await open(tmp, "w", 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  } finally {
    emergencyCleanup.removeTempFile(tmp);
  }
  if (options.syncDir !== false) await syncDir(dirname(path));
}

/** Makes renames into `dir` durable; not every platform can fsync a directory, which is fine. */
export async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort.
  }
}
