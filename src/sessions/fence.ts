/**
 * The session-file fence: a fingerprint of the transcript (exists, dev, ino, size, mtime, ctime)
 * recorded when an attempt releases its lock. Any difference when it takes the lock again means
 * someone else wrote the file in between.
 */
import { fsErrorCode, type FileSystem } from "../runtime/fs.ts";

export interface FileFingerprint {
  readonly exists: boolean;
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
}

const MISSING: FileFingerprint = { exists: false, dev: 0n, ino: 0n, size: 0n, mtimeNs: 0n, ctimeNs: 0n };

export async function fingerprintFile(fs: FileSystem, path: string): Promise<FileFingerprint> {
  try {
    const s = await fs.stat(path);
    return { exists: true, dev: s.dev, ino: s.ino, size: s.size, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs };
  } catch (error) {
    if (fsErrorCode(error) === "ENOENT") return MISSING;
    throw error;
  }
}

/** Decides whether the file still matches the fence. The seam a `no-fence` variant replaces. */
export type FenceCheck = (fence: FileFingerprint, current: FileFingerprint) => boolean;

export const fingerprintsMatch: FenceCheck = (a, b) =>
  a.exists === b.exists && a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;

/** A short, deterministic description of how the file moved (sizes only; times vary per run). */
export function describeFenceMismatch(fence: FileFingerprint, current: FileFingerprint): string {
  if (fence.exists !== current.exists) return current.exists ? "file appeared" : "file disappeared";
  if (fence.dev !== current.dev || fence.ino !== current.ino) return "file replaced";
  if (fence.size !== current.size) return `size ${fence.size}→${current.size}`;
  return "file modified";
}
