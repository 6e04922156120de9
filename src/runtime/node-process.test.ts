import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nodeProcessSpawner } from "./node-process.ts";

describe("nodeProcessSpawner", () => {
  it("leaves pid undefined when the command cannot be spawned (a bin without its executable bit), never -1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clp-node-process-"));
    try {
      const bin = join(dir, "codex");
      writeFileSync(bin, "#!/bin/sh\nexit 0\n");
      chmodSync(bin, 0o644);
      const errors: string[] = [];
      const child = nodeProcessSpawner.spawn(bin, ["app-server"]);
      child.onError((e) => errors.push(e.code ?? e.message));
      await child.exited;
      expect(child.pid).toBeUndefined();
      expect(errors).toContain("EACCES");
      child.kill("SIGKILL"); // must be a no-op, not kill(-1)
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
