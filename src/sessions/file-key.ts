/**
 * Canonical session-file key: the identity under which same-process attempts on one physical
 * transcript are serialized. Symlinked files collapse onto their target; a transcript that does not
 * exist yet collapses through its parent directory (aliased directories such as /var → /private/var).
 */
import { basename, dirname, join, resolve } from "node:path";
import type { FileSystem } from "../runtime/fs.ts";

/** Maps a session file path to the key the owner registry and the active-run index use. */
export type SessionFileKeyFn = (fs: FileSystem, sessionFile: string) => Promise<string>;

/**
 * 1. resolve the path; 2. realpath the file; 3. if that fails, realpath the parent and join the
 * basename; 4. if that fails too, the resolved path.
 */
export const resolveSessionFileKey: SessionFileKeyFn = async (fs, sessionFile) => {
  const resolved = resolve(sessionFile);
  try {
    return await fs.realpath(resolved);
  } catch {
    try {
      return join(await fs.realpath(dirname(resolved)), basename(resolved));
    } catch {
      return resolved;
    }
  }
};

/** The lexical key (no symlink resolution): what a registry keyed by raw path sees. */
export const rawSessionFileKey: SessionFileKeyFn = (_fs, sessionFile) => Promise.resolve(resolve(sessionFile));
