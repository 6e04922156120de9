/**
 * The simulation kernel: one root seed, a virtual clock, a scheduler with a pluggable choice
 * policy, and quiescence detection. The loop: drain microtasks → if a task is ready, pick one and
 * run it → else advance virtual time to the next timer → else the world is quiescent. Quiescent
 * while the scenario still awaits an outcome is a `hang`, found in wall milliseconds, never by
 * waiting out a timeout. Every loop has a named budget.
 */
import type { FakeWorld } from "../../fakes/world.ts";
import type { FileSystem } from "../../src/runtime/fs.ts";
import type { Random } from "../../src/runtime/random.ts";
import type { HangInfo } from "../runner/types.ts";
import { fifoPolicy, listPolicy, seededPolicy, type ChoicePolicy } from "./choice-policy.ts";
import { PendingAwaits } from "./pending.ts";
import { Prng } from "./prng.ts";
import { Scheduler } from "./scheduler.ts";
import { MemoryFs } from "./memory-fs.ts";
import { createSimFileSystem } from "./sim-fs.ts";
import { Trace } from "./trace.ts";
import { VirtualClock } from "./virtual-clock.ts";

/** Captured at load, so fake timers installed later for third-party code cannot stall the kernel. */
const realNextTick = process.nextTick.bind(process);
/**
 * Resolves once every queued microtask has run: Node runs process.nextTick callbacks only after
 * the microtask queue is empty (and microtasks queued by those run before the kernel's own
 * continuation, which is queued last). One tick instead of a macrotask turn per step (setImmediate)
 * makes a step several times cheaper.
 */
const drainMicrotasks = (): Promise<void> => new Promise((resolve) => realNextTick(resolve));

export const DEFAULT_BUDGETS = { steps: 200_000, virtualMs: 24 * 60 * 60 * 1000 } as const;

export type PolicySpec = { readonly kind: "fifo" } | { readonly kind: "seeded" } | { readonly kind: "list"; readonly choices: readonly number[] };

export interface KernelOptions {
  readonly seed: number;
  readonly policy?: PolicySpec;
  readonly budgets?: { readonly steps?: number; readonly virtualMs?: number };
  /** Virtual epoch (ms) the clock starts at; fixed so traces are identical across runs. */
  readonly startMs?: number;
  /** For replay: the task id expected at each decision point; the first mismatch is recorded. */
  readonly expectedSchedule?: readonly number[];
  /** What the file-system port works on: an in-memory tree (default) or real temp directories. */
  readonly fileSystem?: FileSystemBackend;
}

export type FileSystemBackend = "memory" | "real";

export interface Divergence {
  readonly step: number;
  readonly decision: number;
  readonly expectedTask: number;
  readonly ready: readonly number[];
  readonly picked: number;
}

export type RunUntilResult<T> =
  | { readonly kind: "settled"; readonly value: T }
  | { readonly kind: "rejected"; readonly error: unknown }
  | { readonly kind: "hang"; readonly hang: HangInfo }
  | { readonly kind: "crashed"; readonly error: unknown; readonly task: string };

export const SIM_EPOCH_MS = Date.UTC(2026, 0, 1);

export class SimKernel {
  readonly prng: Prng;
  readonly clock: VirtualClock;
  readonly trace: Trace;
  /** What fakes see: this clock, forked randomness, scheduled delivery, the trace. */
  readonly world: FakeWorld;
  /** File work as scheduled tasks, on the in-memory tree or on real temp directories. */
  readonly fs: FileSystem;
  /** The in-memory tree behind `fs` (undefined on real files). */
  readonly memoryFs: MemoryFs | undefined;
  private tempDirs = 0;
  private readonly scheduler: Scheduler;
  private step = 0;
  private readonly awaits = new PendingAwaits();
  private readonly budgets: { steps: number; virtualMs: number };
  private readonly expectedSchedule: readonly number[] | undefined;
  private decisions = 0;
  private firstDivergence: Divergence | undefined;

  constructor(options: KernelOptions) {
    this.prng = new Prng(options.seed);
    this.clock = new VirtualClock(options.startMs ?? SIM_EPOCH_MS);
    this.trace = new Trace(() => ({ step: this.step, tMs: this.clock.elapsedMs() }));
    this.scheduler = new Scheduler(this.makePolicy(options.policy ?? { kind: "seeded" }));
    this.budgets = { ...DEFAULT_BUDGETS, ...options.budgets };
    this.expectedSchedule = options.expectedSchedule;
    this.world = {
      clock: this.clock,
      random: (label) => this.random(label),
      post: (channel, label, deliver) => this.post(channel, label, deliver),
      emit: this.trace.emit,
    };
    const post = (channel: string, label: string, run: () => void): void => this.post(channel, label, run);
    this.memoryFs = options.fileSystem === "real" ? undefined : new MemoryFs({ nowMs: () => this.clock.nowMs() });
    this.fs = createSimFileSystem(post, this.trace.emit, this.memoryFs);
  }

  /**
   * A fresh temp directory in the in-memory tree (`/tmp/clp-<prefix>-<n>`), created at once; on
   * real files, undefined (the context makes a real one).
   */
  tempDir(prefix: string): { path: string; real: string } | undefined {
    if (this.memoryFs === undefined) return undefined;
    const path = `/tmp/clp-${prefix}-${this.tempDirs++}`;
    this.memoryFs.mkdir(path, { recursive: true });
    return { path, real: path };
  }

  /** In this lane a hang is quiescence; a scenario may not declare one. */
  declareHang(label: string): void {
    throw new Error(`ctx.hang("${label}") is for lanes with their own deadline; in the deterministic lane a hang is quiescence`);
  }

  /** The first point where a replay left its recorded schedule, if it did. */
  divergence(): Divergence | undefined {
    return this.firstDivergence;
  }

  schedule(): readonly number[] {
    return this.scheduler.schedule();
  }

  private checkSchedule(ready: readonly number[], picked: number): void {
    if (ready.length < 2) return;
    const decision = this.decisions++;
    if (this.expectedSchedule === undefined || this.firstDivergence !== undefined) return;
    const expectedTask = this.expectedSchedule[decision];
    if (expectedTask !== undefined && expectedTask !== picked) {
      this.firstDivergence = { step: this.step, decision, expectedTask, ready: [...ready], picked };
    }
  }

  private makePolicy(spec: PolicySpec): ChoicePolicy {
    switch (spec.kind) {
      case "fifo":
        return fifoPolicy();
      case "seeded":
        return seededPolicy(this.prng.fork("scheduler"));
      case "list":
        return listPolicy(spec.choices);
    }
  }

  random(label: string): Random {
    return this.prng.fork(label);
  }

  post(channel: string, label: string, run: () => void): void {
    this.scheduler.post(channel, label, run);
  }

  /** Names an awaited promise for the hang report. */
  track<T>(label: string, promise: Promise<T>): Promise<T> {
    return this.awaits.track(label, promise);
  }

  choices(): readonly number[] {
    return this.scheduler.choices();
  }

  stats(): { steps: number; virtualMs: number } {
    return { steps: this.step, virtualMs: this.clock.elapsedMs() };
  }

  /** Runs the world until `promise` settles, the world goes quiet (hang), or a budget runs out. */
  async runUntil<T>(promise: Promise<T>): Promise<RunUntilResult<T>> {
    let result: RunUntilResult<T> | undefined;
    promise.then(
      (value) => (result = { kind: "settled", value }),
      (error: unknown) => (result = { kind: "rejected", error }),
    );
    for (;;) {
      await drainMicrotasks();
      if (result !== undefined) return result;
      if (this.step >= this.budgets.steps) return this.hang("budget:steps");
      const pick = this.scheduler.pickNext();
      if (pick !== undefined) {
        this.step++;
        this.checkSchedule(pick.ready, pick.task.id);
        try {
          pick.task.run();
        } catch (error) {
          return { kind: "crashed", error, task: `${pick.task.channel}: ${pick.task.label}` };
        }
        continue;
      }
      // Only a ref'd timer keeps the world alive; once one exists, time moves to the earliest timer
      // of all, so unref'd timers (heartbeats) still fire on time.
      if (this.clock.next(true) === undefined) return this.hang("quiescent");
      const next = this.clock.next(false) as NonNullable<ReturnType<VirtualClock["next"]>>;
      if (next.dueMs - this.clock.startMs > this.budgets.virtualMs) return this.hang("budget:virtualMs");
      for (const timer of this.clock.advanceTo(next.dueMs)) {
        this.scheduler.post(`timer#${timer.id}`, timer.label, timer.fn);
      }
    }
  }

  private hang(reason: HangInfo["reason"]): { kind: "hang"; hang: HangInfo } {
    const hang: HangInfo = {
      reason,
      pending: this.awaits.pending(),
      idleTimers: this.clock
        .pending()
        .sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq)
        .map((t) => `${t.label}${t.unref ? " (unref)" : ""} due +${t.dueMs - this.clock.nowMs()}ms`),
      atStep: this.step,
      atMs: this.clock.elapsedMs(),
    };
    this.trace.emit({ kind: "kernel.hang", reason, pending: hang.pending, idleTimers: hang.idleTimers });
    return { kind: "hang", hang };
  }
}
