import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { nodeFileSystem as fs } from "./node-fs.ts";

describe("the real file system port", () => {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "clp-node-fs-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("creates nested folders only when asked to be recursive", async () => {
    await expect(fs.mkdir(join(dir, "a", "b"))).rejects.toMatchObject({ code: "ENOENT" });
    await fs.mkdir(join(dir, "a", "b"), { recursive: true });
    expect((await fs.stat(join(dir, "a", "b"))).isDirectory).toBe(true);
    await expect(fs.mkdir(join(dir, "a"))).rejects.toMatchObject({ code: "EEXIST" });
  });

  it("writes, appends, renames, links and removes files", async () => {
    const file = join(dir, "f.txt");
    await fs.createExclusive(file, "one\n");
    await expect(fs.createExclusive(file, "again")).rejects.toMatchObject({ code: "EEXIST" });
    await fs.appendFile(file, "two\n");
    expect(await fs.readFile(file)).toBe("one\ntwo\n");
    const stat = await fs.stat(file);
    expect(stat).toMatchObject({ size: 8n, isFile: true, isDirectory: false, isSymbolicLink: false });
    await fs.symlink(file, join(dir, "link"));
    expect((await fs.lstat(join(dir, "link"))).isSymbolicLink).toBe(true);
    expect(await fs.realpath(join(dir, "link"))).toBe(await fs.realpath(file));
    await fs.rename(file, join(dir, "g.txt"));
    await fs.writeFile(join(dir, "g.txt"), "over");
    expect(await fs.readFile(join(dir, "g.txt"))).toBe("over");
    expect((await fs.readdir(dir)).sort()).toEqual(["g.txt", "link"]);
    await fs.unlink(join(dir, "g.txt"));
    expect(await fs.readdir(dir)).toEqual(["link"]);
  });

  it.runIf(existsSync("/proc/self/fd"))("closes the file it creates exclusively", async () => {
    /** Descriptors of this process open on `path`. */
    const openOn = (path: string): string[] =>
      readdirSync("/proc/self/fd").filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === path;
        } catch {
          return false;
        }
      });
    const file = join(dir, "once.txt");
    await fs.createExclusive(file, "content");
    expect(await fs.readFile(file)).toBe("content");
    expect(openOn(file)).toEqual([]);
  });
});
