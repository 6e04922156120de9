/**
 * One startup attempt of a Codex-backed run (the post-fix `attempt-startup.ts` shape): acquire a
 * client, `thread/start`, retry up to 3 attempts when the transport is poisoned (clearing the dead
 * client each time), always release the attempt's lease when it did not succeed, and after a
 * failure let the cleanup policy decide whether the shared client is cleared.
 * Seams for scenarios: `policy` (when to clear) and `acquisition` (shared lease vs private client).
 */
import type { RequestOptions } from "../jsonrpc/types.ts";
import type { Clock } from "../runtime/clock.ts";
import type { EventSink } from "../runtime/events.ts";
import type { CodexAppServerClient } from "./app-server-client.ts";
import { CodexAppServerRpcError, CodexThreadStartRequestError, errorMessage, isConnectionClosedError } from "./errors.ts";
import type { ThreadStartParams, ThreadStartResult } from "./protocol.ts";
import type { SharedClientRegistry } from "./shared-client.ts";
import type { CodexStartOptions } from "./shared-client-key.ts";
import { redactSecrets } from "./redact.ts";
import { isSpawnedRun, postFixStartupCleanupPolicy, type StartupCleanupPolicy } from "./startup-policy.ts";
import { resolveStartupTimeoutMs, withStartupTimeout } from "./startup-timeout.ts";

export const STARTUP_CONNECTION_CLOSE_MAX_ATTEMPTS = 3;

export interface AcquiredStartupClient {
  readonly client: CodexAppServerClient;
  /** Gives the client back: drops the lease (shared) or closes it (isolated). Idempotent. */
  readonly release: () => void;
  readonly mode: "shared" | "isolated";
}

export interface AcquisitionInput {
  readonly registry: SharedClientRegistry;
  readonly startOptions: CodexStartOptions;
  readonly spawnedBy: string | undefined;
  readonly timeoutMs: number;
}

export type StartupClientAcquisition = (input: AcquisitionInput) => Promise<AcquiredStartupClient>;

/** The shipped design: every run, spawned or not, leases the one shared client. */
export const sharedLeaseAcquisition: StartupClientAcquisition = async ({ registry, startOptions, timeoutMs }) => {
  const lease = await registry.acquireLeased(startOptions, { timeoutMs });
  return { client: lease.client, release: lease.release, mode: "shared" };
};

/** A private, unshared client (upstream `createIsolatedCodexAppServerClient`); release closes it. */
export const isolatedClientAcquisition: StartupClientAcquisition = async ({ registry, startOptions, timeoutMs }) => {
  const client = await registry.startIsolated(startOptions, { timeoutMs });
  return { client, release: () => client.close(), mode: "isolated" };
};

/** `thread/start`, with a logical (JSON-RPC error) failure wrapped in CodexThreadStartRequestError. */
export async function startThread(client: CodexAppServerClient, params: ThreadStartParams, options: RequestOptions): Promise<ThreadStartResult> {
  try {
    return await client.threadStart(params, options);
  } catch (error) {
    if (error instanceof CodexAppServerRpcError) throw new CodexThreadStartRequestError(error);
    throw error;
  }
}

export interface StartAttemptThreadOptions {
  readonly registry: SharedClientRegistry;
  readonly startOptions: CodexStartOptions;
  readonly spawnedBy?: string | undefined;
  readonly signal?: AbortSignal;
  /** Startup timeout (floored at 100 ms); also bounds the shared initialize wait. */
  readonly timeoutMs: number;
  /** Per-RPC timeout for thread/start; default: the client's request timeout. */
  readonly requestTimeoutMs?: number;
  readonly threadParams: ThreadStartParams;
  readonly policy?: StartupCleanupPolicy;
  readonly acquisition?: StartupClientAcquisition;
  readonly clock: Clock;
  readonly emit: EventSink;
  /** Names the run in events ("parent", "helper-1"). */
  readonly runLabel?: string;
  /** Attempts on connection-closed errors; default 3 (upstream's constant). */
  readonly maxConnectionCloseAttempts?: number;
}

export interface StartAttemptThreadResult {
  readonly thread: ThreadStartResult;
  readonly client: CodexAppServerClient;
  readonly clientId: string;
  readonly attempts: number;
  readonly mode: "shared" | "isolated";
  /** The run holds the client until it calls this. Idempotent. */
  readonly release: () => void;
}

export async function startAttemptThread(options: StartAttemptThreadOptions): Promise<StartAttemptThreadResult> {
  const { registry, emit, spawnedBy, signal } = options;
  const policy = options.policy ?? postFixStartupCleanupPolicy;
  const acquisition = options.acquisition ?? sharedLeaseAcquisition;
  const run = { run: options.runLabel ?? null, spawned: isSpawnedRun(spawnedBy) };
  const timeoutMs = resolveStartupTimeoutMs({ timeoutMs: options.timeoutMs });
  let startupClientForCleanup: CodexAppServerClient | undefined;
  let attempts = 0;

  const attemptLoop = async (abandoned: AbortSignal): Promise<StartAttemptThreadResult> => {
    for (;;) {
      abandoned.throwIfAborted();
      attempts += 1;
      const acquired = await acquisition({ registry, startOptions: options.startOptions, spawnedBy, timeoutMs });
      startupClientForCleanup = acquired.client;
      emit({ kind: "startup.attempt", ...run, attempt: attempts, clientId: acquired.client.id, mode: acquired.mode });
      let succeeded = false;
      try {
        const requestOptions: RequestOptions = { signal: abandoned, ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }) };
        const thread = await startThread(acquired.client, options.threadParams, requestOptions);
        succeeded = true;
        emit({ kind: "startup.succeeded", ...run, attempts, clientId: acquired.client.id, threadId: thread.thread.id });
        return { thread, client: acquired.client, clientId: acquired.client.id, attempts, mode: acquired.mode, release: acquired.release };
      } catch (error) {
        if (!isConnectionClosedError(error) || signal?.aborted === true || abandoned.aborted) throw error;
        // The transport is poisoned: drop that client so the next attempt gets a fresh process.
        const cleared = registry.clearIfCurrent(acquired.client);
        const willRetry = attempts < (options.maxConnectionCloseAttempts ?? STARTUP_CONNECTION_CLOSE_MAX_ATTEMPTS);
        emit({ kind: "startup.retry", ...run, attempt: attempts, clientId: acquired.client.id, message: redactSecrets(errorMessage(error)), cleared, willRetry });
        if (!willRetry) throw error;
      } finally {
        if (!succeeded) acquired.release();
      }
    }
  };

  try {
    return await withStartupTimeout({ timeoutMs, clock: options.clock, operation: attemptLoop, ...(signal === undefined ? {} : { signal }) });
  } catch (error) {
    const decision = policy({ error, spawnedBy, runAborted: signal?.aborted === true });
    const clientId = startupClientForCleanup?.id ?? null;
    emit({
      kind: "startup.failed",
      ...run,
      attempts,
      clientId,
      message: redactSecrets(errorMessage(error)),
      errorName: error instanceof Error ? error.name : typeof error,
      decision: { clear: decision.clear, reason: decision.reason },
    });
    if (decision.clear && startupClientForCleanup !== undefined) {
      const cleared = registry.clearIfCurrent(startupClientForCleanup);
      emit({ kind: "startup.cleared", ...run, clientId, cleared });
    }
    throw error;
  }
}
