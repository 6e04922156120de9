/**
 * What one scenario run produces, before it is written as a proof report. The runner fills it;
 * the report writers project it (JSON proof, summary.md, CTRF, JUnit).
 */
import type { Json, Lane, TraceRecord } from "../scenario/types.ts";
import type { CatchVerdict, Verdict } from "../scenario/verdict.ts";

export type Target = "src" | `mutant:${string}`;

export interface InvariantResult {
  readonly id: string;
  readonly kind: "safety" | "liveness";
  readonly description: string;
  /** `error`: the check threw instead of judging. */
  readonly status: "pass" | "fail" | "error" | "skipped";
  readonly firstViolation?: { readonly step: number; readonly tMs: number; readonly message: string };
  readonly evidence?: Json;
}

export interface ProbeResult {
  readonly id: string;
  readonly hits: number;
  readonly required: boolean;
}

export interface HangInfo {
  readonly reason: "quiescent" | "budget:steps" | "budget:virtualMs" | "deadline:wallMs" | "deadline:client";
  /** Named awaits still pending when the world went quiet. */
  readonly pending: readonly string[];
  /** Unref'd timers still armed (they do not keep a world alive). */
  readonly idleTimers: readonly string[];
  readonly atStep: number;
  readonly atMs: number;
}

export interface RunResult {
  readonly scenarioId: string;
  readonly title: string;
  readonly behavior: string;
  readonly sourceFile: string;
  readonly sourceSha256: string;
  readonly lane: Lane;
  readonly target: Target;
  readonly mutant?: { readonly id: string; readonly title: string; readonly recreates: string; readonly expects?: readonly CatchVerdict[] };
  readonly seed: number;
  /** The scheduler's choice index at every decision point (replays the interleaving exactly). */
  readonly choices: readonly number[];
  /** The task id picked at every decision point: what a replay must reproduce step by step. */
  readonly schedule: readonly number[];
  /**
   * Set when a seeded run overran a budget: `choices` and `schedule` keep the first
   * REPORT_DECISION_LIMIT decisions and this many more were dropped (replaying the seed redoes them).
   */
  readonly decisionsDropped?: number;
  /** Set by a replay that left the recorded schedule: where, and what was ready instead. */
  readonly divergence?: {
    readonly step: number;
    readonly decision: number;
    readonly expectedTask: number;
    readonly ready: readonly number[];
    readonly picked: number;
  };
  /** Set when exploration found this run: how it was found and how far it shrank. */
  readonly exploration?: ExplorationInfo;
  /** The fault parameters used (the fault schedule). */
  readonly params: Json;
  readonly verdict: Verdict;
  /** Why the verdict: the first violated invariant, the hang, the missing probe, the error. */
  readonly reason: string;
  readonly invariants: readonly InvariantResult[];
  readonly probes: readonly ProbeResult[];
  readonly hang?: HangInfo;
  /** `check`: the check that threw; `at`: the first stack frame in this repo (`file:line`). */
  readonly error?: { readonly message: string; readonly stack?: string; readonly check?: string; readonly at?: string };
  readonly outcome?: Json;
  readonly trace: { readonly events: readonly TraceRecord[]; readonly dropped: number; readonly total: number };
  readonly stats: { readonly steps: number; readonly virtualMs: number };
  /** Outside the digested core. */
  readonly wallMs: number;
  readonly notTested: readonly string[];
}

export interface ExplorationInfo {
  readonly runs: number;
  readonly numShrinks: number;
  readonly fcSeed: number;
  readonly fcPath: string;
  readonly before: { readonly choices: number; readonly faults: number };
  readonly after: { readonly choices: number; readonly faults: number };
}
