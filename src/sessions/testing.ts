/**
 * Test support for src/sessions unit tests (not used by production code): a manual clock and a
 * driver that runs a promise to completion over the real FileSystem. The driver waits for the
 * exact in-flight file operations, then fires the next timer; it never sleeps. The macrotask
 * yield is passed in by the test (this folder may not touch timers itself).
 */
import type { Clock, TimerId, TimerOptions } from "../runtime/clock.ts";
import type { FileSystem } from "../runtime/fs.ts";

export interface ManualClock extends Clock {
  /** Fires the earliest timer (moving time to it); false when none is armed. */
  fireNext(): boolean;
  advance(ms: number): void;
  pendingLabels(): string[];
  /** The options of every timer ever set, in order (fired and cleared ones included). */
  readonly timerOptions: readonly (TimerOptions | undefined)[];
}

export function createManualClock(startMs = 0): ManualClock {
  let now = startMs;
  let nextId = 1;
  const timers = new Map<TimerId, { dueMs: number; fn: () => void; label: string }>();
  const timerOptions: (TimerOptions | undefined)[] = [];
  function earliest(limitMs: number): [TimerId, { dueMs: number; fn: () => void }] | undefined {
    let due: [TimerId, { dueMs: number; fn: () => void }] | undefined;
    for (const entry of timers) if (entry[1].dueMs <= limitMs && (due === undefined || entry[1].dueMs < due[1].dueMs)) due = entry;
    return due;
  }
  return {
    nowMs: () => now,
    setTimer(delayMs: number, fn: () => void, options?: TimerOptions): TimerId {
      const id = nextId++;
      timerOptions.push(options);
      timers.set(id, { dueMs: now + Math.max(0, delayMs), fn, label: options?.label ?? "timer" });
      return id;
    },
    clearTimer: (id) => void timers.delete(id),
    timerOptions,
    fireNext() {
      const due = earliest(Number.POSITIVE_INFINITY);
      if (due === undefined) return false;
      timers.delete(due[0]);
      now = Math.max(now, due[1].dueMs);
      due[1].fn();
      return true;
    },
    advance(ms) {
      const target = now + ms;
      for (let due = earliest(target); due !== undefined; due = earliest(target)) {
        timers.delete(due[0]);
        now = due[1].dueMs;
        due[1].fn();
      }
      now = target;
    },
    pendingLabels: () => [...timers.values()].map((t) => t.label),
  };
}

export interface TestDriver {
  readonly clock: ManualClock;
  /** The FileSystem to hand to the code under test (tracks in-flight operations). */
  readonly fs: FileSystem;
  /** Lets file operations and microtasks settle, without moving time. */
  settle(): Promise<void>;
  /** Settles, then fires timers one at a time until `promise` settles. */
  run<T>(promise: Promise<T>, options?: { readonly maxTimers?: number }): Promise<T>;
}

export function createTestDriver(options: {
  readonly fs: FileSystem;
  readonly yieldMacrotask: () => Promise<void>;
  readonly startMs?: number;
}): TestDriver {
  const clock = createManualClock(options.startMs ?? 0);
  const inflight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight.add(p);
    const done = (): void => void inflight.delete(p);
    p.then(done, done);
    return p;
  };
  const base = options.fs;
  const fs: FileSystem = {
    realpath: (p) => track(base.realpath(p)),
    stat: (p) => track(base.stat(p)),
    lstat: (p) => track(base.lstat(p)),
    readFile: (p) => track(base.readFile(p)),
    createExclusive: (p, c) => track(base.createExclusive(p, c)),
    writeFile: (p, c) => track(base.writeFile(p, c)),
    appendFile: (p, c) => track(base.appendFile(p, c)),
    unlink: (p) => track(base.unlink(p)),
    mkdir: (p, o) => track(base.mkdir(p, o)),
    symlink: (t, p) => track(base.symlink(t, p)),
    readdir: (p) => track(base.readdir(p)),
    rename: (a, b) => track(base.rename(a, b)),
  };
  async function settle(): Promise<void> {
    await options.yieldMacrotask();
    while (inflight.size > 0) {
      await Promise.allSettled([...inflight]);
      await options.yieldMacrotask();
    }
  }
  async function run<T>(promise: Promise<T>, runOptions?: { readonly maxTimers?: number }): Promise<T> {
    let done = false;
    promise.then(
      () => (done = true),
      () => (done = true),
    );
    const maxTimers = runOptions?.maxTimers ?? 10_000;
    for (let fired = 0; ; fired++) {
      await settle();
      if (done) return promise;
      if (fired >= maxTimers || !clock.fireNext()) throw new Error(`test driver: promise still pending after ${fired} timers`);
    }
  }
  return { clock, fs, settle, run };
}
