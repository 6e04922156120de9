/**
 * RunResult → proof report v1. The `core` holds only what the seed, commit and choices determine
 * (no wall time, no absolute paths, no secrets); `digest` is sha256 over its RFC 8785 canonical
 * JSON; `meta` holds the rest (when, how long, where). Redaction happens before the digest, so
 * the digest certifies exactly the bytes that are written.
 *
 * In the deterministic lane everything that happened is reproducible, so the core carries it all
 * (`digestScope: "full"`). In the process, live and black-box lanes real time, ports and ids vary
 * between runs of the same seed, so the core keeps what must be stable — verdict, invariant
 * statuses, which probes fired (`digestScope: "verdict"`) — and the reason, evidence, trace and
 * stats go to `observed`, outside the digest.
 */
import type { HangInfo, InvariantResult, RunResult, Target } from "../runner/types.ts";
import type { Json, TraceRecord } from "../scenario/types.ts";
import { canonicalDigest } from "./canonical-json.ts";
import { collectEnvironment, type Environment } from "./environment.ts";
import { toJsonSafe } from "./json-safe.ts";
import { createPathNormalizer, defaultPathRoots, repoRelative, type PathRoots } from "./normalize-paths.ts";
import { redactJson, secretsFromEnv } from "./redact.ts";

export const PROOF_SCHEMA_VERSION = "proof-report/v1";

export interface ProofDigest {
  readonly alg: "sha256";
  readonly canonicalization: "RFC8785-JCS";
  readonly over: "core";
  readonly value: string;
}

export interface ProofMeta {
  readonly generatedAt: string;
  readonly wallMs: number;
  readonly environment: Environment;
  readonly replay: { readonly command: string };
  readonly errorStack?: string;
}

export type JsonObject = { readonly [key: string]: Json };

export interface ProofReport {
  readonly schemaVersion: typeof PROOF_SCHEMA_VERSION;
  /** Deterministic: same seed, commit and choices → same bytes. Typed loosely: it is redacted JSON. */
  readonly core: JsonObject;
  /** What was seen but is not reproducible (non-deterministic lanes only); outside the digest. */
  readonly observed?: JsonObject;
  readonly digest: ProofDigest;
  readonly meta: ProofMeta;
}

export interface BuildReportOptions {
  readonly environment?: Environment;
  /** ISO timestamp; defaults to now. */
  readonly generatedAt?: string;
  readonly pathRoots?: PathRoots;
  /** Literal secrets to scrub; defaults to secret-looking values of process.env. */
  readonly secrets?: readonly string[];
  /** Trace events kept in the report (head and tail); the rest is counted as dropped. */
  readonly traceLimit?: number;
  /**
   * The replay command recorded in the core; defaults to the seed's command. A run driven by an
   * explicit choice list (exploration, corpus, replay) passes `explicitReplayCommand(...)`.
   */
  readonly replayCommand?: string;
}

/** The command that re-runs exactly this run. */
/**
 * How a user invokes this CLI: `pnpm scenarios` in this repository; the installed `codex-proof` bin
 * sets CODEX_PROOF_PROGRAM (`npx codex-proof`) so commands in reports are ones a consumer can run.
 */
export function programName(): "pnpm scenarios" | "npx codex-proof" {
  return process.env["CODEX_PROOF_PROGRAM"] === "npx codex-proof" ? "npx codex-proof" : "pnpm scenarios";
}

export function replayCommand(run: { readonly scenarioId: string; readonly seed: number; readonly target: Target }): string {
  return `${programName()} ${run.scenarioId} --seed ${run.seed} --target ${run.target}`;
}

/** The command that re-runs a run driven by an explicit choice list and fault parameters. */
export function explicitReplayCommand(run: {
  readonly scenarioId: string;
  readonly seed: number;
  readonly target: Target;
  readonly choices: readonly number[];
  readonly params: Json;
}): string {
  const params = run.params === null ? "" : ` --params='${JSON.stringify(run.params).replaceAll("'", `'\\''`)}'`;
  return `${replayCommand(run)} --choices=${run.choices.join(",")}${params}`;
}

export function buildProofReport(result: RunResult, options: BuildReportOptions = {}): ProofReport {
  const roots = options.pathRoots ?? defaultPathRoots();
  const clean = sanitizer(roots, options.secrets ?? secretsFromEnv(process.env));
  const command = options.replayCommand ?? replayCommand(result);
  const sanitized = clean(buildRawCore(result, roots, options.traceLimit ?? 1000, command)) as JsonObject;
  // The interleaving must survive whole, however long: it is what a replay follows. Plain integers
  // need no sanitizing, so they bypass the array cap that bounds everything else.
  const full: JsonObject = { ...sanitized, choices: [...result.choices], schedule: [...result.schedule] };
  const { core, observed } = splitByLane(full, result.lane);
  const meta: ProofMeta = {
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    wallMs: result.wallMs,
    environment: options.environment ?? collectEnvironment(),
    replay: { command },
    ...(result.error?.stack !== undefined ? { errorStack: String(clean(result.error.stack)) } : {}),
  };
  return {
    schemaVersion: PROOF_SCHEMA_VERSION,
    core,
    ...(observed === undefined ? {} : { observed }),
    digest: { alg: "sha256", canonicalization: "RFC8785-JCS", over: "core", value: canonicalDigest(core) },
    meta,
  };
}

/** Not reproducible outside the deterministic lane: real time, ports, generated ids. */
const VOLATILE_KEYS = new Set(["reason", "hang", "error", "outcome", "trace", "stats"]);

function splitByLane(full: JsonObject, lane: RunResult["lane"]): { core: JsonObject; observed?: JsonObject } {
  if (lane === "deterministic") return { core: { digestScope: "full", ...full } };
  const core: Record<string, Json> = { digestScope: "verdict" };
  const observed: Record<string, Json> = {};
  for (const [key, value] of Object.entries(full)) (VOLATILE_KEYS.has(key) ? observed : core)[key] = value;
  const invariants = full["invariants"] as ReadonlyArray<Record<string, Json>>;
  const probes = full["probes"] as ReadonlyArray<Record<string, Json>>;
  observed["invariants"] = invariants;
  observed["probes"] = probes;
  core["invariants"] = invariants.map((i) => ({ id: i["id"] ?? "", kind: i["kind"] ?? "", description: i["description"] ?? "", status: i["status"] ?? "" }));
  core["probes"] = probes.map((p) => ({ id: p["id"] ?? "", required: p["required"] ?? false, fired: (p["hits"] as number) > 0 }));
  return { core, observed };
}

/** Normalizes paths, then redacts; one normalizer per report so temp-dir numbering is stable. */
function sanitizer(roots: PathRoots, secrets: readonly string[]): (value: unknown) => Json {
  const normalize = createPathNormalizer(roots);
  return (value) => redactJson(toJsonSafe(value), { secrets, mapText: normalize });
}

function buildRawCore(r: RunResult, roots: PathRoots, traceLimit: number, command: string): Record<string, unknown> {
  const core: Record<string, unknown> = {
    scenario: {
      id: r.scenarioId,
      title: r.title,
      behavior: r.behavior,
      sourceFile: repoRelative(r.sourceFile, roots.repoRoot),
      sourceSha256: r.sourceSha256,
    },
    lane: r.lane,
    target: r.target,
  };
  if (r.mutant !== undefined) core["mutant"] = { ...r.mutant, ...(r.mutant.expects === undefined ? {} : { expects: [...r.mutant.expects] }) };
  Object.assign(core, {
    seed: r.seed,
    choices: [...r.choices],
    schedule: [...r.schedule],
  });
  if (r.decisionsDropped !== undefined) core["decisionsDropped"] = r.decisionsDropped;
  if (r.divergence !== undefined) core["divergence"] = { ...r.divergence, ready: [...r.divergence.ready] };
  if (r.exploration !== undefined) core["exploration"] = r.exploration;
  Object.assign(core, {
    faultSchedule: r.params,
    verdict: r.verdict,
    reason: r.reason,
    invariants: r.invariants.map(invariantCore),
    probes: r.probes.map((p) => ({ id: p.id, hits: p.hits, required: p.required })),
    vacuous: r.probes.some((p) => p.required && p.hits === 0),
  });
  if (r.hang !== undefined) core["hang"] = hangCore(r.hang);
  if (r.error !== undefined) {
    core["error"] = { message: r.error.message, ...(r.error.check === undefined ? {} : { check: r.error.check }), ...(r.error.at === undefined ? {} : { at: r.error.at }) };
  }
  if (r.outcome !== undefined) core["outcome"] = r.outcome;
  core["trace"] = boundTrace(r.trace, traceLimit);
  core["stats"] = { steps: r.stats.steps, virtualMs: r.stats.virtualMs };
  core["notTested"] = [...r.notTested];
  core["replay"] = { command };
  return core;
}

function invariantCore(inv: InvariantResult): Record<string, unknown> {
  const out: Record<string, unknown> = { id: inv.id, kind: inv.kind, description: inv.description, status: inv.status };
  if (inv.firstViolation !== undefined) out["firstViolation"] = { ...inv.firstViolation };
  if (inv.evidence !== undefined) out["evidence"] = inv.evidence;
  return out;
}

function hangCore(h: HangInfo): Record<string, unknown> {
  return { reason: h.reason, pending: [...h.pending], idleTimers: [...h.idleTimers], atStep: h.atStep, atMs: h.atMs };
}

/** Keeps the first and last events (the start and the failure are what a reader needs). */
function boundTrace(trace: RunResult["trace"], limit: number): Record<string, unknown> {
  const events = trace.events;
  const keepAll = events.length <= limit;
  const head = keepAll ? events : events.slice(0, Math.ceil(limit / 2));
  const tail = keepAll ? [] : events.slice(events.length - Math.floor(limit / 2));
  const kept = [...head, ...tail];
  return {
    events: kept.map(traceEvent),
    kept: kept.length,
    dropped: trace.dropped + (events.length - kept.length),
    total: trace.total,
  };
}

function traceEvent(rec: TraceRecord): Record<string, unknown> {
  return { step: rec.step, tMs: rec.tMs, event: rec.event };
}

