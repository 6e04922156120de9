/**
 * The code under test in the SDK scenarios: how an application runs one Codex turn through
 * `@openai/codex-sdk` (pinned) and reports it. `carefulUser` is the reference: it surfaces every
 * SDK error, bounds the turn with an AbortSignal, and treats a turn without `turn.completed` as
 * failed. The mutants are the wrappers users really write, each missing one of those.
 */
import type { Codex, ThreadOptions, TurnOptions } from "@openai/codex-sdk";
import type { Clock } from "../../src/runtime/clock.ts";

export interface TurnRequest {
  readonly codex: Codex;
  readonly prompt: string;
  readonly mode: "run" | "streamed";
  readonly clock: Clock;
  readonly resumeId?: string;
  readonly outputSchema?: Readonly<Record<string, unknown>>;
  /** The user's own bound on one turn; the careful user aborts the turn after it. */
  readonly turnTimeoutMs: number;
  readonly threadOptions?: ThreadOptions;
}

export interface TurnReport {
  readonly status: "completed" | "failed";
  readonly finalResponse: string;
  readonly threadId: string | null;
  readonly error: string | null;
  /** Total input tokens the SDK reported (null without `turn.completed`). */
  readonly inputTokens: number | null;
  readonly itemTypes: readonly string[];
}

export interface SdkUser {
  runTurn(request: TurnRequest): Promise<TurnReport>;
}

const THREAD_DEFAULTS: ThreadOptions = { skipGitRepoCheck: true, sandboxMode: "read-only" };

function openThread(request: TurnRequest) {
  const options = { ...THREAD_DEFAULTS, ...request.threadOptions };
  return request.resumeId === undefined ? request.codex.startThread(options) : request.codex.resumeThread(request.resumeId, options);
}

/** An AbortSignal that fires after `ms` on the scenario's clock; `cancel` stops the timer. */
function abortAfter(clock: Clock, ms: number): { signal: AbortSignal; cancel: () => void } {
  const controller = new AbortController();
  const timer = clock.setTimer(ms, () => controller.abort(new Error(`turn exceeded ${ms} ms`)), { label: "sdk turn timeout" });
  return { signal: controller.signal, cancel: () => clock.clearTimer(timer) };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function streamedTurn(thread: ReturnType<typeof openThread>, prompt: string, options: TurnOptions): Promise<Omit<TurnReport, "threadId">> {
  const { events } = await thread.runStreamed(prompt, options);
  const itemTypes: string[] = [];
  let finalResponse = "";
  for await (const event of events) {
    if (event.type === "item.completed") {
      itemTypes.push(event.item.type);
      if (event.item.type === "agent_message") finalResponse = event.item.text;
    } else if (event.type === "turn.completed") {
      return { status: "completed", finalResponse, error: null, inputTokens: event.usage.input_tokens, itemTypes };
    } else if (event.type === "turn.failed") {
      return { status: "failed", finalResponse, error: event.error.message, inputTokens: null, itemTypes };
    }
  }
  return { status: "failed", finalResponse, error: "the event stream ended without turn.completed", inputTokens: null, itemTypes };
}

export const carefulUser: SdkUser = {
  async runTurn(request) {
    const thread = openThread(request);
    const bound = abortAfter(request.clock, request.turnTimeoutMs);
    const options: TurnOptions = { signal: bound.signal, ...(request.outputSchema === undefined ? {} : { outputSchema: request.outputSchema }) };
    try {
      if (request.mode === "streamed") return { ...(await streamedTurn(thread, request.prompt, options)), threadId: thread.id };
      const turn = await thread.run(request.prompt, options);
      const itemTypes = turn.items.map((item) => item.type);
      // `run()` resolves when codex exits 0 even if the turn never completed: usage is then null.
      if (turn.usage === null) return { status: "failed", finalResponse: turn.finalResponse, threadId: thread.id, error: "codex exited without turn.completed", inputTokens: null, itemTypes };
      return { status: "completed", finalResponse: turn.finalResponse, threadId: thread.id, error: null, inputTokens: turn.usage.input_tokens, itemTypes };
    } catch (error) {
      return { status: "failed", finalResponse: "", threadId: thread.id, error: message(error), inputTokens: null, itemTypes: [] };
    } finally {
      bound.cancel();
    }
  },
};

/** Catches every SDK error and reports the turn as completed with whatever it had. */
export const swallowsErrors: SdkUser = {
  async runTurn(request) {
    const report = await carefulUser.runTurn(request);
    return report.status === "failed" ? { ...report, status: "completed", error: null } : report;
  },
};

/** Trusts `thread.run()`: whatever it resolves with is a completed turn. */
export const bareRun: SdkUser = {
  async runTurn(request) {
    const thread = openThread(request);
    try {
      const turn = await thread.run(request.prompt, request.outputSchema === undefined ? {} : { outputSchema: request.outputSchema });
      return { status: "completed", finalResponse: turn.finalResponse, threadId: thread.id, error: null, inputTokens: turn.usage?.input_tokens ?? null, itemTypes: turn.items.map((i) => i.type) };
    } catch (error) {
      return { status: "failed", finalResponse: "", threadId: thread.id, error: message(error), inputTokens: null, itemTypes: [] };
    }
  },
};

/** Streams, and takes the first agent message as the answer. */
export const firstMessageWins: SdkUser = {
  async runTurn(request) {
    const thread = openThread(request);
    const { events } = await thread.runStreamed(request.prompt);
    for await (const event of events) {
      if (event.type === "item.completed" && event.item.type === "agent_message") {
        return { status: "completed", finalResponse: event.item.text, threadId: thread.id, error: null, inputTokens: null, itemTypes: [event.item.type] };
      }
    }
    return { status: "failed", finalResponse: "", threadId: thread.id, error: "no agent message", inputTokens: null, itemTypes: [] };
  },
};

/** Streams inside a try/catch and calls whatever it collected a success when the stream ends. */
export const streamEndIsSuccess: SdkUser = {
  async runTurn(request) {
    const thread = openThread(request);
    let finalResponse = "";
    const itemTypes: string[] = [];
    try {
      const { events } = await thread.runStreamed(request.prompt);
      for await (const event of events) {
        if (event.type === "item.completed") {
          itemTypes.push(event.item.type);
          if (event.item.type === "agent_message") finalResponse = event.item.text;
        }
      }
    } catch {
      // "the stream is over, we have what we have"
    }
    return { status: "completed", finalResponse, threadId: thread.id, error: null, inputTokens: null, itemTypes };
  },
};

/** Resolves only on `turn.completed`; failures and a dead process leave its promise pending forever. */
export const onlyResolvesOnCompleted: SdkUser = {
  runTurn(request) {
    const thread = openThread(request);
    return new Promise((resolve) => {
      void (async () => {
        try {
          const { events } = await thread.runStreamed(request.prompt);
          for await (const event of events) {
            if (event.type === "turn.completed") resolve({ status: "completed", finalResponse: "", threadId: thread.id, error: null, inputTokens: event.usage.input_tokens, itemTypes: [] });
          }
        } catch {
          // ignored: "it will complete eventually"
        }
      })();
    });
  },
};

/** Forgets to pass the output schema to the turn. */
export const dropsOutputSchema: SdkUser = {
  runTurn(request) {
    const { outputSchema: _dropped, ...rest } = request;
    return carefulUser.runTurn(rest);
  },
};

/** Ignores the thread id it was given and starts a fresh thread. */
export const startsNewThread: SdkUser = {
  runTurn(request) {
    const { resumeId: _ignored, ...rest } = request;
    return carefulUser.runTurn(rest);
  },
};
