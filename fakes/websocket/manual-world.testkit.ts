/**
 * Test kit for fakes/ unit tests (which may not import harness/): a minimal FakeWorld with a
 * virtual clock and a FIFO delivery queue, and `settle()` that runs it until quiet.
 * Faults modelled: none.
 */
import type { Clock, TimerId } from "../../src/runtime/clock.ts";
import type { LifecycleEvent } from "../../src/runtime/events.ts";
import type { Random } from "../../src/runtime/random.ts";
import type { FakeWorld } from "../world.ts";

export interface ManualWorld extends FakeWorld {
  readonly events: LifecycleEvent[];
  readonly delivered: string[];
  /** Runs deliveries and timers (virtual time) until nothing is left or `promise` settles. */
  settle(promise?: Promise<unknown>): Promise<void>;
}

export function createManualWorld(): ManualWorld {
  let nowMs = 0;
  let nextTimer = 1;
  const timers = new Map<TimerId, { dueMs: number; fn: () => void }>();
  const queue: Array<{ channel: string; label: string; deliver: () => void }> = [];
  const events: LifecycleEvent[] = [];
  const delivered: string[] = [];
  const clock: Clock = {
    nowMs: () => nowMs,
    setTimer(delayMs, fn) {
      const id = nextTimer++;
      timers.set(id, { dueMs: nowMs + Math.max(0, delayMs), fn });
      return id;
    },
    clearTimer: (id) => void timers.delete(id),
  };
  const random = (): Random => ({ nextU32: () => 4, nextInt: () => 0 });
  const drainMicrotasks = async (): Promise<void> => {
    for (let i = 0; i < 50; i++) await Promise.resolve();
  };
  return {
    clock,
    random,
    post: (channel, label, deliver) => void queue.push({ channel, label, deliver }),
    emit: (event) => void events.push(event),
    events,
    delivered,
    async settle(promise) {
      let done = false;
      void promise?.then(
        () => (done = true),
        () => (done = true),
      );
      for (let step = 0; step < 10_000; step++) {
        await drainMicrotasks();
        if (done) return;
        const next = queue.shift();
        if (next !== undefined) {
          delivered.push(`${next.channel}: ${next.label}`);
          next.deliver();
          continue;
        }
        const due = [...timers.entries()].sort((a, b) => a[1].dueMs - b[1].dueMs || a[0] - b[0])[0];
        if (due === undefined) return;
        timers.delete(due[0]);
        nowMs = due[1].dueMs;
        due[1].fn();
      }
      throw new Error("manual world did not settle within 10000 steps");
    },
  };
}
