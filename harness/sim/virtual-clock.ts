/**
 * Virtual clock: a timer queue ordered by (due time, insertion). Time moves only when the kernel
 * advances it; a due timer does not run by itself, it becomes a ready task of the scheduler.
 */
import type { Clock, TimerId, TimerOptions } from "../../src/runtime/clock.ts";

export interface VirtualTimer {
  readonly id: TimerId;
  readonly dueMs: number;
  readonly seq: number;
  readonly unref: boolean;
  readonly label: string;
  readonly fn: () => void;
}

export class VirtualClock implements Clock {
  private now = 0;
  private nextId = 1;
  private seq = 0;
  private readonly timers = new Map<TimerId, VirtualTimer>();

  constructor(readonly startMs = 0) {
    this.now = startMs;
  }

  nowMs(): number {
    return this.now;
  }

  /** Virtual milliseconds elapsed since the run started. */
  elapsedMs(): number {
    return this.now - this.startMs;
  }

  setTimer(delayMs: number, fn: () => void, options?: TimerOptions): TimerId {
    const id = this.nextId++;
    const delay = Number.isFinite(delayMs) ? Math.max(0, delayMs) : Number.MAX_SAFE_INTEGER;
    this.timers.set(id, {
      id,
      dueMs: this.now + delay,
      seq: this.seq++,
      unref: options?.unref ?? false,
      label: options?.label ?? "timer",
      fn,
    });
    return id;
  }

  clearTimer(id: TimerId): void {
    this.timers.delete(id);
  }

  /** The earliest timer, by (due, insertion); `refOnly` ignores unref'd timers. */
  next(refOnly: boolean): VirtualTimer | undefined {
    let best: VirtualTimer | undefined;
    for (const t of this.timers.values()) {
      if (refOnly && t.unref) continue;
      if (best === undefined || t.dueMs < best.dueMs || (t.dueMs === best.dueMs && t.seq < best.seq)) best = t;
    }
    return best;
  }

  /** Moves time to `ms` (never backwards) and removes and returns every timer due by then, in order. */
  advanceTo(ms: number): VirtualTimer[] {
    this.now = Math.max(this.now, ms);
    const due = [...this.timers.values()]
      .filter((t) => t.dueMs <= this.now)
      .sort((x, y) => x.dueMs - y.dueMs || x.seq - y.seq);
    for (const t of due) this.timers.delete(t.id);
    return due;
  }

  pending(): VirtualTimer[] {
    return [...this.timers.values()];
  }
}
