/**
 * What the fake app-server remembers about threads, as codex 0.169.0 does within one process:
 * each thread's turns (with their items, for `thread/read`, `thread/turns/list` and `thread/fork`),
 * its name, whether it is archived, loaded (in `thread/loaded/list`) and subscribed by this
 * connection (an unsubscribed thread's turn notifications are dropped, except
 * `thread/status/changed`, as observed in the live lane). A thread has a rollout, and so appears in
 * `thread/list`, once its first turn started. Id lookups answer with the real server's errors.
 */
import type { Connection, JsonRpcId } from "./connection.ts";
import { threadPayload, turnPayload, type ThreadRecord, type TurnErrorPayload, type TurnStatus } from "./payloads.ts";
import { parseUuid } from "./uuid.ts";

/** One turn as the thread remembers it; the running turn updates it as it goes. */
export interface RecordedTurn {
  readonly id: string;
  readonly items: Array<Record<string, unknown>>;
  status: TurnStatus;
  error: TurnErrorPayload | null;
  readonly startedAtMs: number;
  completedAtMs: number | null;
}

export interface ThreadState {
  readonly record: ThreadRecord;
  readonly createdAtMs: number;
  readonly forkedFromId: string | null;
  readonly turns: RecordedTurn[];
  name: string | null;
  preview: string;
  updatedAtS: number;
  archived: boolean;
  loaded: boolean;
  subscribed: boolean;
  /** The last `thread/tokenUsage/updated` usage (a fork reports it for its copied history). */
  tokenUsage?: unknown;
  /** The last `thread/status/changed` status sent for it. */
  status: { readonly type: string; readonly activeFlags?: readonly string[] };
}

/** Which words the real server uses for an unparseable id: `thread/fork` and `thread/resume` say "session". */
export type IdNoun = "thread" | "session";

export class ThreadStore {
  private readonly threads = new Map<string, ThreadState>();

  constructor(private readonly codexHome: string) {}

  add(record: ThreadRecord, options: { createdAtMs: number; forkedFromId?: string | null; turns?: RecordedTurn[]; preview?: string }): ThreadState {
    const state: ThreadState = {
      record,
      createdAtMs: options.createdAtMs,
      forkedFromId: options.forkedFromId ?? null,
      turns: options.turns ?? [],
      name: null,
      preview: options.preview ?? "",
      updatedAtS: record.createdAtS,
      archived: false,
      loaded: true,
      subscribed: true,
      status: { type: "idle" },
    };
    this.threads.set(record.id, state);
    return state;
  }

  get(threadId: string): ThreadState | undefined {
    return this.threads.get(threadId);
  }

  all(): ThreadState[] {
    return [...this.threads.values()];
  }

  /**
   * The thread a request names, or undefined after answering the error: an unparseable id →
   * `invalid <noun> id: <uuid error>`; a valid id this process does not know (or `usable` refuses) → `missing(id)`.
   */
  lookup(
    conn: Connection,
    request: { id: JsonRpcId; method: string; params: Record<string, unknown> },
    options: { noun?: IdNoun; missing: (threadId: string) => string; usable?: (state: ThreadState) => string | undefined },
  ): ThreadState | undefined {
    const raw = request.params["threadId"];
    if (typeof raw !== "string") {
      conn.respondError(request.id, request.method, { code: -32600, message: "Invalid request: missing field `threadId`" });
      return undefined;
    }
    const parsed = parseUuid(raw);
    if (!parsed.ok) {
      conn.respondError(request.id, request.method, { code: -32600, message: `invalid ${options.noun ?? "thread"} id: ${parsed.message}` });
      return undefined;
    }
    const state = this.threads.get(parsed.id);
    const refusal = state === undefined ? options.missing(parsed.id) : options.usable?.(state);
    if (refusal !== undefined) {
      conn.respondError(request.id, request.method, { code: -32600, message: refusal });
      return undefined;
    }
    return state;
  }

  /** The thread's turns, oldest first, as `thread/read` (full) and `thread/turns/list` show them. */
  turnViews(state: ThreadState, itemsView: "full" | "summary" | "notLoaded"): Array<Record<string, unknown>> {
    return state.turns.map((turn) =>
      turnPayload({
        id: turn.id,
        items: itemsView === "notLoaded" ? [] : turn.items,
        itemsView,
        status: turn.status,
        error: turn.error,
        startedAtS: Math.floor(turn.startedAtMs / 1000),
        completedAtS: turn.completedAtMs === null ? null : Math.floor(turn.completedAtMs / 1000),
        durationMs: turn.completedAtMs === null ? null : turn.completedAtMs - turn.startedAtMs,
      }),
    );
  }

  /** The rollout file's path: moved under `archived_sessions/` (flat) while archived, as the real server does. */
  pathOf(state: ThreadState): string | null {
    const path = state.record.path;
    if (path === null || !state.archived) return path;
    return `${this.codexHome}/archived_sessions/${path.slice(path.lastIndexOf("/") + 1)}`;
  }

  /**
   * The thread object as `thread/read`, `thread/list` (listing: true) and friends show it: a thread
   * that is not loaded has no environments and status notLoaded; list entries carry no fork origin
   * and a null `canAcceptDirectInput` (as 0.169.0 sends them).
   */
  view(state: ThreadState, options: { turns?: unknown[]; listing?: boolean } = {}): Record<string, unknown> {
    const status = state.status.activeFlags === undefined ? { type: state.status.type } : { type: state.status.type, activeFlags: [...state.status.activeFlags] };
    const base = threadPayload(state.record, state.loaded ? status : { type: "notLoaded" });
    const listing = options.listing === true;
    return {
      ...base,
      ...(state.loaded ? {} : { environments: null }),
      forkedFromId: listing ? null : state.forkedFromId,
      preview: state.preview,
      model: state.loaded || state.turns.length > 0 ? state.record.model : null,
      updatedAt: state.updatedAtS,
      recencyAt: state.updatedAtS,
      path: this.pathOf(state),
      canAcceptDirectInput: listing || !state.loaded ? null : true,
      name: state.name,
      turns: options.turns ?? [],
    };
  }
}

/** `thread not found: <id>`: turn/start, turn/interrupt, review/start, backgroundTerminals on a thread not loaded here. */
export const notFound = (threadId: string): string => `thread not found: ${threadId}`;
/** `thread not loaded: <id>`: thread/read and thread/turns/list of an unknown id. */
export const notLoaded = (threadId: string): string => `thread not loaded: ${threadId}`;
/** `no rollout found for thread id <id>`: resume, fork, archive, name/set of an unknown (or never-run) thread. */
export const noRollout = (threadId: string): string => `no rollout found for thread id ${threadId}`;
export const archivedSession = (threadId: string): string => `session ${threadId} is archived. Run \`codex unarchive ${threadId}\` to unarchive it first.`;
