import { describe, expect, it } from "vitest";
import { createManualClock } from "../jsonrpc/testing.ts";
import type { ChildProcessHandle, ProcessExit, ProcessSpawner } from "../runtime/process.ts";
import { RUN_TURN_USAGE, runOneTurn, runTurnCommand } from "./run-one-turn.ts";

interface CodexIo {
  notify(method: string, params: Record<string, unknown>): void;
  exit(exit: ProcessExit): void;
}

/** A scripted `codex app-server` child: answers the handshake and thread/start, then runs `onTurn`. */
function scriptedCodex(onTurn: (io: CodexIo) => void, options: { spawnError?: string; ignoreStdinEnd?: boolean } = {}) {
  const spawned: Array<{ command: string; args: readonly string[] }> = [];
  const spawnOptions: unknown[] = [];
  const requests: Array<{ method: string | undefined; params: unknown }> = [];
  const state = { stdinEnded: false, exit: undefined as ProcessExit | undefined, kills: [] as string[] };
  const spawner: ProcessSpawner = {
    spawn(command, args, spawnOpts) {
      spawned.push({ command, args });
      spawnOptions.push(spawnOpts);
      const stdout: Array<(chunk: string) => void> = [];
      const errors: Array<(error: Error & { code?: string }) => void> = [];
      let settle!: (exit: ProcessExit) => void;
      const exited = new Promise<ProcessExit>((resolve) => (settle = resolve));
      const send = (message: object): void => queueMicrotask(() => stdout.forEach((h) => h(`${JSON.stringify(message)}\n`)));
      const io: CodexIo = {
        notify: (method, params) => send({ method, params }),
        exit: (exit) => {
          if (state.exit !== undefined) return;
          state.exit = exit;
          queueMicrotask(() => settle(exit));
        },
      };
      const answer = (line: string): void => {
        const message = JSON.parse(line) as { id?: number; method?: string; params?: unknown };
        if (message.id === undefined) return;
        requests.push({ method: message.method, params: message.params });
        if (message.method === "initialize") send({ id: message.id, result: { userAgent: "scripted/0.169.0" } });
        if (message.method === "thread/start") send({ id: message.id, result: { thread: { id: "thr-1" } } });
        if (message.method === "turn/start") {
          send({ id: message.id, result: { turn: { id: "turn-1", status: "inProgress", items: [] } } });
          queueMicrotask(() => onTurn(io));
        }
      };
      if (options.spawnError !== undefined) {
        const error = Object.assign(new Error(`spawn ${command} ${options.spawnError}`), { code: options.spawnError });
        queueMicrotask(() => {
          errors.forEach((h) => h(error));
          io.exit({ code: -2, signal: null });
        });
      }
      const handle: ChildProcessHandle = {
        pid: 4242,
        write: (chunk) => chunk.split("\n").filter((l) => l !== "").forEach(answer),
        endInput: () => {
          state.stdinEnded = true;
          if (options.ignoreStdinEnd !== true) io.exit({ code: 0, signal: null });
        },
        onStdout: (h) => void stdout.push(h),
        onStderr: () => {},
        onError: (h) => void errors.push(h),
        kill: (signal) => {
          state.kills.push(signal ?? "SIGTERM");
          // A stubborn app-server (ignoreStdinEnd) also ignores SIGTERM; nothing ignores SIGKILL.
          if (options.ignoreStdinEnd !== true || signal === "SIGKILL") io.exit({ code: null, signal: signal ?? "SIGTERM" });
        },
        exited,
      };
      return handle;
    },
  };
  return { spawner, spawned, spawnOptions, requests, state };
}

const agentMessage = (phase: string, text: string) => ({ threadId: "thr-1", turnId: "turn-1", item: { type: "agentMessage", id: `msg-${phase}`, text, phase } });

async function run(spawner: ProcessSpawner) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runOneTurn({ prompt: "What is the answer?", spawner, clock: createManualClock(), out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe("runOneTurn", () => {
  it("prints the final answer, closes the app-server and returns 0 when the turn completes", async () => {
    const codex = scriptedCodex((io) => {
      io.notify("item/completed", agentMessage("final_answer", "The answer is 42."));
      io.notify("turn/completed", { threadId: "thr-1", turn: { id: "turn-1", status: "completed", items: [] } });
    });

    const result = await run(codex.spawner);

    expect(result).toEqual({ code: 0, out: ["The answer is 42."], err: [] });
    expect(codex.spawned).toEqual([{ command: "codex", args: ["app-server"] }]);
    expect(codex.state.stdinEnded).toBe(true);
  });

  it("returns 1 and says the app-server disconnected when it exits mid-turn", async () => {
    const codex = scriptedCodex((io) => {
      io.notify("item/completed", agentMessage("commentary", "Looking at the files..."));
      queueMicrotask(() => io.exit({ code: 0, signal: null }));
    });

    const result = await run(codex.spawner);

    expect(result.code).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err).toEqual(["assistant (commentary): Looking at the files...", "turn failed: codex app-server disconnected before the turn completed"]);
  });

  it("returns 1 with the exit in the message when the app-server crashes mid-turn", async () => {
    const codex = scriptedCodex((io) => io.exit({ code: null, signal: "SIGKILL" }));

    const result = await run(codex.spawner);

    expect(result.code).toBe(1);
    expect(result.err).toEqual(["turn failed: codex app-server exited: code=null signal=SIGKILL"]);
  });

  it("returns 1 with the reason when codex cannot be started", async () => {
    const codex = scriptedCodex(() => {}, { spawnError: "ENOENT" });

    const result = await run(codex.spawner);

    expect(result.code).toBe(1);
    expect(result.err).toEqual(["run-turn failed: spawn codex ENOENT"]);
  });

  it("runs app-server and thread in the given cwd, names phase-less progress a message, and traces through emit", async () => {
    const codex = scriptedCodex((io) => {
      io.notify("item/completed", { threadId: "thr-1", turnId: "turn-1", item: { type: "agentMessage", id: "msg-1", text: "working" } });
      io.notify("turn/completed", { threadId: "thr-1", turn: { id: "turn-1", status: "failed", items: [] } });
    });
    const out: string[] = [];
    const err: string[] = [];
    const events: string[] = [];
    const code = await runOneTurn({
      prompt: "What is the answer?",
      spawner: codex.spawner,
      clock: createManualClock(),
      cwd: "/work/project",
      emit: (e) => events.push(e.kind),
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    expect({ code, out, err }).toEqual({ code: 1, out: [], err: ["assistant (message): working", "turn failed: no error reported"] });
    expect(codex.spawnOptions).toEqual([{ cwd: "/work/project" }]);
    expect(codex.requests.find((r) => r.method === "thread/start")?.params).toEqual({ approvalPolicy: "never", sandbox: "read-only", ephemeral: true, cwd: "/work/project" });
    // The client's own events and the turn capture's both reach the sink.
    expect(events).toEqual(expect.arrayContaining(["codex-client.start", "turn.capture.completed"]));
  });

  it("passes no cwd when none is given, and prints an empty line for a completed turn without a final answer", async () => {
    const codex = scriptedCodex((io) => io.notify("turn/completed", { threadId: "thr-1", turn: { id: "turn-1", status: "completed", items: [] } }));
    const result = await run(codex.spawner);
    expect(codex.spawnOptions).toEqual([{}]);
    expect(codex.requests.find((r) => r.method === "thread/start")?.params).toEqual({ approvalPolicy: "never", sandbox: "read-only", ephemeral: true });
    expect(result).toEqual({ code: 0, out: [""], err: [] });
  });

  it("sends the prompt as the turn's only text input", async () => {
    const codex = scriptedCodex((io) => io.notify("turn/completed", { threadId: "thr-1", turn: { id: "turn-1", status: "completed", items: [] } }));
    await run(codex.spawner);
    expect(codex.requests.find((r) => r.method === "turn/start")?.params).toEqual({
      threadId: "thr-1",
      input: [{ type: "text", text: "What is the answer?", text_elements: [] }],
    });
  });

  it("SIGKILLs an app-server that ignores stdin EOF and SIGTERM once the exit timeout after the close passes", async () => {
    for (const exitTimeoutMs of [undefined, 5_000]) {
      const codex = scriptedCodex((io) => io.notify("turn/completed", { threadId: "thr-1", turn: { id: "turn-1", status: "completed", items: [] } }), { ignoreStdinEnd: true });
      const clock = createManualClock();
      let code: number | undefined;
      const done = runOneTurn({ prompt: "p", spawner: codex.spawner, clock, out: () => {}, err: () => {}, ...(exitTimeoutMs === undefined ? {} : { exitTimeoutMs }) }).then((c) => (code = c));
      while (!codex.state.stdinEnded) await new Promise((resolve) => setTimeout(resolve, 0));
      clock.advance((exitTimeoutMs ?? 2_000) - 1);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect({ code, kills: codex.state.kills }).toEqual({ code: undefined, kills: ["SIGTERM"] });
      clock.advance(1);
      await done;
      expect({ code, kills: codex.state.kills }).toEqual({ code: 0, kills: ["SIGTERM", "SIGKILL"] });
    }
  });
});

describe("runTurnCommand", () => {
  it("joins the arguments into the prompt, trimmed", async () => {
    const codex = scriptedCodex((io) => io.notify("turn/completed", { threadId: "thr-1", turn: { id: "turn-1", status: "completed", items: [] } }));
    const code = await runTurnCommand([" What is", "the answer? "], { spawner: codex.spawner, clock: createManualClock(), out: () => {}, err: () => {} });
    expect(code).toBe(0);
    expect(codex.requests.find((r) => r.method === "turn/start")?.params).toMatchObject({ input: [{ type: "text", text: "What is the answer?" }] });
  });

  it("is a usage error (exit 2, nothing spawned) without a prompt", async () => {
    for (const argv of [[], ["  ", ""]]) {
      const codex = scriptedCodex(() => {});
      const err: string[] = [];
      const code = await runTurnCommand(argv, { spawner: codex.spawner, clock: createManualClock(), out: () => {}, err: (l) => err.push(l) });
      expect({ code, err, spawned: codex.spawned }).toEqual({ code: 2, err: ['usage: run-turn "<prompt>"'], spawned: [] });
      expect(RUN_TURN_USAGE).toBe(err[0]);
    }
  });
});
