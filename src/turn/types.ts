/**
 * The shapes captureTurn works with: the minimal client it needs, the exit policy seam, and the
 * result a CLI turns into its exit code.
 */
import type { Clock } from "../runtime/clock.ts";
import type { EventSink } from "../runtime/events.ts";

/** What captureTurn needs from an app-server client (direct or through the broker). */
export interface TurnClient {
  /** Subscribes to every server notification. Returns an unsubscribe. */
  onAnyNotification(handler: (method: string, params: unknown) => void): () => void;
  /**
   * Settles once, when the connection is gone: with the exit error, or `null` for a clean end
   * (exit code 0, socket EOF, local close). Never rejects.
   */
  readonly exited: Promise<Error | null>;
}

/** The minimal `turn/start` response captureTurn reads. */
export interface TurnStartResponse {
  readonly turn: { readonly id: string; readonly status?: string; readonly error?: unknown };
}

export interface TurnErrorInfo {
  readonly message: string;
  readonly codexErrorInfo?: unknown;
}

/** What the exit watchdog sees when the client's exit wins the race. */
export interface TurnExitView {
  readonly finalAnswerSeen: boolean;
  /** Pending collaborations or active sub-agent turns. */
  readonly subagentWorkPending: boolean;
  readonly exitError: Error | null;
}

/**
 * The exit watchdog's decision: complete as an inferred success, fail the turn, or ignore the
 * exit (the pre-#243 behaviour: nothing completes the turn).
 */
export type TurnExitDecision = "succeed" | "fail" | "ignore";
export type TurnExitPolicy = (view: TurnExitView) => TurnExitDecision;

/** How the turn reached its end. */
export type TurnCompletionPath = "turn-completed" | "start-response" | "inferred" | "exit-inferred" | "exit-failed";

export interface CaptureTurnResult {
  readonly threadId: string;
  readonly turnId: string;
  /** `completed`, `failed`, `interrupted` (or whatever terminal status the server sent). */
  readonly status: string;
  readonly via: TurnCompletionPath;
  /** The text of the last root agentMessage, if any. */
  readonly finalMessage: string | null;
  readonly finalAnswerSeen: boolean;
  readonly error: TurnErrorInfo | null;
  /** What a CLI returns: 0 only for `completed`. */
  readonly exitCode: 0 | 1;
}

export interface CaptureTurnOptions {
  readonly threadId: string;
  /** Sends `turn/start`; captureTurn buffers notifications until it resolves. */
  readonly start: () => Promise<TurnStartResponse>;
  readonly clock: Clock;
  readonly emit?: EventSink;
  /** Delay of the inferred completion after a final answer; 250 ms like the plugin. */
  readonly inferredCompletionDelayMs?: number;
  /** Replaceable for known-bad variants; the default is the PR #243 watchdog. */
  readonly exitPolicy?: TurnExitPolicy;
}

export const INFERRED_COMPLETION_DELAY_MS = 250;
export const DISCONNECTED_MESSAGE = "codex app-server disconnected before the turn completed";
