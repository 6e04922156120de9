/**
 * An embedded attempt, composed from the session parts in their production order:
 * owner (whole attempt serialized per physical transcript) → lock controller (coarse lock at
 * preparation) → active run → prompt (release, model call, reacquire) → transcript writes →
 * cleanup (no-op after a takeover) → teardown in reverse.
 */
import type { EventSink } from "../runtime/events.ts";
import type { FileSystem } from "../runtime/fs.ts";
import type { ActiveRunHandle, ActiveRunRegistry } from "./active-runs.ts";
import { EmbeddedAttemptSessionTakeoverError } from "./errors.ts";
import type { FenceCheck } from "./fence.ts";
import type { AttemptLockController, CreateLockController } from "./lock-controller.ts";
import type { SessionWriteLockPolicy } from "./lock-policy.ts";
import type { SessionFileOwner, SessionFileOwnerRegistry } from "./owner-registry.ts";
import { createSessionTranscript, type SessionTranscript } from "./transcript.ts";
import type { SessionWriteLockManager } from "./write-lock.ts";

/** The model call: takes the prompt, resolves with the reply (a provider stream in production). */
export type ModelPort = (request: { readonly runId: string; readonly prompt: string }) => Promise<string>;

export interface EmbeddedAttemptDeps {
  readonly fs: FileSystem;
  readonly emit: EventSink;
  readonly locks: SessionWriteLockManager;
  readonly owners: SessionFileOwnerRegistry;
  readonly activeRuns: ActiveRunRegistry;
  readonly createLockController: CreateLockController;
  readonly fenceCheck?: FenceCheck;
  readonly policy: SessionWriteLockPolicy;
  readonly model: ModelPort;
}

export interface EmbeddedAttemptParams {
  readonly runId: string;
  readonly sessionId: string;
  readonly sessionKey: string;
  readonly sessionFile: string;
  readonly prompt: string;
  readonly signal?: AbortSignal;
  /** Total owner wait; defaults to the policy's max hold, as upstream does. */
  readonly ownerTimeoutMs?: number;
}

export interface AttemptResult {
  readonly runId: string;
  readonly status: "completed" | "takeover" | "failed";
  /** Ids of the transcript lines this attempt put on disk. */
  readonly linesWritten: readonly string[];
  readonly error?: string;
  /** The error's class name, stable across runs (messages carry paths). */
  readonly errorName?: string;
}

interface AttemptScope {
  controller?: AttemptLockController;
  owner?: SessionFileOwner;
  handle?: ActiveRunHandle;
  transcript?: SessionTranscript;
  readonly written: string[];
}

async function writeLine(
  controller: AttemptLockController,
  transcript: SessionTranscript,
  scope: AttemptScope,
  line: Parameters<SessionTranscript["append"]>[0],
): Promise<void> {
  await controller.withSessionWriteLock(() => transcript.append(line));
  scope.written.push(line.id);
}

async function runPrompt(deps: EmbeddedAttemptDeps, params: EmbeddedAttemptParams, scope: AttemptScope): Promise<void> {
  const { runId } = params;
  scope.controller = await deps.createLockController({
    locks: deps.locks,
    fs: deps.fs,
    emit: deps.emit,
    sessionFile: params.sessionFile,
    policy: deps.policy,
    label: runId,
    ...(deps.fenceCheck === undefined ? {} : { fenceCheck: deps.fenceCheck }),
  });
  const controller = scope.controller;
  scope.handle = { runId };
  await deps.activeRuns.set({ sessionId: params.sessionId, sessionKey: params.sessionKey, sessionFile: params.sessionFile, handle: scope.handle });
  const transcript = createSessionTranscript({ fs: deps.fs, sessionFile: params.sessionFile, emit: deps.emit, writer: runId });
  scope.transcript = transcript;
  await transcript.load();
  await writeLine(controller, transcript, scope, { id: `${runId}:user`, role: "user", text: params.prompt });
  await controller.releaseForPrompt();
  let reply: string;
  try {
    reply = await deps.model({ runId, prompt: params.prompt });
  } finally {
    await controller.reacquireAfterPrompt();
  }
  await writeLine(controller, transcript, scope, { id: `${runId}:assistant`, role: "assistant", text: reply });
  await cleanup(deps, controller, transcript, scope, runId);
}

/** Cleanup writes its closing line only under a real lock; after a takeover it writes nothing. */
async function cleanup(
  deps: EmbeddedAttemptDeps,
  controller: AttemptLockController,
  transcript: SessionTranscript | undefined,
  scope: AttemptScope,
  runId: string,
): Promise<void> {
  const lock = await controller.acquireForCleanup();
  let wrote = false;
  if (!lock.noop && transcript !== undefined) {
    await writeLine(controller, transcript, scope, { id: `${runId}:end`, role: "system", text: "attempt complete" });
    wrote = true;
  }
  await lock.release();
  deps.emit({ kind: "session.cleanup", runId, noop: lock.noop, wrote });
}

export async function runEmbeddedAttempt(deps: EmbeddedAttemptDeps, params: EmbeddedAttemptParams): Promise<AttemptResult> {
  const scope: AttemptScope = { written: [] };
  const { runId } = params;
  try {
    scope.owner = await deps.owners.acquire({
      sessionFile: params.sessionFile,
      timeoutMs: params.ownerTimeoutMs ?? deps.policy.maxHoldMs,
      label: runId,
      ...(params.signal === undefined ? {} : { signal: params.signal }),
    });
    await runPrompt(deps, params, scope);
    return { runId, status: "completed", linesWritten: scope.written };
  } catch (error) {
    if (error instanceof EmbeddedAttemptSessionTakeoverError && scope.controller !== undefined) {
      await cleanup(deps, scope.controller, scope.transcript, scope, runId);
      return { runId, status: "takeover", linesWritten: scope.written, error: error.message, errorName: error.name };
    }
    const errorName = error instanceof Error ? error.name : "unknown";
    return { runId, status: "failed", linesWritten: scope.written, error: error instanceof Error ? error.message : String(error), errorName };
  } finally {
    if (scope.handle !== undefined) deps.activeRuns.clear({ sessionId: params.sessionId, handle: scope.handle });
    await scope.controller?.dispose();
    scope.owner?.release();
    deps.emit({ kind: "attempt.end", runId, written: scope.written.length });
  }
}
