import { chmod, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cacheDiskUse, ensurePackage, ensurePackages } from "./install.ts";

/** A stand-in `npm install --prefix DIR … name@version` that writes what npm would: the package and a lock. */
const FAKE_NPM = `#!/bin/sh
prefix=""; spec=""
while [ $# -gt 0 ]; do case "$1" in --prefix) prefix="$2"; shift 2;; --*) shift;; install) shift;; *) spec="$1"; shift;; esac; done
name="\${spec%@*}"; version="\${spec##*@}"
mkdir -p "$prefix/node_modules/$name"
echo "{\\"name\\":\\"$name\\",\\"version\\":\\"$version\\"}" > "$prefix/node_modules/$name/package.json"
echo "{\\"packages\\":{\\"\\":{},\\"node_modules/$name\\":{\\"version\\":\\"$version\\",\\"integrity\\":\\"$FAKE_NPM_INTEGRITY\\"}}}" > "$prefix/package-lock.json"
echo "$spec" >> "$FAKE_NPM_LOG"
`;

let dir: string;
let savedPath: string | undefined;
const log = (): void => {};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "clp-upstream-install-"));
  await writeFile(join(dir, "npm"), FAKE_NPM);
  await chmod(join(dir, "npm"), 0o755);
  savedPath = process.env["PATH"];
  process.env["PATH"] = `${dir}:${savedPath ?? ""}`;
  process.env["FAKE_NPM_INTEGRITY"] = "sha512-good";
  process.env["FAKE_NPM_LOG"] = join(dir, "npm.log");
});

afterEach(async () => {
  process.env["PATH"] = savedPath;
  delete process.env["FAKE_NPM_INTEGRITY"];
  delete process.env["FAKE_NPM_LOG"];
  await rm(dir, { recursive: true, force: true });
});

describe("ensurePackage", () => {
  it("installs into <name>@<version>, records a manifest, and serves the next call from the cache", async () => {
    const cacheDir = join(dir, "cache");
    const spec = { name: "pkg", version: "1.2.3", integrity: "sha512-good" };
    const first = await ensurePackage(spec, { cacheDir, log });
    expect(first.installedNow).toBe(true);
    expect(first.dir).toBe(join(cacheDir, "pkg@1.2.3"));
    expect(first.packageDir).toBe(join(cacheDir, "pkg@1.2.3", "node_modules", "pkg"));
    expect(first.lockSha256).toMatch(/^[0-9a-f]{64}$/);
    const second = await ensurePackage(spec, { cacheDir, log });
    expect(second.installedNow).toBe(false);
    expect((await cacheDiskUse(cacheDir)).installs).toBe(1);
  });

  it("refuses an install whose integrity differs from the pin, leaving nothing that looks installed", async () => {
    const cacheDir = join(dir, "cache");
    await expect(ensurePackage({ name: "pkg", version: "1.2.3", integrity: "sha512-other" }, { cacheDir, log })).rejects.toThrow(/the pin says sha512-other/);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it("installs one package once when asked for it concurrently", async () => {
    const cacheDir = join(dir, "cache");
    const spec = { name: "pkg", version: "1.2.3", integrity: "sha512-good" };
    const results = await ensurePackages([spec, spec, { ...spec, name: "other" }], { cacheDir, log, concurrency: 3 });
    expect(results.filter((r) => r.installedNow).map((r) => r.name).sort()).toEqual(["other", "pkg"]);
    expect((await cacheDiskUse(cacheDir)).installs).toBe(2);
  });
});
