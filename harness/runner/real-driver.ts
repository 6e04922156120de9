/**
 * The driver for the process, live and black-box lanes: the real clock, an immediate FIFO for
 * fake deliveries, the real file system, and a wall-clock deadline instead of quiescence.
 */
import type { FakeWorld } from "../../fakes/world.ts";
import { nodeFileSystem } from "../../src/runtime/node-fs.ts";
import { createRealClock } from "../../src/runtime/real-clock.ts";
import type { Clock } from "../../src/runtime/clock.ts";
import { PendingAwaits } from "../sim/pending.ts";
import { Prng } from "../sim/prng.ts";
import { Trace } from "../sim/trace.ts";
import type { RunUntilResult } from "../sim/kernel.ts";
import type { LaneDriver } from "./context.ts";

export class RealDriver implements LaneDriver {
  readonly clock: Clock = createRealClock();
  readonly fs = nodeFileSystem;
  private readonly prng: Prng;
  readonly trace: Trace;
  private readonly startedAt: number;
  private delivered = 0;
  private readonly awaits = new PendingAwaits();
  private declaredHang: ((label: string) => void) | undefined;

  constructor(
    seed: number,
    private readonly wallMs: number,
  ) {
    this.prng = new Prng(seed);
    this.startedAt = this.clock.nowMs();
    this.trace = new Trace(() => ({ step: this.delivered, tMs: this.clock.nowMs() - this.startedAt }));
  }

  readonly world: FakeWorld = {
    clock: this.clock,
    random: (label) => this.random(label),
    post: (_channel, _label, deliver) => {
      // One global FIFO keeps per-channel order; real processes supply the real interleavings.
      queueMicrotask(() => {
        this.delivered++;
        deliver();
      });
    },
    emit: (event) => this.trace.emit(event),
  };

  random(label: string): Prng {
    return this.prng.fork(label);
  }

  track<T>(label: string, promise: Promise<T>): Promise<T> {
    return this.awaits.track(label, promise);
  }

  /** Ends the current runUntil as `hang` (reason `deadline:client`) with `label` pending. */
  declareHang(label: string): void {
    this.declaredHang?.(label);
  }

  stats(): { steps: number; virtualMs: number } {
    return { steps: this.delivered, virtualMs: 0 };
  }

  async runUntil<T>(promise: Promise<T>): Promise<RunUntilResult<T>> {
    let timer: number | undefined;
    const deadline = new Promise<RunUntilResult<T>>((resolve) => {
      timer = this.clock.setTimer(this.wallMs, () =>
        resolve({
          kind: "hang",
          hang: {
            reason: "deadline:wallMs",
            pending: this.awaits.pending(),
            idleTimers: [],
            atStep: this.delivered,
            atMs: this.clock.nowMs() - this.startedAt,
          },
        }),
      );
    });
    const declared = new Promise<RunUntilResult<T>>((resolve) => {
      this.declaredHang = (label) =>
        resolve({
          kind: "hang",
          hang: {
            reason: "deadline:client",
            pending: [...new Set([...this.awaits.pending(), label])],
            idleTimers: [],
            atStep: this.delivered,
            atMs: this.clock.nowMs() - this.startedAt,
          },
        });
    });
    const settled = promise.then(
      (value): RunUntilResult<T> => ({ kind: "settled", value }),
      (error: unknown): RunUntilResult<T> => ({ kind: "rejected", error }),
    );
    try {
      return await Promise.race([settled, deadline, declared]);
    } finally {
      this.declaredHang = undefined;
      if (timer !== undefined) this.clock.clearTimer(timer);
    }
  }
}
