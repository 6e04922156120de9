import { describe, expect, it } from "vitest";
import type { ProcessExit } from "../../src/runtime/process.ts";
import type { FakeCodexScript } from "../app-server/script.ts";
import { createTestWorld } from "../app-server/testkit.ts";
import { parseExecArgs } from "./args.ts";
import { runExecJson } from "./engine.ts";
import { memoryThreadStore, type ExecThreadStore } from "./store.ts";

const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function exec(argv: string[], options: { script?: FakeCodexScript; store?: ExecThreadStore; prompt?: string; signalAfter?: string } = {}) {
  const world = createTestWorld({ drain });
  const lines: string[] = [];
  const stderr: string[] = [];
  let exit: ProcessExit | undefined;
  const run = runExecJson({
    args: parseExecArgs(["--experimental-json", "--skip-git-repo-check", ...argv]),
    world,
    script: options.script ?? {},
    store: options.store ?? memoryThreadStore(),
    codexHome: "/home/fake/.codex",
    cwd: "/w",
    readStdin: () => Promise.resolve(options.prompt ?? "hi"),
    host: {
      writeStdout(line) {
        lines.push(line);
        if (options.signalAfter !== undefined && line === '{"type":"turn.started"}') world.post("test", "signal", () => run.handleSignal(options.signalAfter ?? ""));
      },
      writeStderr: (text) => void stderr.push(text),
      exit: (e) => void (exit = e),
    },
  });
  await world.run();
  const types = lines.map((l) => {
    try {
      return String((JSON.parse(l) as { type: unknown }).type);
    } catch {
      return `<malformed ${l}>`;
    }
  });
  return { lines, types, stderr: stderr.join(""), exit, world };
}

describe("runExecJson", () => {
  it("runs one healthy turn: thread.started, turn.started, the answer, turn.completed, exit 0", async () => {
    const r = await exec([]);
    expect(r.types).toEqual(["thread.started", "turn.started", "item.completed", "turn.completed"]);
    expect(JSON.parse(r.lines[2] ?? "")).toEqual({ type: "item.completed", item: { id: "item_0", type: "agent_message", text: "Done." } });
    expect(r.exit).toEqual({ code: 0, signal: null });
    expect(r.stderr).toBe("Reading prompt from stdin...\n");
  });

  it("fails a 401 turn with error + turn.failed and exits 1", async () => {
    const r = await exec([], { script: { model: { turns: [{ http: { status: 401 } }] } } });
    expect(r.types).toEqual(["thread.started", "turn.started", "error", "turn.failed"]);
    expect(r.exit).toEqual({ code: 1, signal: null });
  });

  it("resumes a persisted thread in a later run, with the thread's next model turn and its running usage", async () => {
    const store = memoryThreadStore();
    const script: FakeCodexScript = { model: { turns: [{ output: [{ type: "message", deltas: ["one"] }] }, { output: [{ type: "message", deltas: ["two"] }] }] } };
    const first = await exec([], { store, script });
    const threadId = (JSON.parse(first.lines[0] ?? "") as { thread_id: string }).thread_id;
    const second = await exec(["resume", threadId], { store, script });
    expect(JSON.parse(second.lines[0] ?? "")).toEqual({ type: "thread.started", thread_id: threadId });
    expect(JSON.parse(second.lines[2] ?? "")).toMatchObject({ item: { text: "two" } });
    expect(JSON.parse(second.lines[3] ?? "")).toMatchObject({ usage: { input_tokens: 2400, output_tokens: 80 } });
  });

  it("refuses an unknown thread as the real binary does: stderr reason, no event, exit 1", async () => {
    const r = await exec(["resume", "01a233f3-37ad-7a73-aeae-5168e41cb904"]);
    expect(r.lines).toEqual([]);
    expect(r.stderr).toContain("Error: thread/resume: thread/resume failed: no rollout found for thread id 01a233f3-37ad-7a73-aeae-5168e41cb904 (code -32600)");
    expect(r.exit).toEqual({ code: 1, signal: null });
  });

  it("does not persist an --ephemeral thread", async () => {
    const store = memoryThreadStore();
    const first = await exec(["--ephemeral"], { store });
    const threadId = (JSON.parse(first.lines[0] ?? "") as { thread_id: string }).thread_id;
    expect(store.load(threadId)).toBeUndefined();
  });

  it("fires afterEvent rules: exit with a signal, malformed line, stall", async () => {
    const kill = await exec([], { script: { rules: [{ when: { afterEvent: 1, event: "turn.started" }, action: { kind: "exit", signal: "SIGKILL" } }] } });
    expect(kill.types).toEqual(["thread.started", "turn.started"]);
    expect(kill.exit).toEqual({ code: null, signal: "SIGKILL" });
    const bad = await exec([], { script: { rules: [{ when: { afterEvent: 2 }, action: { kind: "malformed" } }] } });
    expect(bad.types.slice(0, 3)).toEqual(["thread.started", "turn.started", '<malformed {"type":"turn.completed","usage":{"input_tokens":>']);
    const stall = await exec([], { script: { rules: [{ when: { afterEvent: 2 }, action: { kind: "stall" } }] } });
    expect(stall.types).toEqual(["thread.started", "turn.started"]);
    expect(stall.exit).toBeUndefined();
  });

  it("applies app-server rules too (afterNotification exit) and a stalled model ends at the script's idle timeout", async () => {
    const r = await exec([], {
      script: {
        provider: { streamIdleTimeoutMs: 1500 },
        model: { turns: [{ output: [{ type: "message", deltas: ["x"], done: false }], end: "stall" }] },
      },
    });
    expect(r.types).toEqual(["thread.started", "turn.started", "error", "turn.failed"]);
    expect(r.lines[3]).toContain("idle timeout waiting for SSE");
    expect(r.world.elapsedMs()).toBe(1500);
  });

  it("SIGINT mid-turn exits 1 with nothing more; SIGTERM dies by the signal", async () => {
    const stall: FakeCodexScript = { model: { turns: [{ output: [], end: "stall" }] }, provider: { streamIdleTimeoutMs: null } };
    const int = await exec([], { script: stall, signalAfter: "SIGINT" });
    expect(int.types).toEqual(["thread.started", "turn.started"]);
    expect(int.exit).toEqual({ code: 1, signal: null });
    const term = await exec([], { script: stall, signalAfter: "SIGTERM" });
    expect(term.exit).toEqual({ code: null, signal: "SIGTERM" });
  });

  it("refuses to run outside a git repository without --skip-git-repo-check, and without --json", async () => {
    const world = createTestWorld({ drain });
    const exits: ProcessExit[] = [];
    const stderr: string[] = [];
    const host = { writeStdout: () => {}, writeStderr: (t: string) => void stderr.push(t), exit: (e: ProcessExit) => void exits.push(e) };
    const base = { world, store: memoryThreadStore(), codexHome: "/h", cwd: "/w", readStdin: () => Promise.resolve("hi"), host };
    runExecJson({ ...base, args: parseExecArgs(["--json"]), isGitRepo: () => false });
    runExecJson({ ...base, args: parseExecArgs(["--skip-git-repo-check"]) });
    await world.run();
    expect(exits).toEqual([{ code: 1, signal: null }, { code: 1, signal: null }]);
    expect(stderr.join("")).toContain("Not inside a trusted directory and --skip-git-repo-check was not specified.");
    expect(stderr.join("")).toContain("pass --json or --experimental-json");
  });
});
