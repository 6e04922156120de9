/**
 * The fake app-server's fault script: plain JSON data. It says how the server identifies itself,
 * which account it reports, how its model provider retries, what the model answers on each turn,
 * and which ordered fault rules fire (JSON-RPC error on a method, exit or crash with a signal,
 * stall, malformed line, stdin close → EPIPE, delayed response, stderr noise, per-turn model
 * override such as a 401).
 */

export type MessagePhase = "commentary" | "partial_answer" | "final_answer";

/** One item the model streams back. */
export type ModelOutputScript =
  | {
      readonly type: "message";
      /** Copied to `agentMessage.phase`; absent → null, as codex 0.169.0 does. */
      readonly phase?: MessagePhase | null;
      readonly deltas: readonly string[];
      /** false: the stream never sends `output_item.done` for this message (default true). */
      readonly done?: boolean;
    }
  | {
      /** A function call the app-server turns into a `commandExecution` item (and an approval, if the policy asks). */
      readonly type: "exec_command";
      readonly cmd: string;
      readonly callId?: string;
      /** What the fake reports as the command's output when it "runs". */
      readonly output?: string;
    };

/** What one model call (one `POST /v1/responses`) does. */
export type ModelResponseScript =
  | {
      /** The HTTP request fails with this status and a JSON error body. */
      readonly http: {
        readonly status: number;
        readonly message?: string;
        readonly type?: string;
        readonly code?: string;
      };
    }
  | {
      readonly output?: readonly ModelOutputScript[];
      /** completed (default) | stall: the stream goes silent | cut: the stream closes before `response.completed`. */
      readonly end?: "completed" | "stall" | "cut";
      /** Virtual ms before the first event. */
      readonly delayMs?: number;
      /** Virtual ms between events. */
      readonly eventDelayMs?: number;
      readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
    };

/** A turn's model calls in order (retries and tool follow-ups each take the next; the last repeats). */
export type ModelTurnScript = ModelResponseScript | readonly ModelResponseScript[];

export interface ModelScript {
  /** By turn index, counted by the model across every app-server process that shares it. */
  readonly turns?: readonly ModelTurnScript[];
  /** For turns past the end of `turns`; defaults to one final answer "Done." */
  readonly default?: ModelTurnScript;
}

export interface FaultMatch {
  /** 0-based spawn index among the processes one program started; any when absent. */
  readonly process?: number;
  /** At process start, before any input. */
  readonly start?: true;
  /** An incoming request with this method. */
  readonly method?: string;
  /** Only its Nth occurrence in this process (1-based). */
  readonly nth?: number;
  /** 0-based turn index in this process (with `method: "turn/start"` or `afterNotification`). */
  readonly turn?: number;
  /** After the Nth outgoing notification (1-based; counted within the turn when `turn` is set). */
  readonly afterNotification?: number;
  /** Count only notifications with this method. */
  readonly notification?: string;
  /** exec mode only: after the Nth JSONL event written to stdout (1-based). The app-server ignores it. */
  readonly afterEvent?: number;
  /** With `afterEvent`: count only events of this `type` (e.g. "item.completed"). */
  readonly event?: string;
}

export type FaultAction =
  | { readonly kind: "error"; readonly code: number; readonly message: string; readonly data?: unknown }
  | { readonly kind: "exit"; readonly code?: number | null; readonly signal?: string | null }
  | { readonly kind: "stall" }
  | { readonly kind: "malformed"; readonly line?: string }
  | { readonly kind: "closeStdin" }
  | { readonly kind: "delay"; readonly ms: number }
  | { readonly kind: "stderr"; readonly text: string }
  | { readonly kind: "model"; readonly response: ModelTurnScript };

export interface FaultRule {
  /** Names the rule in `appserver.fault` trace events. */
  readonly id?: string;
  readonly when: FaultMatch;
  readonly action: FaultAction;
  /** How many times the rule may fire (default 1). */
  readonly times?: number;
}

export type AuthMode = "apiKey" | "chatgpt" | "provider" | "none";

export interface FakeCodexScript {
  /** apiKey (default) | chatgpt (a 401 triggers a token refresh) | provider (custom provider) | none (logged out). */
  readonly auth?: AuthMode;
  /** chatgpt mode: what the token refresh does after a model 401 (default "expired"). */
  readonly refresh?: "ok" | "expired";
  readonly provider?: {
    readonly streamMaxRetries?: number;
    /** null disables the idle timeout: a stalled stream then hangs the turn. */
    readonly streamIdleTimeoutMs?: number | null;
    readonly retryBackoffMs?: readonly number[];
    readonly baseUrl?: string;
  };
  readonly model?: ModelScript;
  readonly rules?: readonly FaultRule[];
  /** Unsolicited notifications right after `initialize` (e.g. `configWarning`). */
  readonly afterInitialize?: ReadonlyArray<{ readonly method: string; readonly params: Readonly<Record<string, unknown>> }>;
}

export const SCRIPT_DEFAULTS = {
  streamMaxRetries: 0,
  streamIdleTimeoutMs: 300_000,
  /** Gaps between the POSTs observed with stream_max_retries=4: 0 / 234 / 693 / 1479 / 3259 ms. */
  retryBackoffMs: [234, 459, 786, 1780] as readonly number[],
  baseUrl: "http://127.0.0.1:8787/v1",
  cliVersion: "0.169.0",
  /** In the bundled model list of 0.169.0, so no "Model metadata … not found" warning. */
  model: "gpt-5.5",
} as const;

export const DEFAULT_MODEL_TURN: ModelTurnScript = {
  output: [{ type: "message", phase: "final_answer", deltas: ["Done."] }],
};
