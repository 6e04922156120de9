/**
 * The bookkeeping of one captured turn: which threads and turns belong to it, the last agent
 * message, whether a final answer was seen, and what sub-agent work is still pending. Pure state:
 * it reports what happened and leaves timers and completion to capture-turn.ts.
 */
import type { TurnErrorInfo } from "./types.ts";

/** What applying one notification means for the capture. */
export type TurnSignal =
  | { readonly kind: "none" }
  | { readonly kind: "root-completed"; readonly turn: TerminalTurn }
  | { readonly kind: "final-answer" }
  | { readonly kind: "subagent-drained" };

export interface TerminalTurn {
  readonly id: string;
  readonly status: string;
  readonly error: TurnErrorInfo | null;
}

type Dict = Readonly<Record<string, unknown>>;

const NONE: TurnSignal = { kind: "none" };

function asDict(value: unknown): Dict | undefined {
  return typeof value === "object" && value !== null ? (value as Dict) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function toErrorInfo(value: unknown): TurnErrorInfo | null {
  const d = asDict(value);
  const message = str(d?.["message"]);
  if (d === undefined || message === undefined) return null;
  return d["codexErrorInfo"] == null ? { message } : { message, codexErrorInfo: d["codexErrorInfo"] };
}

export function toTerminalTurn(value: unknown, fallbackId: string): TerminalTurn {
  const d = asDict(value);
  return { id: str(d?.["id"]) ?? fallbackId, status: str(d?.["status"]) ?? "completed", error: toErrorInfo(d?.["error"]) };
}

export class TurnState {
  turnId: string | undefined;
  finalAnswerSeen = false;
  lastAgentMessage: string | null = null;
  error: TurnErrorInfo | null = null;
  private readonly threadIds: Set<string>;
  private readonly threadTurnIds = new Map<string, string>();
  private readonly pendingCollaborations = new Set<string>();
  private readonly activeSubagentTurns = new Set<string>();

  constructor(readonly rootThreadId: string) {
    this.threadIds = new Set([rootThreadId]);
  }

  get subagentWorkPending(): boolean {
    return this.pendingCollaborations.size > 0 || this.activeSubagentTurns.size > 0;
  }

  setRootTurn(turnId: string): void {
    this.turnId = turnId;
    this.threadTurnIds.set(this.rootThreadId, turnId);
  }

  /** Sub-agent bookkeeping for reports: what is still pending. */
  pendingWork(): { collaborations: string[]; subagentThreads: string[] } {
    return { collaborations: [...this.pendingCollaborations], subagentThreads: [...this.activeSubagentTurns] };
  }

  /** True when the notification concerns this turn (its threads, and the turn they run). */
  belongs(params: unknown): boolean {
    const d = asDict(params);
    const threadId = str(d?.["threadId"]);
    if (threadId === undefined || !this.threadIds.has(threadId)) return false;
    const turnId = str(d?.["turnId"]) ?? str(asDict(d?.["turn"])?.["id"]);
    const known = this.threadTurnIds.get(threadId);
    return turnId === undefined || known === undefined || known === turnId;
  }

  apply(method: string, params: unknown): TurnSignal {
    const d = asDict(params) ?? {};
    const threadId = str(d["threadId"]) ?? this.rootThreadId;
    switch (method) {
      case "turn/started":
        return this.turnStarted(threadId, asDict(d["turn"]));
      case "turn/completed":
        return this.turnCompleted(threadId, d["turn"]);
      case "item/started":
        return this.recordItem(threadId, asDict(d["item"]), { completed: false });
      case "item/completed":
        return this.recordItem(threadId, asDict(d["item"]), { completed: true });
      case "error":
        this.error = toErrorInfo(d["error"]) ?? this.error;
        return NONE;
      default:
        return NONE;
    }
  }

  private isRoot(threadId: string): boolean {
    return threadId === this.rootThreadId;
  }

  private turnStarted(threadId: string, turn: Dict | undefined): TurnSignal {
    const id = str(turn?.["id"]);
    if (id !== undefined) this.threadTurnIds.set(threadId, id);
    if (!this.isRoot(threadId)) this.activeSubagentTurns.add(threadId);
    return NONE;
  }

  private turnCompleted(threadId: string, turn: unknown): TurnSignal {
    if (this.isRoot(threadId)) return { kind: "root-completed", turn: toTerminalTurn(turn, this.turnId ?? "unknown-turn") };
    this.activeSubagentTurns.delete(threadId);
    return { kind: "subagent-drained" };
  }

  private recordItem(threadId: string, item: Dict | undefined, lifecycle: { completed: boolean }): TurnSignal {
    if (item === undefined || !this.isRoot(threadId)) return NONE;
    const type = str(item["type"]);
    if (type === "collabAgentToolCall") return this.recordCollaboration(item, lifecycle);
    if (type !== "agentMessage") return NONE;
    const text = str(item["text"]);
    if (text !== undefined) this.lastAgentMessage = text;
    if (lifecycle.completed && item["phase"] === "final_answer") {
      this.finalAnswerSeen = true;
      return { kind: "final-answer" };
    }
    return NONE;
  }

  private recordCollaboration(item: Dict, lifecycle: { completed: boolean }): TurnSignal {
    const id = str(item["id"]) ?? "collab";
    const receivers = item["receiverThreadIds"];
    if (Array.isArray(receivers)) for (const r of receivers) if (typeof r === "string") this.threadIds.add(r);
    if (!lifecycle.completed) {
      this.pendingCollaborations.add(id);
      return NONE;
    }
    this.pendingCollaborations.delete(id);
    return { kind: "subagent-drained" };
  }
}
