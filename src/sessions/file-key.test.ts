import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { nodeFileSystem } from "../runtime/node-fs.ts";
import { rawSessionFileKey, resolveSessionFileKey } from "./file-key.ts";

describe("resolveSessionFileKey", () => {
  let root = "";
  beforeEach(async () => {
    root = await realpath(await mkdtemp(join(tmpdir(), "sessions-key-")));
    await mkdir(join(root, "real"));
    await writeFile(join(root, "real", "s.jsonl"), "");
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("collapses a symlinked transcript file onto its target", async () => {
    await symlink(join(root, "real", "s.jsonl"), join(root, "link.jsonl"));
    const key = await resolveSessionFileKey(nodeFileSystem, join(root, "link.jsonl"));
    expect(key).toBe(join(root, "real", "s.jsonl"));
  });

  it("collapses a transcript reached through a symlinked directory", async () => {
    await symlink(join(root, "real"), join(root, "alias"));
    const key = await resolveSessionFileKey(nodeFileSystem, join(root, "alias", "s.jsonl"));
    expect(key).toBe(join(root, "real", "s.jsonl"));
  });

  it("realpaths the parent of a transcript that does not exist yet", async () => {
    await symlink(join(root, "real"), join(root, "alias"));
    const key = await resolveSessionFileKey(nodeFileSystem, join(root, "alias", "new.jsonl"));
    expect(key).toBe(join(root, "real", "new.jsonl"));
  });

  it("falls back to the resolved path when neither file nor parent exists", async () => {
    const key = await resolveSessionFileKey(nodeFileSystem, join(root, "gone", "..", "gone", "x.jsonl"));
    expect(key).toBe(join(root, "gone", "x.jsonl"));
  });

  it("raw keys keep the symlink path, so they differ from the canonical key", async () => {
    await symlink(join(root, "real", "s.jsonl"), join(root, "link.jsonl"));
    expect(await rawSessionFileKey(nodeFileSystem, join(root, "link.jsonl"))).toBe(join(root, "link.jsonl"));
  });
});
