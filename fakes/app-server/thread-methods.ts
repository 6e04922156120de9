/**
 * The thread-management requests of the fake app-server, stateful as codex 0.169.0 is within one
 * process (answers and errors as observed in the live lane): `thread/list` (threads that have run a
 * turn; archived ones only with `archived: true`), `thread/read`, `thread/turns/list`,
 * `thread/fork` (a new thread with the source's turns), `thread/archive` / `thread/unarchive`,
 * `thread/unsubscribe` (this connection stops getting the thread's turn notifications),
 * `thread/name/set`, `thread/loaded/list` and `thread/backgroundTerminals/list` (none run here).
 */
import { createHash } from "node:crypto";
import { formatIsoUtc } from "../../src/runtime/utc.ts";
import type { Connection, JsonRpcId } from "./connection.ts";
import { rolloutPath, threadStartResult, type ThreadRecord } from "./payloads.ts";
import { archivedSession, noRollout, notFound, notLoaded, type ThreadState, type ThreadStore } from "./thread-store.ts";
import { parseUuid } from "./uuid.ts";

export interface ThreadMethodDeps {
  readonly conn: Connection;
  readonly store: ThreadStore;
  readonly codexHome: string;
  readonly nowMs: () => number;
  readonly newId: () => string;
  readonly clientName: () => string;
  readonly isActive: (threadId: string) => boolean;
}

type Handler = (id: JsonRpcId, params: Record<string, unknown>) => void;

const HYDRATION_READ = "Full-history hydration is deprecated for paginated threads; omit `includeTurns` or set it to `false`, then page with `thread/turns/list` and `thread/items/list`.";
const HYDRATION_FORK = "Full-history hydration is deprecated for paginated threads; use `excludeTurns: true`, then page with `thread/turns/list` and `thread/items/list`.";
const LIST_TURNS_UNSUPPORTED = { code: -32601, message: "list_turns is not supported yet" } as const;

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const limitOf = (value: unknown): number => (typeof value === "number" && Number.isInteger(value) && value > 0 ? value : Number.MAX_SAFE_INTEGER);

export function createThreadMethods(deps: ThreadMethodDeps): Readonly<Record<string, Handler>> {
  const { conn, store } = deps;

  const req = (id: JsonRpcId, method: string, params: Record<string, unknown>) => ({ id, method, params });
  const hasRollout = (s: ThreadState): string | undefined => (s.turns.length > 0 ? undefined : noRollout(s.record.id));

  /**
   * The read state 0.169.0 reports: the first unread turn and a revision that changes when the
   * thread gets turns (a UUID; derived here from the thread and its turn count, so reads draw no randomness).
   */
  function readState(state: ThreadState): Record<string, unknown> {
    const first = state.turns[0];
    if (first === undefined) return { firstUnread: null, revision: `initial:${state.record.id}` };
    const h = createHash("sha256").update(`${state.record.id}:${state.turns.length}`).digest("hex");
    const revision = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
    return { firstUnread: { type: "turn", turnId: first.id }, revision };
  }

  function turnsCursor(state: ThreadState, ordinal: number): string {
    return JSON.stringify({ requestedThreadId: state.record.id, rolloutOrdinal: ordinal, includeAnchor: true, scope: { kind: "turns" } });
  }

  const list: Handler = (id, params) => {
    const archived = params["archived"] === true;
    const providers = Array.isArray(params["modelProviders"]) ? (params["modelProviders"] as unknown[]) : undefined;
    const search = str(params["searchTerm"]);
    const byUpdated = params["sortKey"] === "updated_at";
    const ascending = params["sortDirection"] === "asc";
    const key = (s: ThreadState): string => (byUpdated ? formatIsoUtc(s.updatedAtS * 1000) : formatIsoUtc(s.createdAtMs));
    const cursor = str(params["cursor"]);
    const entries = store
      .all()
      .filter((s) => s.turns.length > 0 && !s.record.ephemeral && s.archived === archived)
      .filter((s) => providers === undefined || providers.length === 0 || providers.includes(s.record.modelProvider))
      .filter((s) => search === undefined || s.preview.includes(search) || (s.name ?? "").includes(search))
      .sort((a, b) => (ascending ? 1 : -1) * (key(a) === key(b) ? a.record.id.localeCompare(b.record.id) : key(a).localeCompare(key(b))))
      .filter((s) => cursor === undefined || (ascending ? key(s) > cursor : key(s) < cursor));
    const page = entries.slice(0, limitOf(params["limit"]));
    const last = page.at(-1);
    const first = page[0];
    conn.respond(id, "thread/list", {
      data: page.map((s) => store.view(s, { listing: true })),
      readStates: Object.fromEntries(page.map((s) => [s.record.id, readState(s)])),
      nextCursor: last !== undefined && page.length < entries.length ? key(last) : null,
      backwardsCursor: first === undefined ? null : key(first),
    });
  };

  const read: Handler = (id, params) => {
    const state = store.lookup(conn, req(id, "thread/read", params), { missing: notLoaded });
    if (state === undefined) return;
    if (params["includeTurns"] !== true) return conn.respond(id, "thread/read", { thread: store.view(state), readState: readState(state) });
    if (state.loaded && state.turns.length === 0) return conn.respondError(id, "thread/read", LIST_TURNS_UNSUPPORTED);
    conn.notify("deprecationNotice", { summary: HYDRATION_READ, details: null });
    conn.respond(id, "thread/read", { thread: store.view(state, { turns: store.turnViews(state, "full") }), readState: readState(state) });
  };

  const turnsList: Handler = (id, params) => {
    const state = store.lookup(conn, req(id, "thread/turns/list", params), { missing: notLoaded });
    if (state === undefined) return;
    if (state.turns.length === 0) {
      if (state.loaded) return conn.respondError(id, "thread/turns/list", LIST_TURNS_UNSUPPORTED);
      return conn.respond(id, "thread/turns/list", { data: [], nextCursor: null, backwardsCursor: null });
    }
    const itemsView = params["itemsView"] === "full" || params["itemsView"] === "notLoaded" ? params["itemsView"] : "summary";
    const ascending = params["sortDirection"] === "asc";
    const views = store.turnViews(state, itemsView).map((view, i) => ({ view, ordinal: i + 1 }));
    if (!ascending) views.reverse();
    const from = str(params["cursor"]);
    let start = 0;
    if (from !== undefined) {
      const ordinal = (() => {
        try {
          return (JSON.parse(from) as { rolloutOrdinal?: unknown }).rolloutOrdinal;
        } catch {
          return undefined;
        }
      })();
      if (typeof ordinal !== "number") return conn.respondError(id, "thread/turns/list", { code: -32600, message: `invalid cursor: ${from}` });
      start = Math.max(0, views.findIndex((v) => v.ordinal === ordinal));
    }
    const page = views.slice(start, start + limitOf(params["limit"]));
    const next = views[start + page.length];
    conn.respond(id, "thread/turns/list", {
      data: page.map((v) => v.view),
      nextCursor: next === undefined ? null : turnsCursor(state, next.ordinal),
      backwardsCursor: page[0] === undefined ? null : turnsCursor(state, page[0].ordinal),
    });
  };

  const fork: Handler = (id, params) => {
    const usable = (s: ThreadState): string | undefined => (s.archived ? archivedSession(s.record.id) : hasRollout(s));
    const source = store.lookup(conn, req(id, "thread/fork", params), { noun: "session", missing: noRollout, usable });
    if (source === undefined) return;
    const nowMs = deps.nowMs();
    const forkId = deps.newId();
    const ephemeral = params["ephemeral"] === true;
    const record: ThreadRecord = {
      ...source.record,
      id: forkId,
      cwd: str(params["cwd"]) ?? source.record.cwd,
      model: str(params["model"]) ?? source.record.model,
      modelProvider: str(params["modelProvider"]) ?? source.record.modelProvider,
      approvalPolicy: params["approvalPolicy"] ?? source.record.approvalPolicy,
      ephemeral,
      createdAtS: Math.floor(nowMs / 1000),
      path: ephemeral ? null : rolloutPath(deps.codexHome, nowMs, forkId),
      originator: deps.clientName(),
    };
    const state = store.add(record, { createdAtMs: nowMs, forkedFromId: source.record.id, turns: structuredClone(source.turns), preview: source.preview });
    state.tokenUsage = source.tokenUsage;
    const withTurns = params["excludeTurns"] !== true;
    if (withTurns) conn.notify("deprecationNotice", { summary: HYDRATION_FORK, details: null });
    conn.respond(id, "thread/fork", { ...threadStartResult(record), thread: store.view(state, { turns: withTurns ? store.turnViews(state, "full") : [] }) });
    const lastTurn = state.turns.at(-1);
    if (state.tokenUsage !== undefined && lastTurn !== undefined) conn.notify("thread/tokenUsage/updated", { threadId: forkId, turnId: lastTurn.id, tokenUsage: state.tokenUsage });
    conn.notify("thread/started", { thread: store.view(state) });
  };

  const archive: Handler = (id, params) => {
    const state = store.lookup(conn, req(id, "thread/archive", params), { missing: noRollout, usable: (s) => (s.archived ? noRollout(s.record.id) : undefined) });
    if (state === undefined) return;
    Object.assign(state, { archived: true, loaded: false, subscribed: false, status: { type: "notLoaded" } });
    conn.notify("thread/status/changed", { threadId: state.record.id, status: { type: "notLoaded" } });
    conn.respond(id, "thread/archive", {});
    conn.notify("thread/archived", { threadId: state.record.id });
  };

  const unarchive: Handler = (id, params) => {
    const none = (threadId: string): string => `no archived rollout found for thread id ${threadId}`;
    const state = store.lookup(conn, req(id, "thread/unarchive", params), { missing: none, usable: (s) => (s.archived ? undefined : none(s.record.id)) });
    if (state === undefined) return;
    state.archived = false;
    state.updatedAtS = Math.floor(deps.nowMs() / 1000);
    conn.respond(id, "thread/unarchive", { thread: store.view(state) });
    conn.notify("thread/unarchived", { threadId: state.record.id });
  };

  const unsubscribe: Handler = (id, params) => {
    const parsed = parseUuid(String(params["threadId"] ?? ""));
    if (!parsed.ok) return conn.respondError(id, "thread/unsubscribe", { code: -32600, message: `invalid thread id: ${parsed.message}` });
    const state = store.get(parsed.id);
    let status = "notLoaded";
    if (state?.loaded === true) status = state.subscribed ? "unsubscribed" : "notSubscribed";
    if (state !== undefined) state.subscribed = false;
    conn.respond(id, "thread/unsubscribe", { status });
  };

  const setName: Handler = (id, params) => {
    const state = store.lookup(conn, req(id, "thread/name/set", params), { missing: noRollout, usable: hasRollout });
    if (state === undefined) return;
    const name = String(params["name"] ?? "").trim();
    if (name === "") return conn.respondError(id, "thread/name/set", { code: -32600, message: "thread name must not be empty" });
    state.name = name;
    conn.respond(id, "thread/name/set", {});
    conn.notify("thread/name/updated", { threadId: state.record.id, threadName: name });
  };

  const loadedList: Handler = (id, params) => {
    const ids = store.all().filter((s) => s.loaded).map((s) => s.record.id);
    const cursor = str(params["cursor"]);
    const start = cursor === undefined ? 0 : ids.indexOf(cursor) + 1;
    const page = ids.slice(start, start + limitOf(params["limit"]));
    conn.respond(id, "thread/loaded/list", { data: page, nextCursor: start + page.length < ids.length ? (page.at(-1) ?? null) : null });
  };

  const backgroundTerminals: Handler = (id, params) => {
    const loaded = (s: ThreadState): string | undefined => (s.loaded ? undefined : notFound(s.record.id));
    const state = store.lookup(conn, req(id, "thread/backgroundTerminals/list", params), { missing: notFound, usable: loaded });
    if (state !== undefined) conn.respond(id, "thread/backgroundTerminals/list", { data: [], nextCursor: null });
  };

  return {
    "thread/list": list,
    "thread/read": read,
    "thread/turns/list": turnsList,
    "thread/fork": fork,
    "thread/archive": archive,
    "thread/unarchive": unarchive,
    "thread/unsubscribe": unsubscribe,
    "thread/name/set": setName,
    "thread/loaded/list": loadedList,
    "thread/backgroundTerminals/list": backgroundTerminals,
  };
}
