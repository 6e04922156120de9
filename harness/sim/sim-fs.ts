/**
 * FileSystem port for the deterministic lane: every call becomes a scheduled task (its own
 * channel, so calls from different lanes interleave as the choice policy decides) that performs
 * the real operation synchronously on real temp directories when it runs. Interleavings of file
 * work are therefore under the scheduler's control and replayable.
 */
import * as fs from "node:fs";
import type { FileSystem } from "../../src/runtime/fs.ts";
import { toFileStat } from "../../src/runtime/node-fs.ts";
import type { EventSink } from "../../src/runtime/events.ts";

type Post = (channel: string, label: string, run: () => void) => void;

export function createSimFileSystem(post: Post, emit?: EventSink): FileSystem {
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
  return {
    realpath: (p) => op("realpath", p, () => fs.realpathSync.native(p)),
    stat: (p) => op("stat", p, () => toFileStat(fs.statSync(p, { bigint: true }))),
    lstat: (p) => op("lstat", p, () => toFileStat(fs.lstatSync(p, { bigint: true }))),
    readFile: (p) => op("readFile", p, () => fs.readFileSync(p, "utf8")),
    createExclusive: (p, content) =>
      op("createExclusive", p, () => {
        const fd = fs.openSync(p, "wx");
        try {
          fs.writeFileSync(fd, content, "utf8");
        } finally {
          fs.closeSync(fd);
        }
      }),
    writeFile: (p, content) => op("writeFile", p, () => fs.writeFileSync(p, content, "utf8")),
    appendFile: (p, content) => op("appendFile", p, () => fs.appendFileSync(p, content, "utf8")),
    unlink: (p) => op("unlink", p, () => fs.unlinkSync(p)),
    mkdir: (p, options) =>
      op("mkdir", p, () => {
        fs.mkdirSync(p, { recursive: options?.recursive ?? false });
      }),
    symlink: (target, p) => op("symlink", p, () => fs.symlinkSync(target, p)),
    readdir: (p) => op("readdir", p, () => fs.readdirSync(p).sort()),
  };
}
