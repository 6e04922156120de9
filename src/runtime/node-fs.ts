/** The real FileSystem port over node:fs/promises. */
import type { BigIntStats } from "node:fs";
import * as fsp from "node:fs/promises";
import type { FileStat, FileSystem } from "./fs.ts";

/** Node's bigint stats as the port's FileStat. */
export function toFileStat(s: BigIntStats): FileStat {
  return {
    dev: s.dev,
    ino: s.ino,
    size: s.size,
    mtimeNs: s.mtimeNs,
    ctimeNs: s.ctimeNs,
    isFile: s.isFile(),
    isDirectory: s.isDirectory(),
    isSymbolicLink: s.isSymbolicLink(),
  };
}

export const nodeFileSystem: FileSystem = {
  realpath: (path) => fsp.realpath(path),
  stat: async (path) => toFileStat(await fsp.stat(path, { bigint: true })),
  lstat: async (path) => toFileStat(await fsp.lstat(path, { bigint: true })),
  readFile: (path) => fsp.readFile(path, "utf8"),
  async createExclusive(path, content) {
    const handle = await fsp.open(path, "wx");
    try {
      await handle.writeFile(content, "utf8");
    } finally {
      await handle.close();
    }
  },
  writeFile: (path, content) => fsp.writeFile(path, content, "utf8"),
  appendFile: (path, content) => fsp.appendFile(path, content, "utf8"),
  unlink: (path) => fsp.unlink(path),
  async mkdir(path, options) {
    await fsp.mkdir(path, { recursive: options?.recursive ?? false });
  },
  symlink: (target, path) => fsp.symlink(target, path),
  readdir: (path) => fsp.readdir(path),
  rename: (from, to) => fsp.rename(from, to),
};
