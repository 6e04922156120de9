/**
 * The JSONL thread events `codex exec --experimental-json` writes (as codex 0.169.0 and the
 * `@openai/codex-sdk` type definitions name them), and the translation from the fake app-server's
 * notifications, which is how the real exec mode produces them too. Observed on the real binary:
 * agent messages appear only as `item.completed`; command executions as `item.started` then
 * `item.completed`; items are numbered `item_<n>` per process; `turn.completed.usage` is the
 * thread's running total (across processes after a resume); a failed turn is `error` then
 * `turn.failed` with the same message.
 */

export interface ExecUsage {
  readonly input_tokens: number;
  readonly cached_input_tokens: number;
  readonly cache_write_input_tokens: number;
  readonly output_tokens: number;
  readonly reasoning_output_tokens: number;
}

export type ExecItem =
  | { readonly id: string; readonly type: "agent_message"; readonly text: string }
  | {
      readonly id: string;
      readonly type: "command_execution";
      readonly command: string;
      readonly aggregated_output: string;
      readonly exit_code: number | null;
      readonly status: "in_progress" | "completed" | "failed";
    };

export type ThreadEvent =
  | { readonly type: "thread.started"; readonly thread_id: string }
  | { readonly type: "turn.started" }
  | { readonly type: "item.started" | "item.updated" | "item.completed"; readonly item: ExecItem }
  | { readonly type: "turn.completed"; readonly usage: ExecUsage }
  | { readonly type: "turn.failed"; readonly error: { readonly message: string } }
  | { readonly type: "error"; readonly message: string };

export interface TokenTotals {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export const ZERO_TOKENS: TokenTotals = { inputTokens: 0, outputTokens: 0 };

/** What ended the turn, for the exit code: completed → 0, failed or interrupted → 1. */
export type TurnEnd = "completed" | "failed" | "interrupted";

type Params = Readonly<Record<string, unknown>>;

function record(value: unknown): Params {
  return typeof value === "object" && value !== null ? (value as Params) : {};
}

function commandStatus(status: unknown): "in_progress" | "completed" | "failed" {
  if (status === "inProgress") return "in_progress";
  return status === "completed" ? "completed" : "failed";
}

/** Turns app-server notifications into thread events; one per exec process. */
export class ExecTranslator {
  private readonly ids = new Map<string, string>();
  private tokens: TokenTotals;
  /** Set once the turn ends. */
  end: TurnEnd | undefined;

  constructor(startTokens: TokenTotals) {
    this.tokens = startTokens;
  }

  /** The thread's token totals so far (to persist for the next process). */
  get totals(): TokenTotals {
    return this.tokens;
  }

  private itemId(appServerId: unknown): string {
    const key = String(appServerId);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = `item_${this.ids.size}`;
      this.ids.set(key, id);
    }
    return id;
  }

  private item(raw: Params): ExecItem | undefined {
    if (raw["type"] === "agentMessage") return { id: this.itemId(raw["id"]), type: "agent_message", text: String(raw["text"] ?? "") };
    if (raw["type"] === "commandExecution") {
      const exitCode = raw["exitCode"];
      return {
        id: this.itemId(raw["id"]),
        type: "command_execution",
        command: String(raw["command"] ?? ""),
        aggregated_output: typeof raw["aggregatedOutput"] === "string" ? raw["aggregatedOutput"] : "",
        exit_code: typeof exitCode === "number" ? exitCode : null,
        status: commandStatus(raw["status"]),
      };
    }
    return undefined;
  }

  translate(method: string, params: Params): ThreadEvent[] {
    switch (method) {
      case "turn/started":
        return [{ type: "turn.started" }];
      case "item/started": {
        const raw = record(params["item"]);
        // Agent messages are reported once, complete (as 0.169.0 does).
        if (raw["type"] !== "commandExecution") return [];
        const item = this.item(raw);
        return item === undefined ? [] : [{ type: "item.started", item }];
      }
      case "item/completed": {
        const item = this.item(record(params["item"]));
        return item === undefined ? [] : [{ type: "item.completed", item }];
      }
      case "thread/tokenUsage/updated": {
        const last = record(record(params["tokenUsage"])["last"]);
        this.tokens = {
          inputTokens: this.tokens.inputTokens + Number(last["inputTokens"] ?? 0),
          outputTokens: this.tokens.outputTokens + Number(last["outputTokens"] ?? 0),
        };
        return [];
      }
      case "error":
        return [{ type: "error", message: String(record(params["error"])["message"] ?? "") }];
      case "turn/completed":
        return this.turnCompleted(record(params["turn"]));
      default:
        return [];
    }
  }

  private turnCompleted(turn: Params): ThreadEvent[] {
    const status = turn["status"];
    if (status === "completed") {
      this.end = "completed";
      return [{ type: "turn.completed", usage: usageEvent(this.tokens) }];
    }
    if (status === "failed") {
      this.end = "failed";
      return [{ type: "turn.failed", error: { message: String(record(turn["error"])["message"] ?? "turn failed") } }];
    }
    this.end = "interrupted";
    return [];
  }
}

export function usageEvent(tokens: TokenTotals): ExecUsage {
  return {
    input_tokens: tokens.inputTokens,
    cached_input_tokens: 0,
    cache_write_input_tokens: 0,
    output_tokens: tokens.outputTokens,
    reasoning_output_tokens: 0,
  };
}
