/**
 * captureTurn: follows one turn to its end. Three paths complete it: the root `turn/completed`
 * (or a terminal status already in the `turn/start` response); the inferred completion 250 ms
 * after a completed final answer with no sub-agent work pending; and the exit watchdog (PR #243):
 * when the client's connection ends first, a turn whose final answer was seen and has nothing
 * pending succeeds at once (a dead socket sends nothing more), any other turn fails with the
 * exit error or "codex app-server disconnected before the turn completed".
 */
import type { TimerId } from "../runtime/clock.ts";
import type { EventSink } from "../runtime/events.ts";
import { TurnState, toTerminalTurn, type TerminalTurn } from "./turn-state.ts";
import {
  DISCONNECTED_MESSAGE,
  INFERRED_COMPLETION_DELAY_MS,
  type CaptureTurnOptions,
  type CaptureTurnResult,
  type TurnClient,
  type TurnCompletionPath,
  type TurnExitPolicy,
} from "./types.ts";

/** The PR #243 watchdog: a seen final answer with nothing pending is a success; anything else fails. */
export const completeOnExit: TurnExitPolicy = (view) => (view.finalAnswerSeen && !view.subagentWorkPending ? "succeed" : "fail");

/** `turn/start` itself failed (an error response, or the connection closed before it answered). */
export class TurnStartError extends Error {
  readonly threadId: string;
  constructor(threadId: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`turn/start on thread ${threadId} failed: ${why}`, { cause });
    this.name = "TurnStartError";
    this.threadId = threadId;
  }
}

const TERMINAL = new Set(["completed", "failed", "interrupted"]);

export function captureTurn(client: TurnClient, options: CaptureTurnOptions): Promise<CaptureTurnResult> {
  return new TurnCapture(client, options).run();
}

class TurnCapture {
  private readonly state: TurnState;
  private readonly emit: EventSink;
  private readonly exitPolicy: TurnExitPolicy;
  private buffer: Array<readonly [string, unknown]> | undefined = [];
  private timer: TimerId | undefined;
  private phase: "capturing" | "completed" = "capturing";
  private settle!: (result: CaptureTurnResult) => void;
  private readonly completion = new Promise<CaptureTurnResult>((resolve) => (this.settle = resolve));

  constructor(
    private readonly client: TurnClient,
    private readonly options: CaptureTurnOptions,
  ) {
    this.state = new TurnState(options.threadId);
    this.emit = options.emit ?? (() => {});
    this.exitPolicy = options.exitPolicy ?? completeOnExit;
  }

  async run(): Promise<CaptureTurnResult> {
    const unsubscribe = this.client.onAnyNotification((method, params) => this.onNotification(method, params));
    // Registered before turn/start goes out: an exit at any point must reach the watchdog.
    void this.client.exited.then((exitError) => this.onExit(exitError));
    try {
      const response = await this.startTurn();
      this.state.setRootTurn(response.turn.id);
      this.emit({ kind: "turn.capture.start-response", threadId: this.options.threadId, turnId: response.turn.id, status: response.turn.status ?? null });
      const buffered = this.buffer ?? [];
      this.buffer = undefined;
      for (const [method, params] of buffered) this.handle(method, params);
      const status = response.turn.status;
      if (status !== undefined && TERMINAL.has(status)) this.complete(toTerminalTurn(response.turn, response.turn.id), "start-response");
      return await this.completion;
    } finally {
      this.clearTimer();
      unsubscribe();
    }
  }

  private async startTurn(): Promise<Awaited<ReturnType<CaptureTurnOptions["start"]>>> {
    try {
      return await this.options.start();
    } catch (error) {
      this.phase = "completed";
      throw new TurnStartError(this.options.threadId, error);
    }
  }

  private onNotification(method: string, params: unknown): void {
    if (this.buffer !== undefined) {
      this.buffer.push([method, params]);
      return;
    }
    this.handle(method, params);
  }

  private handle(method: string, params: unknown): void {
    if (this.phase === "completed" || !this.state.belongs(params)) return;
    const signal = this.state.apply(method, params);
    switch (signal.kind) {
      case "root-completed":
        this.complete(signal.turn, "turn-completed");
        return;
      case "final-answer":
        this.emit({ kind: "turn.capture.final-answer", threadId: this.options.threadId, turnId: this.state.turnId ?? null });
        this.scheduleInferredCompletion();
        return;
      case "subagent-drained":
        this.scheduleInferredCompletion();
        return;
      case "none":
        return;
    }
  }

  private canInfer(): boolean {
    return this.phase === "capturing" && this.state.finalAnswerSeen && !this.state.subagentWorkPending;
  }

  private scheduleInferredCompletion(): void {
    if (!this.canInfer()) return;
    this.clearTimer();
    const delayMs = this.options.inferredCompletionDelayMs ?? INFERRED_COMPLETION_DELAY_MS;
    this.timer = this.options.clock.setTimer(
      delayMs,
      () => {
        this.timer = undefined;
        if (this.canInfer()) this.complete(this.inferredTurn("completed"), "inferred");
      },
      { label: "captureTurn inferred completion" },
    );
  }

  private onExit(exitError: Error | null): void {
    if (this.phase === "completed") return;
    const view = { finalAnswerSeen: this.state.finalAnswerSeen, subagentWorkPending: this.state.subagentWorkPending, exitError };
    const decision = this.exitPolicy(view);
    this.emit({
      kind: "turn.capture.exit-observed",
      threadId: this.options.threadId,
      turnId: this.state.turnId ?? null,
      decision,
      finalAnswerSeen: view.finalAnswerSeen,
      pending: this.state.pendingWork(),
      exitError: exitError?.message ?? null,
    });
    if (decision === "succeed") this.complete(this.inferredTurn("completed"), "exit-inferred");
    if (decision === "fail") {
      this.state.error ??= { message: exitError?.message ?? DISCONNECTED_MESSAGE };
      this.complete(this.inferredTurn("failed"), "exit-failed");
    }
  }

  private inferredTurn(status: string): TerminalTurn {
    const fallback = status === "failed" ? "disconnected-turn" : "inferred-turn";
    return { id: this.state.turnId ?? fallback, status, error: null };
  }

  private complete(turn: TerminalTurn, via: TurnCompletionPath): void {
    if (this.phase === "completed") return;
    this.phase = "completed";
    this.clearTimer();
    const error = turn.error ?? (turn.status === "completed" ? null : this.state.error);
    const result: CaptureTurnResult = {
      threadId: this.options.threadId,
      turnId: turn.id,
      status: turn.status,
      via,
      finalMessage: this.state.lastAgentMessage,
      finalAnswerSeen: this.state.finalAnswerSeen,
      error,
      exitCode: turn.status === "completed" ? 0 : 1,
    };
    this.emit({ kind: "turn.capture.completed", threadId: result.threadId, turnId: result.turnId, status: result.status, via, exitCode: result.exitCode, error: error?.message ?? null });
    this.settle(result);
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    this.options.clock.clearTimer(this.timer);
    this.timer = undefined;
  }
}
