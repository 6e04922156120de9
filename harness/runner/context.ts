/** Builds the ScenarioContext a scenario's `run` receives, over either driver. */
import { mkdtempSync, realpathSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FakeWorld } from "../../fakes/world.ts";
import type { Clock } from "../../src/runtime/clock.ts";
import type { FileSystem } from "../../src/runtime/fs.ts";
import type { Random } from "../../src/runtime/random.ts";
import type { Lane, ScenarioContext } from "../scenario/types.ts";
import { emergencyCleanup } from "./interrupt.ts";
import type { RunUntilResult } from "../sim/kernel.ts";
import type { Trace } from "../sim/trace.ts";

export interface DriverView {
  readonly clock: Clock;
  readonly world: FakeWorld;
  readonly fs: FileSystem;
  readonly trace: Trace;
  random(label: string): Random;
  track<T>(label: string, promise: Promise<T>): Promise<T>;
  /** Ends the run as `hang` with `label` pending (lanes with their own deadlines). */
  declareHang(label: string): void;
  /** A temp directory the driver owns (in-memory); undefined → a real one, removed after the run. */
  tempDir?(prefix: string): { path: string; real: string } | undefined;
}

/** A lane's driver: the context's ports plus how the run is driven to its end. */
export interface LaneDriver extends DriverView {
  runUntil<T>(promise: Promise<T>): Promise<RunUntilResult<T>>;
  stats(): { steps: number; virtualMs: number };
}

export interface ContextHandle<P> {
  readonly ctx: ScenarioContext<P>;
  readonly probeHits: Map<string, number>;
  /** Temp dirs created, with their realpaths, for normalizing reports. */
  readonly tempDirs: Array<{ path: string; real: string }>;
  /** Runs deferred cleanups LIFO, then removes temp dirs. Returns the cleanup errors. */
  cleanup(): Promise<string[]>;
}

export function createContext<P>(options: { seed: number; lane: Lane; params: P; driver: DriverView; deadlineScale?: number }): ContextHandle<P> {
  // Virtual time needs no scaling: only real-time lanes widen their budgets on a slow machine.
  const deadlineScale = options.lane === "deterministic" ? 1 : (options.deadlineScale ?? 1);
  const { driver } = options;
  const probeHits = new Map<string, number>();
  const tempDirs: Array<{ path: string; real: string }> = [];
  /** The real ones among them (removed after the run). */
  const realDirs: string[] = [];
  const deferred: Array<() => void | Promise<void>> = [];
  const ctx: ScenarioContext<P> = {
    seed: options.seed,
    lane: options.lane,
    params: options.params,
    clock: driver.clock,
    deadlineScale,
    scaleMs: (ms) => Math.round(ms * deadlineScale),
    random: (label) => driver.random(label),
    world: driver.world,
    fs: driver.fs,
    emit: driver.trace.emit,
    probe(id) {
      probeHits.set(id, (probeHits.get(id) ?? 0) + 1);
      driver.trace.emit({ kind: "probe", id });
    },
    track: (label, promise) => driver.track(label, promise),
    hang(label) {
      driver.declareHang(label);
      return new Promise<never>(() => {});
    },
    tempDir(prefix = "run") {
      const owned = driver.tempDir?.(prefix);
      if (owned !== undefined) {
        tempDirs.push(owned);
        return Promise.resolve(owned.path);
      }
      // Synchronous on purpose: set-up is not part of the interleaving under test, and real async
      // I/O would look like quiescence to the kernel.
      const path = mkdtempSync(join(tmpdir(), `clp-${prefix}-`));
      tempDirs.push({ path, real: realpathSync(path) });
      emergencyCleanup.addTempDir(path);
      realDirs.push(path);
      return Promise.resolve(path);
    },
    defer(cleanup) {
      deferred.push(cleanup);
    },
  };
  return {
    ctx,
    probeHits,
    tempDirs,
    async cleanup() {
      const errors: string[] = [];
      for (const fn of deferred.reverse()) {
        try {
          await fn();
        } catch (error) {
          errors.push(error instanceof Error ? error.message : String(error));
        }
      }
      for (const dir of realDirs) {
        await rm(dir, { recursive: true, force: true });
        emergencyCleanup.removeTempDir(dir);
      }
      return errors;
    },
  };
}
