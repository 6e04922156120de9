import { chmodSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nodeProcessSpawner } from "./node-process.ts";

const ECHO = `
process.stdin.setEncoding("utf8");
let input = "";
process.stdin.on("data", (c) => { input += c; });
process.stdin.on("end", () => {
  process.stdout.write(JSON.stringify({ input, args: process.argv.slice(1), cwd: process.cwd(), env: process.env.CLP_NODE_PROCESS_TEST ?? null }));
  process.stderr.write("to stderr");
});`;

describe("nodeProcessSpawner", () => {
  it("passes args, cwd and env, pipes stdin until endInput, and reads stdout and stderr", async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), "clp-node-process-")));
    try {
      const child = nodeProcessSpawner.spawn(process.execPath, ["-e", ECHO, "one", "two"], { cwd: dir, env: { ...process.env, CLP_NODE_PROCESS_TEST: "yes" } });
      const out: string[] = [];
      const err: string[] = [];
      const errors: string[] = [];
      child.onStdout((c) => out.push(c));
      child.onStderr((c) => err.push(c));
      child.onError((e) => errors.push(e.message));
      expect(child.pid).toBeTypeOf("number");
      child.write("hello ");
      child.write("world");
      child.endInput();
      child.write("after the end"); // dropped, not an error
      expect(await child.exited).toEqual({ code: 0, signal: null });
      expect(JSON.parse(out.join(""))).toEqual({ input: "hello world", args: ["one", "two"], cwd: dir, env: "yes" });
      expect(err.join("")).toBe("to stderr");
      expect(errors).toEqual([]);
      child.kill(); // after the exit: a no-op
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("ends a running child with SIGTERM by default, or the signal given", async () => {
    const hang = ["-e", "setInterval(() => {}, 1000)"];
    const a = nodeProcessSpawner.spawn(process.execPath, hang);
    const b = nodeProcessSpawner.spawn(process.execPath, hang);
    a.kill();
    b.kill("SIGKILL");
    expect(await a.exited).toEqual({ code: null, signal: "SIGTERM" });
    expect(await b.exited).toEqual({ code: null, signal: "SIGKILL" });
  });

  it("reports a write to a child that closed its stdin as an EPIPE stream error, not an uncaught one", async () => {
    // The child closes its stdin, says so, and ends itself after 5 s whatever happens.
    const script = `require("node:fs").closeSync(0); process.stdout.write("closed\\n"); setTimeout(() => {}, 5000);`;
    const child = nodeProcessSpawner.spawn(process.execPath, ["-e", script]);
    const errors: string[] = [];
    child.onError((e) => errors.push(e.code ?? e.message));
    try {
      const ready = await Promise.race([
        new Promise<boolean>((resolve) => child.onStdout((c) => c.includes("closed") && resolve(true))),
        child.exited.then(() => false),
      ]);
      expect(ready).toBe(true);
      const gotError = new Promise<boolean>((resolve) => child.onError(() => resolve(true)));
      child.write("x".repeat(256 * 1024));
      expect(await Promise.race([gotError, child.exited.then(() => false)])).toBe(true);
      expect(errors).toEqual(["EPIPE"]);
    } finally {
      child.kill("SIGKILL");
      await child.exited;
    }
  });

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
