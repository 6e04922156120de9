/**
 * Runs third-party timer code (mock-socket's 4 ms `delay()`) on the run's virtual clock: while
 * installed, the global setTimeout/clearTimeout enqueue into a FIFO queue ordered by (due time,
 * insertion) that is drained by the virtual clock. Timers due at the same virtual time run in one
 * delivery, in order, so a socket's frames are never reordered by the scheduler; the scheduler
 * interleaves deliveries that the fakes post on their own channels.
 * Faults modelled: none (this is plumbing). Installing twice at once fails loudly.
 */
import type { Clock, TimerId } from "../../src/runtime/clock.ts";

type TimerFn = (...args: unknown[]) => void;

interface TimerGlobals {
  setTimeout: (fn: TimerFn, delayMs?: number, ...args: unknown[]) => unknown;
  clearTimeout: (handle: unknown) => void;
}

interface Entry {
  readonly seq: number;
  readonly dueMs: number;
  readonly run: () => void;
}

export class VirtualTimersInstalledError extends Error {
  constructor() {
    super("virtual timers are already installed by another run: mock-socket runs in one worker must not overlap (run them one after another)");
    this.name = "VirtualTimersInstalledError";
  }
}

let installed = false;

/** Installs the bridge; returns the uninstall handle (idempotent). */
export function installVirtualTimers(clock: Clock, options: { readonly label?: string } = {}): () => void {
  if (installed) throw new VirtualTimersInstalledError();
  installed = true;
  const globals = globalThis as unknown as TimerGlobals;
  const saved = { setTimeout: globals.setTimeout, clearTimeout: globals.clearTimeout };
  const label = options.label ?? "virtual timers";
  const queue = new Map<number, Entry>();
  const armed = new Map<number, TimerId>();
  let nextSeq = 1;

  function drain(): void {
    const now = clock.nowMs();
    armed.delete(now);
    const due = [...queue.values()].filter((e) => e.dueMs <= now).sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq);
    for (const entry of due) {
      if (!queue.delete(entry.seq)) continue;
      entry.run();
    }
  }

  globals.setTimeout = (fn, delayMs = 0, ...args) => {
    const seq = nextSeq++;
    const dueMs = clock.nowMs() + Math.max(0, delayMs);
    queue.set(seq, { seq, dueMs, run: () => fn(...args) });
    if (!armed.has(dueMs)) armed.set(dueMs, clock.setTimer(dueMs - clock.nowMs(), drain, { label }));
    return { virtualTimer: seq };
  };
  globals.clearTimeout = (handle) => {
    if (typeof handle === "object" && handle !== null && "virtualTimer" in handle) queue.delete((handle as { virtualTimer: number }).virtualTimer);
    else saved.clearTimeout(handle);
  };

  let uninstalled = false;
  return () => {
    if (uninstalled) return;
    uninstalled = true;
    globals.setTimeout = saved.setTimeout;
    globals.clearTimeout = saved.clearTimeout;
    for (const id of armed.values()) clock.clearTimer(id);
    armed.clear();
    queue.clear();
    installed = false;
  };
}
