/**
 * A scripted app-server FakeProgram for the turn and broker stories: it answers the handshake,
 * `thread/start` and `turn/start`, then plays a fixed list of turn notifications and ends the way
 * the script says (exit with a code, crash with a signal, or stay up). `turn/interrupt` answers
 * `{}`, then status idle and `turn/completed interrupted`. stdin EOF and SIGTERM exit 0 with no
 * terminal notification, like codex 0.169.0. Used where the general fake app-server's fault
 * vocabulary has no word for the story: sub-agent turns (`collabAgentToolCall` and turns on
 * receiver threads).
 */
import type { FakeProcessIO, FakeProgram } from "../../fakes/process/sim-spawner.ts";

export const THREAD_ID = "thr-root";
export const TURN_ID = "turn-1";

export interface ScriptStep {
  readonly method: string;
  readonly params: Record<string, unknown>;
}

export type ScriptEnd =
  | { readonly kind: "exit"; readonly code: number }
  | { readonly kind: "crash"; readonly signal: string }
  | { readonly kind: "stay" };

export interface TurnScript {
  /** Played after the `turn/start` response, one per virtual `stepMs`. */
  readonly steps: readonly ScriptStep[];
  readonly end: ScriptEnd;
  readonly stepMs?: number;
  /** Called when the scripted end fires mid-turn (scenarios turn it into a probe). */
  readonly onEnd?: (end: ScriptEnd) => void;
}

const inTurn = (extra: Record<string, unknown>): Record<string, unknown> => ({ threadId: THREAD_ID, turnId: TURN_ID, ...extra });

/** Notification builders for the scripts, in the shapes of codex 0.169.0. */
export const step = {
  turnStarted: (threadId = THREAD_ID, turnId = TURN_ID): ScriptStep => ({
    method: "turn/started",
    params: { threadId, turn: { id: turnId, items: [], status: "inProgress", error: null } },
  }),
  agentMessage: (phase: "commentary" | "final_answer", text: string): ScriptStep => ({
    method: "item/completed",
    params: inTurn({ item: { type: "agentMessage", id: `msg-${phase}`, text, phase } }),
  }),
  collab: (lifecycle: "started" | "completed", receiverThreadId: string): ScriptStep => ({
    method: `item/${lifecycle}`,
    params: inTurn({ item: { type: "collabAgentToolCall", id: "collab-1", receiverThreadIds: [receiverThreadId] } }),
  }),
  turnCompleted: (status: string, threadId = THREAD_ID, turnId = TURN_ID): ScriptStep => ({
    method: "turn/completed",
    params: { threadId, turn: { id: turnId, items: [], itemsView: "summary", status, error: null } },
  }),
};

function reply(io: FakeProcessIO, id: unknown, result: unknown): void {
  io.writeStdout(JSON.stringify({ id, result }));
}

function notify(io: FakeProcessIO, method: string, params: unknown): void {
  io.writeStdout(JSON.stringify({ method, params, emittedAtMs: io.world.clock.nowMs() }));
}

function playTurn(io: FakeProcessIO, script: TurnScript): void {
  const stepMs = script.stepMs ?? 10;
  script.steps.forEach((s, index) => {
    io.world.clock.setTimer(stepMs * (index + 1), () => io.isAlive && notify(io, s.method, s.params), { label: `script step ${s.method}` });
  });
  io.world.clock.setTimer(stepMs * (script.steps.length + 1), () => finish(io, script), { label: "script end" });
}

function finish(io: FakeProcessIO, script: TurnScript): void {
  if (!io.isAlive || script.end.kind === "stay") return;
  script.onEnd?.(script.end);
  if (script.end.kind === "exit") io.exit({ code: script.end.code, signal: null });
  else io.exit({ code: null, signal: script.end.signal });
}

function handle(io: FakeProcessIO, script: TurnScript, line: string): void {
  let msg: { id?: unknown; method?: unknown; params?: unknown };
  try {
    msg = JSON.parse(line) as typeof msg;
  } catch {
    return; // the real server ignores malformed lines
  }
  if (msg.id === undefined || typeof msg.method !== "string") return;
  switch (msg.method) {
    case "initialize":
      return reply(io, msg.id, { userAgent: "scripted-app-server/0.169.0" });
    case "thread/start":
      return reply(io, msg.id, { thread: { id: THREAD_ID } });
    case "turn/start":
      reply(io, msg.id, { turn: { id: TURN_ID, items: [], itemsView: "notLoaded", status: "inProgress", error: null } });
      return playTurn(io, script);
    case "turn/interrupt":
      reply(io, msg.id, {});
      notify(io, "thread/status/changed", { threadId: THREAD_ID, status: { type: "idle" } });
      return notify(io, step.turnCompleted("interrupted").method, step.turnCompleted("interrupted").params);
    default:
      io.writeStdout(JSON.stringify({ id: msg.id, error: { code: -32600, message: `Invalid request: unknown variant \`${msg.method}\`` } }));
  }
}

export function scriptedAppServer(script: TurnScript): FakeProgram {
  return (io) => {
    let buffer = "";
    io.onStdin((chunk) => {
      buffer += chunk;
      for (let nl = buffer.indexOf("\n"); nl !== -1; nl = buffer.indexOf("\n")) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.trim() !== "") handle(io, script, line);
      }
    });
    io.onStdinEnd(() => io.exit({ code: 0, signal: null }));
    io.onSignal(() => io.exit({ code: 0, signal: null }));
  };
}
