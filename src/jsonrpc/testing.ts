/**
 * Test doubles for unit tests of src/jsonrpc and src/codex (not used by production code):
 * a manual clock and an in-memory transport pair whose far end a test drives by hand.
 * Deliveries are microtasks, so a test awaits the exact message instead of sleeping.
 */
import type { Clock, TimerId, TimerOptions } from "../runtime/clock.ts";
import type { Transport, TransportClose } from "../runtime/transport.ts";

export interface ManualClock extends Clock {
  /** Moves time forward, firing due timers in (due time, insertion) order. */
  advance(ms: number): void;
  readonly pendingTimers: readonly { readonly dueMs: number; readonly label: string | undefined }[];
}

export function createManualClock(startMs = 0): ManualClock {
  let now = startMs;
  let nextId = 1;
  const timers = new Map<TimerId, { dueMs: number; fn: () => void; label: string | undefined }>();
  return {
    nowMs: () => now,
    setTimer(delayMs: number, fn: () => void, options?: TimerOptions): TimerId {
      const id = nextId++;
      timers.set(id, { dueMs: now + Math.max(0, delayMs), fn, label: options?.label });
      return id;
    },
    clearTimer(id: TimerId) {
      timers.delete(id);
    },
    advance(ms: number) {
      const target = now + ms;
      for (;;) {
        let due: [TimerId, { dueMs: number; fn: () => void }] | undefined;
        for (const entry of timers) if (entry[1].dueMs <= target && (due === undefined || entry[1].dueMs < due[1].dueMs)) due = entry;
        if (due === undefined) break;
        timers.delete(due[0]);
        now = due[1].dueMs;
        due[1].fn();
      }
      now = target;
    },
    get pendingTimers() {
      return [...timers.values()].map((t) => ({ dueMs: t.dueMs, label: t.label }));
    },
  };
}

/** The far end of a test transport: what the client sent, and ways to answer or break the pipe. */
export interface TestPeerEnd {
  /** Resolves with the next message the client sent (parsed JSON). */
  next(): Promise<Record<string, unknown>>;
  /** Every message the client sent so far, parsed. */
  readonly sent: readonly Record<string, unknown>[];
  /** Delivers a raw line to the client. */
  sendRaw(line: string): void;
  send(message: unknown): void;
  /** Closes the client's transport with the given reason (exit, EPIPE…). */
  closeWith(close: TransportClose): void;
}

export function createTestTransport(): { transport: Transport; far: TestPeerEnd } {
  let handler: (message: string) => void = () => {};
  let isClosed = false;
  let settle!: (close: TransportClose) => void;
  const closed = new Promise<TransportClose>((resolve) => (settle = resolve));
  const sent: Record<string, unknown>[] = [];
  const inbox: Record<string, unknown>[] = [];
  const waiters: ((message: Record<string, unknown>) => void)[] = [];

  function finish(close: TransportClose): void {
    if (isClosed) return;
    isClosed = true;
    settle(close);
  }

  const transport: Transport = {
    send(message) {
      if (isClosed) return;
      const parsed = JSON.parse(message) as Record<string, unknown>;
      sent.push(parsed);
      const waiter = waiters.shift();
      if (waiter === undefined) inbox.push(parsed);
      else queueMicrotask(() => waiter(parsed));
    },
    onMessage(next) {
      handler = next;
    },
    close: () => finish({ kind: "local" }),
    get isClosed() {
      return isClosed;
    },
    closed,
  };
  const far: TestPeerEnd = {
    next() {
      const queued = inbox.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      return new Promise((resolve) => waiters.push(resolve));
    },
    sent,
    sendRaw(line) {
      queueMicrotask(() => {
        if (!isClosed) handler(line);
      });
    },
    send(message) {
      far.sendRaw(JSON.stringify(message));
    },
    closeWith: finish,
  };
  return { transport, far };
}

/** Resolves after the microtask queue has drained a few rounds (deliveries here are microtasks). */
export async function drainMicrotasks(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
