/**
 * A minimal FakeWorld for unit tests of the fakes (the harness kernel may not be imported from
 * fakes/): FIFO deliveries, a virtual clock that jumps to the next timer when nothing is ready,
 * labelled random streams, and a recorded event list. The test passes how to yield to the event
 * loop (`drain`), because only test files may touch real timers.
 */
import type { Clock, TimerId } from "../../src/runtime/clock.ts";
import type { LifecycleEvent } from "../../src/runtime/events.ts";
import type { ProcessExit } from "../../src/runtime/process.ts";
import type { FakeWorld } from "../world.ts";
import type { ModelPort } from "./model.ts";
import type { FakeCodexScript } from "./script.ts";
import { seededRandom } from "./seeded-random.ts";
import { createFakeAppServer } from "./server.ts";

export interface TestWorld extends FakeWorld {
  readonly events: LifecycleEvent[];
  /** Runs deliveries and due timers until nothing is left, or virtual time would pass `maxVirtualMs`. */
  run(options?: { maxVirtualMs?: number }): Promise<void>;
  /** Virtual ms since the start. */
  elapsedMs(): number;
}

export function createTestWorld(options: { drain: () => Promise<void>; startMs?: number; seed?: number }): TestWorld {
  const startMs = options.startMs ?? 1_767_225_600_000;
  let now = startMs;
  let nextTimer = 1;
  const timers = new Map<TimerId, { dueMs: number; fn: () => void; unref: boolean }>();
  const queue: Array<() => void> = [];
  const events: LifecycleEvent[] = [];
  const clock: Clock = {
    nowMs: () => now,
    setTimer(delayMs, fn, timerOptions) {
      const id = nextTimer++;
      timers.set(id, { dueMs: now + Math.max(0, delayMs), fn, unref: timerOptions?.unref === true });
      return id;
    },
    clearTimer: (id) => void timers.delete(id),
  };
  function nextDue(): [TimerId, { dueMs: number; fn: () => void }] | undefined {
    let best: [TimerId, { dueMs: number; fn: () => void; unref: boolean }] | undefined;
    for (const entry of timers) if (!entry[1].unref && (best === undefined || entry[1].dueMs < best[1].dueMs)) best = entry;
    return best;
  }
  return {
    clock,
    events,
    random: (label) => seededRandom(options.seed ?? 1, label),
    post: (_channel, _label, deliver) => void queue.push(deliver),
    emit: (event) => void events.push(event),
    elapsedMs: () => now - startMs,
    async run(runOptions = {}) {
      const limit = startMs + (runOptions.maxVirtualMs ?? 60 * 60 * 1000);
      for (let step = 0; step < 100_000; step++) {
        await options.drain();
        const task = queue.shift();
        if (task !== undefined) {
          task();
          continue;
        }
        const due = nextDue();
        if (due === undefined || due[1].dueMs > limit) return;
        timers.delete(due[0]);
        now = Math.max(now, due[1].dueMs);
        due[1].fn();
      }
      throw new Error("test world: step budget exhausted (livelock?)");
    },
  };
}

export type Msg = Record<string, unknown> & { id?: unknown; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown> };

/** A fake app-server wired to a recording host, for unit tests. */
export function bootServer(options: { world: TestWorld; script?: FakeCodexScript; model?: ModelPort }) {
  const { world } = options;
  const script = options.script ?? {};
  const raw: string[] = [];
  const exits: ProcessExit[] = [];
  const stderr: string[] = [];
  let stdinClosed = false;
  const server = createFakeAppServer({
    world,
    script,
    ...(options.model === undefined ? {} : { model: options.model }),
    host: {
      writeLine: (line) => raw.push(line),
      writeStderr: (text) => stderr.push(text),
      exit: (exit) => exits.push(exit),
      closeStdin: () => (stdinClosed = true),
    },
  });
  server.start();
  const out = (): Msg[] => raw.flatMap((line) => (line.startsWith("{") && line.endsWith("}") ? [JSON.parse(line) as Msg] : []));
  return {
    world,
    raw,
    exits,
    stderr,
    server,
    out,
    stdinClosed: () => stdinClosed,
    send: (message: unknown) => server.handleLine(typeof message === "string" ? message : JSON.stringify(message)),
    /** Outgoing messages as `method` or `#id` (responses), `!id` for errors. */
    shape: () => out().map((m) => m.method ?? (m["error"] ? `!${String(m.id)}` : `#${String(m.id)}`)),
  };
}

export type Booted = ReturnType<typeof bootServer>;

/** initialize + initialized + thread/start (id 1); returns the thread id. */
export async function ready(t: Booted, threadParams: Record<string, unknown> = {}): Promise<string> {
  t.send({ id: 0, method: "initialize", params: { clientInfo: { name: "probe", version: "1" } } });
  t.send({ method: "initialized" });
  t.send({ id: 1, method: "thread/start", params: threadParams });
  await t.world.run();
  const response = t.out().find((m) => m.id === 1);
  return String((response?.result?.["thread"] as { id?: string } | undefined)?.id ?? "");
}

export function startTurn(t: Booted, threadId: string, id = 2): void {
  t.send({ id, method: "turn/start", params: { threadId, input: [{ type: "text", text: "hi", text_elements: [] }] } });
}

