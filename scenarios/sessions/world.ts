/**
 * The sessions system as the scenarios build it: one process's registries (created per run, so
 * every run starts clean), wired from an `impl` record of factories. The src defaults live in
 * `sessionsImpl()`; mutants replace one factory each (see mutants.ts).
 */
import type { ScenarioContext } from "../../harness/scenario/types.ts";
import { sleep } from "../../src/runtime/clock.ts";
import type { EventSink, LifecycleEvent } from "../../src/runtime/events.ts";
import {
  createActiveRunRegistry,
  createAttemptLockController,
  createCommandLanes,
  createDiagnosticSessionStore,
  createProcessTable,
  createSessionFileOwnerRegistry,
  createSessionWriteLockManager,
  createStuckSessionRecovery,
  fingerprintsMatch,
  isRemovableReason,
  lookupActiveRun,
  parseTranscriptIds,
  resolveMaxHoldFromTimeout,
  resolveSessionFileKey,
  resolveSessionWriteLockPolicy,
  runEmbeddedAttempt,
  type ActiveRunLookup,
  type ActiveRunRegistry,
  type AttemptResult,
  type CommandLanes,
  type CreateLockController,
  type DiagnosticSessionStore,
  type FenceCheck,
  type OwnerRegistryDeps,
  type ProcessTable,
  type RecoverStuckSession,
  type SessionFileKeyFn,
  type SessionFileOwnerRegistry,
  type SessionWriteLockManager,
  type SessionWriteLockPolicy,
  type StaleReason,
} from "../../src/sessions/index.ts";

/** The seams a mutant may replace. */
export interface SessionsImpl {
  readonly ownerKey: SessionFileKeyFn;
  readonly createOwnerRegistry: (deps: OwnerRegistryDeps) => SessionFileOwnerRegistry;
  readonly lookupActiveRun: ActiveRunLookup;
  readonly createLockController: CreateLockController;
  readonly fenceCheck: FenceCheck;
  readonly isLockRemovable: (reason: StaleReason) => boolean;
}

export function sessionsImpl(): SessionsImpl {
  return {
    ownerKey: resolveSessionFileKey,
    createOwnerRegistry: createSessionFileOwnerRegistry,
    lookupActiveRun,
    createLockController: createAttemptLockController,
    fenceCheck: fingerprintsMatch,
    isLockRemovable: isRemovableReason,
  };
}

/** The fake model streams its reply in chunks at most this far apart (virtual ms). */
export const MODEL_CHUNK_MS = 10_000;

/** This process in the simulated process table. */
export const SELF_PID = 4000;

export interface AttemptSpec {
  readonly runId: string;
  readonly sessionId: string;
  readonly sessionKey: string;
  readonly sessionFile: string;
  /** Virtual time the model takes to answer. */
  readonly modelMs: number;
  readonly signal?: AbortSignal;
}

export interface SessionWorld {
  readonly ctx: ScenarioContext<unknown>;
  readonly emit: EventSink;
  readonly processes: ProcessTable;
  readonly locks: SessionWriteLockManager;
  readonly owners: SessionFileOwnerRegistry;
  readonly activeRuns: ActiveRunRegistry;
  readonly diagnostics: DiagnosticSessionStore;
  readonly lanes: CommandLanes;
  readonly recover: RecoverStuckSession;
  readonly policy: SessionWriteLockPolicy;
  /** Line ids of every `session.write`, in order. */
  readonly written: string[];
  /** Events seen so far (what the run may react to; checks read the trace instead). */
  readonly seen: LifecycleEvent[];
  /** Resolves with the first event (already seen or still to come) that matches. */
  waitForEvent(label: string, match: (event: LifecycleEvent) => boolean): Promise<LifecycleEvent>;
  attempt(spec: AttemptSpec): Promise<AttemptResult>;
  /** Line ids present in the file now (missing file = none). */
  readIds(file: string): Promise<string[]>;
  /** Appends a line the way another process would: no lock, no owner. */
  externalAppend(file: string, lineId: string): Promise<void>;
}

export function buildSessionWorld(ctx: ScenarioContext<unknown>, impl: SessionsImpl): SessionWorld {
  const written: string[] = [];
  const seen: LifecycleEvent[] = [];
  const watchers = new Set<{ match: (event: LifecycleEvent) => boolean; resolve: (event: LifecycleEvent) => void }>();
  const emit: EventSink = (event) => {
    seen.push(event);
    for (const w of [...watchers]) {
      if (!w.match(event)) continue;
      watchers.delete(w);
      w.resolve(event);
    }
    if (event.kind === "session.write" && typeof event["lineId"] === "string") written.push(event["lineId"]);
    ctx.emit(event);
  };
  const { fs, clock } = ctx;
  const processes = createProcessTable({ self: { pid: SELF_PID, starttime: 77 } });
  const locks = createSessionWriteLockManager({ fs, clock, processInfo: processes, emit, isRemovable: impl.isLockRemovable });
  const owners = impl.createOwnerRegistry({ fs, clock, emit, resolveKey: impl.ownerKey });
  const diagnostics = createDiagnosticSessionStore({ clock });
  const activeRuns = createActiveRunRegistry({ fs, emit, resolveKey: resolveSessionFileKey, diagnostics });
  const lanes = createCommandLanes({ emit });
  const recover = createStuckSessionRecovery({ activeRuns, lanes, diagnostics, emit, lookup: impl.lookupActiveRun });
  // Upstream's embedded policy: max hold derived from the 900 s compaction timeout (1 020 000 ms).
  const policy = resolveSessionWriteLockPolicy({ env: {}, maxHoldMsFallback: resolveMaxHoldFromTimeout({ timeoutMs: 900_000 }) });

  function attempt(spec: AttemptSpec): Promise<AttemptResult> {
    const model = async ({ runId, prompt }: { runId: string; prompt: string }): Promise<string> => {
      emit({ kind: "model.call.start", runId, modelMs: spec.modelMs });
      // The reply streams in chunks of at most 10 s, so a long call keeps the world (and time) moving.
      for (let left = spec.modelMs; left > 0; left -= MODEL_CHUNK_MS) {
        await sleep(clock, Math.min(left, MODEL_CHUNK_MS), { label: `model ${runId}` });
      }
      emit({ kind: "model.call.end", runId });
      return `reply to ${prompt}`;
    };
    const deps = { fs, emit, locks, owners, activeRuns, policy, model, createLockController: impl.createLockController, fenceCheck: impl.fenceCheck };
    const params = {
      runId: spec.runId,
      sessionId: spec.sessionId,
      sessionKey: spec.sessionKey,
      sessionFile: spec.sessionFile,
      prompt: `prompt ${spec.runId}`,
      ...(spec.signal === undefined ? {} : { signal: spec.signal }),
    };
    return ctx.track(`attempt ${spec.runId}`, runEmbeddedAttempt(deps, params));
  }

  function waitForEvent(label: string, match: (event: LifecycleEvent) => boolean): Promise<LifecycleEvent> {
    const found = seen.find(match);
    if (found !== undefined) return Promise.resolve(found);
    return ctx.track(label, new Promise((resolve) => void watchers.add({ match, resolve })));
  }

  async function readIds(file: string): Promise<string[]> {
    try {
      return [...parseTranscriptIds(await fs.readFile(file)).ids];
    } catch {
      return [];
    }
  }

  async function externalAppend(file: string, lineId: string): Promise<void> {
    await fs.appendFile(file, `${JSON.stringify({ id: lineId, role: "external", text: "written by another process" })}\n`);
    emit({ kind: "session.write", lineId, writer: "external", mode: "append" });
  }

  return { ctx, emit, processes, locks, owners, activeRuns, diagnostics, lanes, recover, policy, written, seen, waitForEvent, attempt, readIds, externalAppend };
}
