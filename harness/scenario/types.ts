/**
 * The scenario contract. A scenario is a story: build the system from `impl` factories (the src
 * defaults, or a mutant's known-bad variant), drive it through faults in `run`, and let `checks`
 * judge the outcome and the trace. Checks only observe; probes prove the fault path was reached.
 */
import type * as fc from "fast-check";
import type { FakeWorld } from "../../fakes/world.ts";
import type { Clock } from "../../src/runtime/clock.ts";
import type { EventSink, LifecycleEvent } from "../../src/runtime/events.ts";
import type { FileSystem } from "../../src/runtime/fs.ts";
import type { Random } from "../../src/runtime/random.ts";
import type { CatchVerdict, Verdict } from "./verdict.ts";

export type Lane = "deterministic" | "process" | "live" | "black-box" | "upstream";

/** JSON-compatible data (what reports and evidence carry). */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** One recorded trace event: where (step, virtual ms) and what (`kind` + fields). */
export interface TraceRecord {
  readonly step: number;
  readonly tMs: number;
  readonly event: LifecycleEvent;
}

export interface ScenarioContext<Params = unknown> {
  readonly seed: number;
  readonly lane: Lane;
  /** Fault parameters of this run (the scenario's defaults, or generated/shrunk by exploration). */
  readonly params: Params;
  readonly clock: Clock;
  /** What real-time budgets are multiplied by (1 in the deterministic lane; see deadline-scale.ts). */
  readonly deadlineScale: number;
  /** A real-time budget (a deadline, a bound on an exit) widened by the run's deadline scale. */
  scaleMs(ms: number): number;
  /** A random stream forked for this label from the run's root seed. */
  random(label: string): Random;
  /** The world handed to fakes: same clock, forked randomness, scheduled delivery, trace. */
  readonly world: FakeWorld;
  /** The file-system port for this lane (scheduled completions in the deterministic lane). */
  readonly fs: FileSystem;
  /** Records an event in the trace; pass it to src modules as their EventSink. */
  readonly emit: EventSink;
  /** Marks that a fault path was reached. A required probe that never fires makes the run `unknown`. */
  probe(id: string): void;
  /**
   * Names an awaited outcome. If the world goes quiet while it is still pending, the hang report
   * lists it. Returns the same promise.
   */
  track<T>(label: string, promise: Promise<T>): Promise<T>;
  /**
   * Ends the run at once as `hang` with `label` pending, for lanes that see a hang by their own
   * deadline (black-box: a client killed at its deadline). The returned promise never settles.
   */
  hang(label: string): Promise<never>;
  /** A fresh temp directory, removed after the run (in the deterministic lane, in the in-memory file tree). */
  tempDir(prefix?: string): Promise<string>;
  /** Registers cleanup; cleanups run last-in-first-out after the run, even on failure. */
  defer(cleanup: () => void | Promise<void>): void;
}

export type CheckResult =
  | { readonly ok: true; readonly evidence?: Json }
  | {
      readonly ok: false;
      readonly message: string;
      /** The trace step where the violation first shows, when known. */
      readonly atStep?: number;
      readonly evidence?: Json;
    };

export interface CheckInput<Outcome> {
  readonly outcome: Outcome;
  readonly trace: readonly TraceRecord[];
  /** Trace events of one kind, in order. */
  events(kind: string): readonly TraceRecord[];
}

export interface Check<Outcome> {
  readonly id: string;
  readonly kind: "safety" | "liveness";
  readonly description: string;
  check(input: CheckInput<Outcome>): CheckResult;
}

export interface MutantDef<Impl> {
  /** Stable id, e.g. `clear-on-any-startup-failure`. */
  readonly id: string;
  readonly title: string;
  /** Which historic bug or rejected design it re-creates. */
  readonly recreates: string;
  /** Builds the known-bad system from the scenario's defaults. */
  readonly impl: (base: Impl) => Impl;
  /**
   * The verdicts that count as catching this mutant; default `["fail"]` (a check returned a
   * violation). Declare `["hang"]` for a mutant whose bug is a hang (no watchdog).
   */
  readonly expects?: readonly CatchVerdict[];
  /**
   * When caught as `fail`, at least one of these checks must be among the violated ones; a `fail`
   * on other checks only is an `error` (the mutant broke something, not the bug it re-creates).
   */
  readonly violates?: readonly string[];
}

/** How a historical release must be caught: a named check violated, or a hang. */
export type ReleaseExpectation =
  | { readonly verdict: "fail"; readonly violates: readonly string[] }
  | { readonly verdict: "hang" };

/**
 * The upstream lane's systems under test: published releases (`<package>@<version>`). The target
 * release is what `src` runs; each historical release is a mutant (id `<package>-<version with
 * dashes>`) told the same story and judged by the same checks.
 */
export interface ReleaseSet {
  readonly target: string;
  readonly mutants: readonly string[];
}

export interface ParamSpace<Params> {
  readonly default: Params;
  /** Shrinkable generator of fault parameters, for exploration. */
  readonly arbitrary?: (fcApi: typeof fc) => fc.Arbitrary<Params>;
}

export interface Budgets {
  /** Scheduler steps before the run is judged a livelock (`hang`). */
  readonly steps?: number;
  /** Virtual milliseconds before the run is judged a `hang`. */
  readonly virtualMs?: number;
  /** Wall milliseconds (process, live and black-box lanes). */
  readonly wallMs?: number;
}

export interface ScenarioDef<Impl, Outcome, Params = undefined> {
  /** Stable id `<area>/<name>`; never includes the seed. */
  readonly id: string;
  readonly title: string;
  /** "Behavior addressed" for the PR proof block: the upstream bug or fix this scenario proves. */
  readonly behavior: string;
  readonly lane: Lane;
  readonly seeds: readonly number[];
  readonly tags?: readonly string[];
  readonly params?: ParamSpace<Params>;
  readonly budgets?: Budgets;
  /** The production factories (src defaults). Mutants derive from this. */
  impl(): Impl;
  run(ctx: ScenarioContext<Params>, impl: Impl): Promise<Outcome>;
  /** Turns the outcome into JSON evidence for the report (no secrets: reports are redacted anyway). */
  summarize?(outcome: Outcome): Json;
  readonly checks: readonly Check<Outcome>[];
  /** Probe ids that must fire for a pass to count. */
  readonly probes: readonly string[];
  /**
   * Fault rules (their `id`, else `rule#<index>`) the fake must record firing (`appserver.fault`
   * trace events). One that never fired makes the run `unknown` even when a check failed: a
   * "catch" without the fault is no evidence.
   */
  readonly expectedFaults?: readonly string[];
  /** Probe ids that must fire for any `pass` or `fail` to count (else `unknown`), e.g. "the fake started". */
  readonly evidence?: readonly string[];
  readonly mutants: readonly MutantDef<Impl>[];
  /** Upstream lane: the releases the scenario runs (installed before any run's deadline starts). */
  readonly releases?: ReleaseSet;
  /** "What was not tested" for the PR proof block. */
  readonly notTested?: readonly string[];
}

/** Type-erased scenario, as the runner sees it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyScenario = ScenarioDef<any, any, any> & {
  readonly sourceFile?: string;
  /** The root report paths are relative to (a consumer's repository); default: this repository. */
  readonly projectRoot?: string;
};

export type { Verdict };
