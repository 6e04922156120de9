import { describe, expect, it } from "vitest";
import type { FileStat, FileSystem } from "../runtime/fs.ts";
import { describeFenceMismatch, fingerprintFile, fingerprintsMatch, type FileFingerprint } from "./fence.ts";

const base: FileFingerprint = { exists: true, dev: 1n, ino: 2n, size: 10n, mtimeNs: 100n, ctimeNs: 200n };
const missing: FileFingerprint = { exists: false, dev: 0n, ino: 0n, size: 0n, mtimeNs: 0n, ctimeNs: 0n };

function statOnly(stat: (path: string) => Promise<FileStat>): FileSystem {
  return { stat } as unknown as FileSystem;
}

describe("the session-file fence", () => {
  it("fingerprints a file by its stat, and a missing file as missing", async () => {
    const stat: FileStat = { dev: 1n, ino: 2n, size: 10n, mtimeNs: 100n, ctimeNs: 200n, isFile: true, isDirectory: false, isSymbolicLink: false };
    expect(await fingerprintFile(statOnly(async () => stat), "/s.jsonl")).toEqual(base);
    const enoent = Object.assign(new Error("ENOENT: no such file"), { code: "ENOENT" });
    expect(await fingerprintFile(statOnly(async () => Promise.reject(enoent)), "/s.jsonl")).toEqual(missing);
  });

  it("rethrows any other stat failure", async () => {
    const eacces = Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
    await expect(fingerprintFile(statOnly(async () => Promise.reject(eacces)), "/s.jsonl")).rejects.toBe(eacces);
  });

  it("matches only an identical fingerprint", () => {
    expect(fingerprintsMatch(base, { ...base })).toBe(true);
    for (const change of [{ exists: false }, { dev: 9n }, { ino: 9n }, { size: 9n }, { mtimeNs: 9n }, { ctimeNs: 9n }]) {
      expect(fingerprintsMatch(base, { ...base, ...change }), JSON.stringify(Object.keys(change))).toBe(false);
    }
  });

  it("describes how the file moved", () => {
    expect(describeFenceMismatch(missing, base)).toBe("file appeared");
    expect(describeFenceMismatch(base, missing)).toBe("file disappeared");
    expect(describeFenceMismatch(base, { ...base, ino: 3n })).toBe("file replaced");
    expect(describeFenceMismatch(base, { ...base, dev: 3n })).toBe("file replaced");
    expect(describeFenceMismatch(base, { ...base, size: 12n })).toBe("size 10→12");
    expect(describeFenceMismatch(base, { ...base, mtimeNs: 101n })).toBe("file modified");
  });
});
