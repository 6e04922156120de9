/**
 * Differential test of the in-memory tree against real files: one script of file operations runs
 * on a MemoryFs and on a real temp directory, and every result — value, or error code and message
 * (with the root path aliased) — must agree. Stat stamps (ino, times) differ by nature; their
 * behaviour (a write changes mtime, a rename keeps ino) is checked on each side instead.
 */
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryFs } from "./memory-fs.ts";
import { realSyncFileSystem, type SyncFileSystem } from "./sim-fs.ts";

type Step = (fs: SyncFileSystem, root: string) => unknown;

const steps: ReadonlyArray<readonly [string, Step]> = [
  ["mkdir a dir", (fs, r) => fs.mkdir(`${r}/real`)],
  ["mkdir it again", (fs, r) => fs.mkdir(`${r}/real`)],
  ["mkdir under a missing parent", (fs, r) => fs.mkdir(`${r}/missing/x`)],
  ["mkdir -p a nested dir", (fs, r) => fs.mkdir(`${r}/deep/er/est`, { recursive: true })],
  ["mkdir -p an existing dir", (fs, r) => fs.mkdir(`${r}/deep/er`, { recursive: true })],
  ["symlink a dir", (fs, r) => fs.symlink(`${r}/real`, `${r}/alias`)],
  ["symlink over an existing name", (fs, r) => fs.symlink(`${r}/real`, `${r}/alias`)],
  ["relative symlink to a dir", (fs, r) => fs.symlink("real", `${r}/rel`)],
  ["write through the alias", (fs, r) => fs.writeFile(`${r}/alias/t.jsonl`, "one\n")],
  ["append through the relative alias", (fs, r) => fs.appendFile(`${r}/rel/t.jsonl`, "two\n")],
  ["read the real path", (fs, r) => fs.readFile(`${r}/real/t.jsonl`)],
  ["realpath through the alias", (fs, r) => fs.realpath(`${r}/alias/t.jsonl`)],
  ["realpath of a missing file under the alias", (fs, r) => fs.realpath(`${r}/alias/nope.jsonl`)],
  ["realpath of the alias dir", (fs, r) => fs.realpath(`${r}/rel`)],
  ["stat size", (fs, r) => fs.stat(`${r}/alias/t.jsonl`).size],
  ["stat kind", (fs, r) => [fs.stat(`${r}/alias`).isDirectory, fs.lstat(`${r}/alias`).isSymbolicLink, fs.lstat(`${r}/alias`).isDirectory]],
  ["stat missing", (fs, r) => fs.stat(`${r}/none`)],
  ["open wx a new file", (fs, r) => fs.createExclusive(`${r}/real/t.jsonl.lock`, "{\"pid\":1}")],
  ["open wx an existing file", (fs, r) => fs.createExclusive(`${r}/alias/t.jsonl.lock`, "x")],
  ["symlink a file", (fs, r) => fs.symlink(`${r}/real/t.jsonl`, `${r}/link.jsonl`)],
  ["dangling symlink", (fs, r) => fs.symlink(`${r}/real/later.jsonl`, `${r}/dangling.jsonl`)],
  ["open wx a dangling symlink", (fs, r) => fs.createExclusive(`${r}/dangling.jsonl`, "x")],
  ["stat a dangling symlink", (fs, r) => fs.stat(`${r}/dangling.jsonl`)],
  ["realpath a dangling symlink", (fs, r) => fs.realpath(`${r}/dangling.jsonl`)],
  ["write through a dangling symlink creates its target", (fs, r) => (fs.writeFile(`${r}/dangling.jsonl`, "made"), fs.readFile(`${r}/real/later.jsonl`))],
  ["append through a file symlink", (fs, r) => (fs.appendFile(`${r}/link.jsonl`, "three\n"), fs.readFile(`${r}/real/t.jsonl`))],
  ["read a dir", (fs, r) => fs.readFile(`${r}/real`)],
  ["write a dir", (fs, r) => fs.writeFile(`${r}/real`, "x")],
  ["a file as a directory", (fs, r) => fs.readFile(`${r}/real/t.jsonl/x`)],
  ["readdir sorted", (fs, r) => fs.readdir(`${r}/alias`)],
  ["readdir a file", (fs, r) => fs.readdir(`${r}/real/t.jsonl`)],
  ["unlink a symlink keeps its target", (fs, r) => (fs.unlink(`${r}/link.jsonl`), fs.readFile(`${r}/real/t.jsonl`))],
  ["unlink a missing file", (fs, r) => fs.unlink(`${r}/real/nope`)],
  ["unlink a dir", (fs, r) => fs.unlink(`${r}/deep`)],
  ["rename a lock aside", (fs, r) => (fs.rename(`${r}/real/t.jsonl.lock`, `${r}/real/t.jsonl.lock.aside`), fs.readdir(`${r}/real`))],
  ["rename a missing file", (fs, r) => fs.rename(`${r}/real/t.jsonl.lock`, `${r}/real/x`)],
  ["rename over an existing file replaces it", (fs, r) => (fs.rename(`${r}/real/t.jsonl.lock.aside`, `${r}/real/later.jsonl`), fs.readFile(`${r}/real/later.jsonl`))],
  ["rename a file onto a dir", (fs, r) => fs.rename(`${r}/real/later.jsonl`, `${r}/deep`)],
  ["rename a dir onto a file", (fs, r) => fs.rename(`${r}/deep`, `${r}/real/later.jsonl`)],
  ["rename a dir onto a non-empty dir", (fs, r) => (fs.mkdir(`${r}/empty`), fs.rename(`${r}/empty`, `${r}/deep`))],
  ["rename a dir into itself", (fs, r) => fs.rename(`${r}/deep`, `${r}/deep/er/inside`)],
  ["rename a symlink moves the link", (fs, r) => (fs.rename(`${r}/rel`, `${r}/rel2`), [fs.lstat(`${r}/rel2`).isSymbolicLink, fs.readdir(`${r}/rel2`)])],
  ["a symlink loop", (fs, r) => (fs.symlink(`${r}/loop-b`, `${r}/loop-a`), fs.symlink(`${r}/loop-a`, `${r}/loop-b`), fs.readFile(`${r}/loop-a`))],
  ["a loop as a directory", (fs, r) => fs.mkdir(`${r}/loop-a/x`)],
  ["the tree at the end", (fs, r) => fs.readdir(r)],
];

function outcome(step: Step, fs: SyncFileSystem, root: string): unknown {
  const alias = (text: string): string => text.split(root).join("<root>");
  try {
    const value = step(fs, root);
    return { ok: typeof value === "string" ? alias(value) : typeof value === "bigint" ? value.toString() : (JSON.parse(alias(JSON.stringify(value ?? null))) as unknown) };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return { code: e.code, message: alias(e.message ?? "") };
  }
}

const realRoot = realpathSync(mkdtempSync(join(tmpdir(), "clp-memfs-diff-")));
afterAll(() => rmSync(realRoot, { recursive: true, force: true }));

describe("MemoryFs agrees with real files", () => {
  const memory = new MemoryFs({ nowMs: () => 0 });
  memory.mkdir("/tmp/clp-memfs-diff", { recursive: true });
  for (const [name, step] of steps) {
    it(name, () => {
      expect(outcome(step, memory, "/tmp/clp-memfs-diff")).toEqual(outcome(step, realSyncFileSystem, realRoot));
    });
  }
});

describe("MemoryFs stamps", () => {
  it("gives every change a new mtime/ctime at one virtual instant, and a rename keeps the inode", () => {
    const fs = new MemoryFs({ nowMs: () => 1_000 });
    fs.writeFile("/f", "a");
    const before = fs.stat("/f");
    fs.appendFile("/f", "b");
    const after = fs.stat("/f");
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeNs).toBeGreaterThan(before.mtimeNs);
    expect(after.size).toBe(2n);
    fs.rename("/f", "/g");
    const moved = fs.stat("/g");
    expect(moved.ino).toBe(before.ino);
    expect(moved.ctimeNs).toBeGreaterThan(after.ctimeNs);
    fs.createExclusive("/h", "x");
    expect(fs.stat("/h").ino).not.toBe(before.ino);
  });

  it("rejects relative paths", () => {
    expect(() => new MemoryFs({ nowMs: () => 0 }).stat("rel")).toThrow(/EINVAL/);
  });
});
