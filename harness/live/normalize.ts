/**
 * Normalizes a transcript for comparison: ids become `<id:N>` by first appearance, timestamps,
 * versions, user agents and temp paths disappear, loopback ports become `<port>`, and each message
 * is reduced to its method plus the key fields a client acts on (statuses, item types, phases,
 * texts, review texts, error infos, willRetry, the model and provider a thread reports). Environment-dependent notifications are set aside as "ambient".
 */
import type { Json } from "../scenario/types.ts";
import type { Transcript } from "./transcript.ts";

export interface NormalizedMessage {
  /** `response:<method>`, `error:<method>`, a notification or request method, `exit`. */
  readonly method: string;
  readonly fields: { readonly [key: string]: Json };
}

export interface NormalizedTranscript {
  readonly caseId: string;
  /** Server → client messages in order, then the exit. */
  readonly received: readonly NormalizedMessage[];
  /** Client → server messages and actions in order. */
  readonly sent: readonly NormalizedMessage[];
  /** Ambient notifications (compared by count, not position). */
  readonly ambient: { readonly [method: string]: number };
  readonly timedOut: boolean;
}

/** Notifications whose presence depends on the host (bubblewrap on PATH…): not compared at all. */
export const IGNORED_METHODS: readonly string[] = ["configWarning"];
/** Notifications that arrive on their own schedule right after initialize: compared by count only. */
export const AMBIENT_METHODS: readonly string[] = ["remoteControl/status/changed"];

type Obj = { readonly [key: string]: unknown };
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

export interface NormalizeOptions {
  /** Absolute temp paths (CODEX_HOME, workdir) to replace with `<tmp>`. */
  readonly paths?: readonly string[];
}

class IdMap {
  private readonly ids = new Map<string, string>();
  name(value: unknown): Json {
    if (typeof value !== "string" && typeof value !== "number") return value === undefined ? null : (value as Json);
    const key = String(value);
    let named = this.ids.get(key);
    if (named === undefined) {
      named = `<id:${this.ids.size + 1}>`;
      this.ids.set(key, named);
    }
    return named;
  }
}

export function normalizeText(text: string, paths: readonly string[] = []): string {
  let out = text;
  for (const p of [...paths].sort((a, b) => b.length - a.length)) out = out.split(p).join("<tmp>");
  return out.replace(/(https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])):\d+/g, "$1:<port>");
}

function str(value: unknown, paths: readonly string[]): Json {
  return typeof value === "string" ? normalizeText(value, paths) : value === undefined ? null : (value as Json);
}

function turnError(error: unknown, paths: readonly string[]): Json {
  if (error === null || error === undefined) return null;
  const e = obj(error);
  return {
    message: str(e["message"], paths),
    codexErrorInfo: (e["codexErrorInfo"] ?? null) as Json,
    additionalDetails: str(e["additionalDetails"] ?? null, paths),
  };
}

function itemFields(item: unknown, ids: IdMap, paths: readonly string[]): Json {
  const i = obj(item);
  const fields: Record<string, Json> = { type: str(i["type"], paths), id: ids.name(i["id"]) };
  if (i["type"] === "agentMessage") {
    fields["phase"] = (i["phase"] ?? null) as Json;
    fields["text"] = str(i["text"], paths);
  }
  if (i["type"] === "userMessage") fields["content"] = arr(i["content"]).map((c) => str(obj(c)["text"], paths));
  if (i["type"] === "enteredReviewMode" || i["type"] === "exitedReviewMode") fields["review"] = str(i["review"], paths);
  return fields;
}

/** The thread a thread/start response or thread/started carries: id, status, and the model and provider it runs on. */
function threadFields(thread: unknown, ids: IdMap, paths: readonly string[]): Record<string, Json> {
  const t = obj(thread);
  return { threadId: ids.name(t["id"]), status: str(obj(t["status"])["type"], paths), model: str(t["model"], paths), modelProvider: str(t["modelProvider"], paths) };
}

function turnFields(turn: unknown, ids: IdMap, paths: readonly string[]): Record<string, Json> {
  const t = obj(turn);
  return {
    id: ids.name(t["id"]),
    status: str(t["status"], paths),
    itemsView: str(t["itemsView"], paths),
    items: arr(t["items"]).map((item) => itemFields(item, ids, paths)),
    error: turnError(t["error"], paths),
  };
}

function notificationFields(method: string, p: Obj, ids: IdMap, paths: readonly string[]): Record<string, Json> {
  const common: Record<string, Json> = {};
  if ("threadId" in p) common["threadId"] = ids.name(p["threadId"]);
  if ("turnId" in p) common["turnId"] = ids.name(p["turnId"]);
  switch (method) {
    case "thread/started":
      return threadFields(p["thread"], ids, paths);
    case "thread/status/changed": {
      const s = obj(p["status"]);
      return { ...common, status: str(s["type"], paths), activeFlags: (s["activeFlags"] ?? null) as Json };
    }
    case "turn/started":
    case "turn/completed":
      return { ...common, turn: turnFields(p["turn"], ids, paths) };
    case "item/started":
    case "item/completed":
      return { ...common, item: itemFields(p["item"], ids, paths) };
    case "item/agentMessage/delta":
      return { ...common, itemId: ids.name(p["itemId"]), delta: str(p["delta"], paths) };
    case "error":
      return { ...common, error: turnError(p["error"], paths), willRetry: (p["willRetry"] ?? null) as Json };
    case "warning":
      return { ...common, message: str(p["message"], paths) };
    default:
      return common;
  }
}

function resultFields(method: string, result: unknown, ids: IdMap, paths: readonly string[]): Record<string, Json> {
  const r = obj(result);
  switch (method) {
    case "initialize":
      return { platformFamily: str(r["platformFamily"], paths), platformOs: str(r["platformOs"], paths), keys: Object.keys(r).sort() };
    case "thread/start":
      return { ...threadFields(r["thread"], ids, paths), sessionModel: str(r["model"], paths), sessionModelProvider: str(r["modelProvider"], paths) };
    case "turn/start":
      return { turn: turnFields(r["turn"], ids, paths) };
    case "review/start":
      return { turn: turnFields(r["turn"], ids, paths), reviewThreadId: ids.name(r["reviewThreadId"]) };
    default:
      return { keys: Object.keys(r).sort() };
  }
}

export function normalizeTranscript(transcript: Transcript, options: NormalizeOptions = {}): NormalizedTranscript {
  const paths = options.paths ?? [];
  const ids = new IdMap();
  const requestMethods = new Map<string, string>();
  const received: NormalizedMessage[] = [];
  const sent: NormalizedMessage[] = [];
  const ambient: Record<string, number> = {};
  for (const entry of transcript.entries) {
    if (entry.dir === "exit") {
      received.push({ method: "exit", fields: { code: entry.code, signal: entry.signal } });
    } else if (entry.dir === "action") {
      sent.push({ method: `action:${entry.action}`, fields: {} });
    } else if (entry.dir === "send") {
      const m = obj(entry.msg);
      const method = String(m["method"] ?? `response:${String(m["id"])}`);
      if (m["id"] !== undefined) requestMethods.set(String(m["id"]), method);
      const p = obj(m["params"]);
      const fields: Record<string, Json> = { hasId: m["id"] !== undefined };
      if ("threadId" in p) fields["threadId"] = ids.name(p["threadId"]);
      if ("turnId" in p) fields["turnId"] = ids.name(p["turnId"]);
      sent.push({ method, fields });
    } else {
      const m = obj(entry.msg);
      const method = m["method"];
      if (typeof method === "string" && m["id"] === undefined) {
        if (IGNORED_METHODS.includes(method)) continue;
        if (AMBIENT_METHODS.includes(method)) {
          ambient[method] = (ambient[method] ?? 0) + 1;
          continue;
        }
        const fields = notificationFields(method, obj(m["params"]), ids, paths);
        received.push({ method, fields: { ...fields, emittedAtMs: typeof m["emittedAtMs"] === "number" } });
      } else if (typeof method === "string") {
        received.push({ method: `server-request:${method}`, fields: { id: ids.name(m["id"]) } });
      } else {
        const requestMethod = requestMethods.get(String(m["id"])) ?? "?";
        if (m["error"] !== undefined) {
          const e = obj(m["error"]);
          received.push({ method: `error:${requestMethod}`, fields: { code: (e["code"] ?? null) as Json, message: str(e["message"], paths) } });
        } else {
          received.push({ method: `response:${requestMethod}`, fields: resultFields(requestMethod, m["result"], ids, paths) });
        }
      }
    }
  }
  return { caseId: transcript.caseId, received, sent, ambient, timedOut: transcript.timedOut };
}
