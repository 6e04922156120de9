import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { codexBinaryIn } from "./install.ts";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function cache(): string {
  const d = mkdtempSync(join(tmpdir(), "clp-install-test-"));
  dirs.push(d);
  return d;
}

function touch(path: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, "");
}

describe("codexBinaryIn", () => {
  it("finds nothing in an empty cache, so the lane installs", () => {
    expect(codexBinaryIn(cache())).toBeUndefined();
  });

  it("prefers the native binary of this platform over the JS launcher", () => {
    const dir = cache();
    const launcher = join(dir, "node_modules/@openai/codex/bin/codex.js");
    touch(launcher);
    expect(codexBinaryIn(dir)).toBe(launcher);
    if (process.platform === "linux" && process.arch === "x64") {
      const native = join(dir, "node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex");
      touch(native);
      expect(codexBinaryIn(dir)).toBe(native);
    }
  });
});
