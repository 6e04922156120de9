import { describe, expect, it } from "vitest";
import type { ChildProcessHandle, ProcessExit } from "../../src/runtime/process.ts";
import { createSimSpawner } from "../process/sim-spawner.ts";
import { fakeCodexProgram, FAKE_CODEX_VERSION } from "./program.ts";
import type { FakeCodexScript } from "./script.ts";
import { createTestWorld, type TestWorld } from "./testkit.ts";

const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function spawnCodex(world: TestWorld, script: FakeCodexScript = {}, args = ["app-server"]) {
  const spawner = createSimSpawner(world, { codex: fakeCodexProgram(script) });
  return { spawner, ...attach(spawner.spawn("codex", args)) };
}

function attach(child: ChildProcessHandle) {
  const lines: Array<Record<string, unknown>> = [];
  const errors: string[] = [];
  let exit: ProcessExit | undefined;
  child.onStdout((chunk) => chunk.split("\n").filter(Boolean).forEach((l) => lines.push(JSON.parse(l) as Record<string, unknown>)));
  child.onError((e) => errors.push(e.code ?? e.message));
  void child.exited.then((e) => (exit = e));
  return { child, lines, errors, exit: () => exit, send: (m: unknown) => child.write(`${JSON.stringify(m)}\n`) };
}

const init = { id: 0, method: "initialize", params: { clientInfo: { name: "p", version: "1" } } };

describe("fakeCodexProgram in the sim spawner", () => {
  it("prints the fake version for --version and exits 0", async () => {
    const world = createTestWorld({ drain });
    const spawner = createSimSpawner(world, { codex: fakeCodexProgram() });
    const child = spawner.spawn("codex", ["--version"]);
    let out = "";
    child.onStdout((c) => (out += c));
    await world.run();
    expect(out).toBe(`${FAKE_CODEX_VERSION}\n`);
    expect(await child.exited).toEqual({ code: 0, signal: null });
  });

  it("serves JSONL over stdio and exits 0 on stdin EOF", async () => {
    const world = createTestWorld({ drain });
    const p = spawnCodex(world);
    p.send(init);
    p.child.endInput();
    await world.run();
    expect(p.lines.map((l) => l["id"])).toEqual([0]);
    expect(p.exit()).toEqual({ code: 0, signal: null });
    expect(world.events.filter((e) => e.kind === "appserver.recv")).toEqual([{ kind: "appserver.recv", server: `codex:${p.child.pid}`, method: "initialize", id: 0 }]);
  });

  it("makes the client's next write fail with EPIPE after a closeStdin rule", async () => {
    const world = createTestWorld({ drain });
    const p = spawnCodex(world, { rules: [{ when: { method: "initialize" }, action: { kind: "closeStdin" } }] });
    p.send(init);
    await world.run();
    p.send({ id: 1, method: "account/read" });
    await world.run();
    expect(p.errors).toEqual(["EPIPE"]);
    expect(p.lines.map((l) => l["id"])).toEqual([0]);
  });

  it("is killed by SIGKILL and exits 0 on SIGTERM", async () => {
    const world = createTestWorld({ drain });
    const spawner = createSimSpawner(world, { codex: fakeCodexProgram() });
    const a = attach(spawner.spawn("codex", ["app-server"]));
    const b = attach(spawner.spawn("codex", ["app-server"]));
    await world.run();
    a.child.kill("SIGKILL");
    b.child.kill("SIGTERM");
    await world.run();
    expect(a.exit()).toEqual({ code: null, signal: "SIGKILL" });
    expect(b.exit()).toEqual({ code: 0, signal: null });
    expect(spawner.spawned).toHaveLength(2);
  });

  it("matches rules by spawn index and shares one scripted model across processes", async () => {
    const world = createTestWorld({ drain });
    const script: FakeCodexScript = {
      model: { turns: [{ http: { status: 401 } }, { output: [{ type: "message", phase: "final_answer", deltas: ["second"] }] }] },
      rules: [{ when: { process: 0, method: "account/read" }, action: { kind: "exit", code: 3 } }],
    };
    const spawner = createSimSpawner(world, { codex: fakeCodexProgram(script) });
    const results: Array<{ exit: ProcessExit | undefined; status: unknown }> = [];
    for (let i = 0; i < 2; i++) {
      const p = attach(spawner.spawn("codex", ["app-server"]));
      p.send(init);
      p.send({ id: 1, method: "thread/start", params: {} });
      await world.run();
      const threadId = (p.lines.find((l) => l["id"] === 1)?.["result"] as { thread: { id: string } }).thread.id;
      p.send({ id: 2, method: "turn/start", params: { threadId, input: [{ type: "text", text: "go" }] } });
      await world.run();
      p.send({ id: 3, method: "account/read" });
      await world.run();
      const completed = p.lines.find((l) => l["method"] === "turn/completed")?.["params"] as { turn: { status: string } };
      results.push({ exit: p.exit(), status: completed.turn.status });
    }
    expect(results).toEqual([
      { exit: { code: 3, signal: null }, status: "failed" },
      { exit: undefined, status: "completed" },
    ]);
  });

  it("reports login status from the script's auth, exiting 1 when logged out", async () => {
    const world = createTestWorld({ drain });
    const spawner = createSimSpawner(world, { in: fakeCodexProgram({ auth: "chatgpt" }), out: fakeCodexProgram({ auth: "none" }) });
    const results: Array<{ out: string; exit: ProcessExit }> = [];
    for (const command of ["in", "out"]) {
      const child = spawner.spawn(command, ["login", "status"]);
      let out = "";
      child.onStdout((c) => (out += c));
      await world.run();
      results.push({ out, exit: await child.exited });
    }
    expect(results).toEqual([
      { out: "Logged in using ChatGPT\n", exit: { code: 0, signal: null } },
      { out: "Not logged in\n", exit: { code: 1, signal: null } },
    ]);
  });

  it("exits 2 on an unknown subcommand", async () => {
    const world = createTestWorld({ drain });
    const p = spawnCodex(world, {}, ["frobnicate"]);
    await world.run();
    expect(p.exit()).toEqual({ code: 2, signal: null });
  });
});
