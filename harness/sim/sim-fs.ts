/**
 * FileSystem port for the deterministic lane: every call becomes a scheduled task (its own
 * channel, so calls from different lanes interleave as the choice policy decides) that performs
 * the operation synchronously when it runs. Interleavings of file work are therefore under the
 * scheduler's control and replayable. Two backends do the work: an in-memory tree (the default:
 * no disk, nothing to clean up) and real temp directories (`"real"`, kept to check that the two
 * agree).
 */
import * as fs from "node:fs";
import type { FileStat, FileSystem } from "../../src/runtime/fs.ts";
import { toFileStat } from "../../src/runtime/node-fs.ts";
import type { EventSink } from "../../src/runtime/events.ts";
import type { MemoryFs } from "./memory-fs.ts";

type Post = (channel: string, label: string, run: () => void) => void;

/** The port's calls, synchronous. */
export interface SyncFileSystem {
  realpath(path: string): string;
  stat(path: string): FileStat;
  lstat(path: string): FileStat;
  readFile(path: string): string;
  createExclusive(path: string, content: string): void;
  writeFile(path: string, content: string): void;
  appendFile(path: string, content: string): void;
  unlink(path: string): void;
  mkdir(path: string, options?: { readonly recursive?: boolean }): void;
  symlink(target: string, path: string): void;
  readdir(path: string): string[];
  rename(from: string, to: string): void;
}

export const realSyncFileSystem: SyncFileSystem = {
  realpath: (p) => fs.realpathSync.native(p),
  stat: (p) => toFileStat(fs.statSync(p, { bigint: true })),
  lstat: (p) => toFileStat(fs.lstatSync(p, { bigint: true })),
  readFile: (p) => fs.readFileSync(p, "utf8"),
  createExclusive(p, content) {
    const fd = fs.openSync(p, "wx");
    try {
      fs.writeFileSync(fd, content, "utf8");
    } finally {
      fs.closeSync(fd);
    }
  },
  writeFile: (p, content) => fs.writeFileSync(p, content, "utf8"),
  appendFile: (p, content) => fs.appendFileSync(p, content, "utf8"),
  unlink: (p) => fs.unlinkSync(p),
  mkdir(p, options) {
    fs.mkdirSync(p, { recursive: options?.recursive ?? false });
  },
  symlink: (target, p) => fs.symlinkSync(target, p),
  readdir: (p) => fs.readdirSync(p).sort(),
  rename: (from, to) => fs.renameSync(from, to),
};

export function createSimFileSystem(post: Post, emit?: EventSink, backend: SyncFileSystem | MemoryFs = realSyncFileSystem): FileSystem {
  let n = 0;
  function op<T>(name: string, path: string, fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const id = ++n;
      post(`fs#${id}`, `${name} ${path}`, () => {
        try {
          const value = fn();
          emit?.({ kind: "fs.op", op: name, path, ok: true });
          resolve(value);
        } catch (error) {
          const code = (error as { code?: string }).code ?? "EUNKNOWN";
          emit?.({ kind: "fs.op", op: name, path, ok: false, code });
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
  }
  const b = backend;
  return {
    realpath: (p) => op("realpath", p, () => b.realpath(p)),
    stat: (p) => op("stat", p, () => b.stat(p)),
    lstat: (p) => op("lstat", p, () => b.lstat(p)),
    readFile: (p) => op("readFile", p, () => b.readFile(p)),
    createExclusive: (p, content) => op("createExclusive", p, () => b.createExclusive(p, content)),
    writeFile: (p, content) => op("writeFile", p, () => b.writeFile(p, content)),
    appendFile: (p, content) => op("appendFile", p, () => b.appendFile(p, content)),
    unlink: (p) => op("unlink", p, () => b.unlink(p)),
    mkdir: (p, options) => op("mkdir", p, () => b.mkdir(p, options)),
    symlink: (target, p) => op("symlink", p, () => b.symlink(target, p)),
    readdir: (p) => op("readdir", p, () => b.readdir(p)),
    rename: (from, to) => op("rename", from, () => b.rename(from, to)),
  };
}
