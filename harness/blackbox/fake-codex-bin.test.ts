import { execFile } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { installFakeCodex } from "./fake-codex-bin.ts";

describe("installFakeCodex", () => {
  it("writes an executable codex that runs the program with this node and passes every argument through", async () => {
    const dir = await mkdtemp(join(tmpdir(), "clp-blackbox-bin-"));
    try {
      const echoArgs = "console.log(JSON.stringify(process.argv.slice(1)))";
      const path = await installFakeCodex(dir, { label: "echo", nodeArgs: ["-e", echoArgs, "--", "it's quoted"] });

      const { stdout } = await promisify(execFile)(path, ["app-server", "a b"]);

      expect(path).toBe(join(dir, "codex"));
      expect((await stat(path)).mode & 0o111).toBe(0o111);
      expect(JSON.parse(stdout)).toEqual(["it's quoted", "app-server", "a b"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
