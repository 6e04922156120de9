import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createInterruptController, emergencyCleanup } from "./interrupt.ts";

describe("Ctrl-C", () => {
  it("counts a relayed copy of the first SIGINT once, and forces on a later one", () => {
    const seen: string[] = [];
    const c = createInterruptController({ dedupeMs: 500, onGraceful: () => seen.push("graceful"), onForce: () => seen.push("force") });
    expect(c.interrupted()).toBe(false);
    expect(c.signal(1000)).toBe("graceful");
    expect(c.signal(1040)).toBe("duplicate"); // the group's copy relayed by pnpm/tsx
    expect(c.interrupted()).toBe(true);
    expect(c.signal(2000)).toBe("force");
    expect(seen).toEqual(["graceful", "force"]);
  });

  it("removes registered temp dirs on a forced exit, and refuses to signal a bogus group", () => {
    const dir = mkdtempSync(join(tmpdir(), "clp-blackbox-"));
    emergencyCleanup.addTempDir(dir);
    emergencyCleanup.addProcessGroup(-1);
    expect(emergencyCleanup.run()).toEqual({ groups: 1, tempDirs: 1 });
    expect(existsSync(dir)).toBe(false);
  });

  it("removes the temp file of an atomic write still under way, and keeps a finished write's file", () => {
    const dir = mkdtempSync(join(tmpdir(), "clp-interrupt-"));
    try {
      const pending = join(dir, "a.json.tmp-1");
      writeFileSync(pending, "{");
      emergencyCleanup.addTempFile(pending);
      const done = join(dir, "b.json.tmp-1");
      emergencyCleanup.addTempFile(done);
      emergencyCleanup.removeTempFile(done);
      writeFileSync(done, "{}");
      emergencyCleanup.addTempFile(join(dir, "never-created.tmp-1"));
      emergencyCleanup.run();
      expect(existsSync(pending)).toBe(false);
      expect(existsSync(done)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
