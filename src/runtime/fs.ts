/**
 * FileSystem port: the few calls the session modules need. Paths are absolute.
 * Errors keep Node's shape (`code` = "ENOENT", "EEXIST", …) so callers can branch on them.
 * The deterministic lane completes each call as a scheduled task, on an in-memory tree
 * (harness/sim/memory-fs.ts) or on real temp directories.
 */
export interface FileStat {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly isSymbolicLink: boolean;
}

export interface FileSystem {
  realpath(path: string): Promise<string>;
  stat(path: string): Promise<FileStat>;
  lstat(path: string): Promise<FileStat>;
  readFile(path: string): Promise<string>;
  /** Creates `path` exclusively (`open wx`) with `content`; rejects with code EEXIST if it exists. */
  createExclusive(path: string, content: string): Promise<void>;
  writeFile(path: string, content: string): Promise<void>;
  appendFile(path: string, content: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string, options?: { readonly recursive?: boolean }): Promise<void>;
  symlink(target: string, path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  /** rename(2): atomically moves `from` to `to`, replacing a non-directory `to`; a symlink moves as a link. */
  rename(from: string, to: string): Promise<void>;
}

export interface FsError extends Error {
  readonly code?: string;
}

export function fsErrorCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}
