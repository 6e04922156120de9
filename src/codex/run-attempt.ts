/**
 * One run attempt on the shared app-server: start (or retry) the thread through the startup policy,
 * run one turn to its end with captureTurn, then decide what a failed turn means for the shared
 * client, and always release the run's lease. After the fixes, a turn that fails for a logical
 * reason (a 401 from the model) leaves the shared process to the other runs that hold it; only a
 * poisoned transport drops it, and the client's own close handler already does that.
 */
import { captureTurn } from "../turn/capture-turn.ts";
import { turnClientFrom } from "../turn/client-adapter.ts";
import type { CaptureTurnResult, TurnExitPolicy } from "../turn/types.ts";
import { errorMessage, isConnectionClosedError } from "./errors.ts";
import type { UserInput } from "./protocol.ts";
import { redactSecrets } from "./redact.ts";
import { startAttemptThread, type StartAttemptThreadOptions } from "./startup.ts";

export interface TurnFailure {
  readonly error: unknown;
  readonly spawnedBy: string | undefined;
  readonly status: string;
}

export interface TurnCleanupDecision {
  readonly clear: boolean;
  readonly reason: string;
}

/** What a failed turn means for the shared client. */
export type TurnCleanupPolicy = (failure: TurnFailure) => TurnCleanupDecision;

/** Post-fix: a logical turn failure keeps the shared process; a closed connection is already gone. */
export const keepSharedClientOnTurnFailure: TurnCleanupPolicy = ({ error }) =>
  isConnectionClosedError(error) ? { clear: false, reason: "connection-already-closed" } : { clear: false, reason: "turn-logical-failure" };

export interface RunAttemptOptions extends StartAttemptThreadOptions {
  readonly input: readonly UserInput[];
  readonly turnPolicy?: TurnCleanupPolicy;
  readonly exitPolicy?: TurnExitPolicy;
}

export type RunAttemptResult =
  | { readonly phase: "startup"; readonly ok: false; readonly error: string }
  | { readonly phase: "turn"; readonly ok: boolean; readonly clientId: string; readonly threadId: string; readonly turn: CaptureTurnResult };

export async function runCodexAttempt(options: RunAttemptOptions): Promise<RunAttemptResult> {
  const { emit } = options;
  const run = { run: options.runLabel ?? null };
  let started;
  try {
    started = await startAttemptThread(options);
  } catch (error) {
    return { phase: "startup", ok: false, error: redactSecrets(errorMessage(error)) };
  }
  const { client, release } = started;
  const threadId = started.thread.thread.id;
  try {
    const turn = await captureTurn(turnClientFrom(client), {
      threadId,
      clock: options.clock,
      emit,
      start: () => client.turnStart({ threadId, input: [...options.input] }),
      ...(options.exitPolicy === undefined ? {} : { exitPolicy: options.exitPolicy }),
    });
    if (turn.status !== "completed") {
      const error = turn.error?.message ?? `turn ${turn.status}`;
      const decision = (options.turnPolicy ?? keepSharedClientOnTurnFailure)({ error: new Error(error), spawnedBy: options.spawnedBy, status: turn.status });
      emit({ kind: "attempt.turn-failed", ...run, clientId: client.id, status: turn.status, message: redactSecrets(error), decision: { ...decision } });
      if (decision.clear) emit({ kind: "attempt.cleared", ...run, clientId: client.id, cleared: options.registry.clearIfCurrent(client) });
    }
    return { phase: "turn", ok: turn.status === "completed", clientId: client.id, threadId, turn };
  } finally {
    release();
    emit({ kind: "attempt.released", ...run, clientId: client.id });
  }
}
