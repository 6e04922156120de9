/**
 * The shape of one model request, for comparing two clients of the same Responses API (the real
 * codex and the fake's provider client): which headers are sent (names only, never values), which
 * body fields, and the few values a model server acts on (model, stream, store, tool choice, the
 * structured-output format, the roles and types of the input items). Nothing secret is kept: the
 * Authorization header is reduced to its scheme.
 */
export interface ModelRequestShape {
  /** Lower-case header names, sorted, without the transport's own (host, content-length, connection). */
  readonly headers: readonly string[];
  /** `Bearer`, another scheme, or null when there is no Authorization header. */
  readonly authScheme: string | null;
  readonly contentType: string | null;
  readonly accept: string | null;
  /** Top-level body keys, sorted; null when the body is not a JSON object. */
  readonly bodyKeys: readonly string[] | null;
  readonly model: string | null;
  readonly stream: boolean | null;
  readonly store: boolean | null;
  /** `text.format.type` (e.g. `json_schema` for a turn with an outputSchema), else null. */
  readonly textFormat: string | null;
  /** Each input item as `type` or `type:role` (e.g. `message:user`). */
  readonly input: readonly string[];
}

const TRANSPORT_HEADERS = new Set(["host", "content-length", "connection", "accept-encoding", "transfer-encoding", "keep-alive"]);

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function bodyJson(body: Uint8Array): Obj | undefined {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body)) as unknown;
    return isObj(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function modelRequestShape(headers: Readonly<Record<string, string | readonly string[] | undefined>>, body: Uint8Array): ModelRequestShape {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const one = (name: string): string | null => {
    const v = lower.get(name);
    return v === undefined ? null : typeof v === "string" ? v : (v[0] ?? null);
  };
  const json = bodyJson(body);
  const text = isObj(json?.["text"]) ? json["text"] : undefined;
  const format = isObj(text?.["format"]) ? text["format"] : undefined;
  const input = Array.isArray(json?.["input"]) ? (json["input"] as unknown[]) : [];
  const auth = one("authorization");
  return {
    headers: [...lower.keys()]
      .filter((h) => !TRANSPORT_HEADERS.has(h))
      .sort(),
    authScheme: auth === null ? null : (auth.split(" ")[0] ?? ""),
    contentType: one("content-type"),
    accept: one("accept"),
    bodyKeys: json === undefined ? null : Object.keys(json).sort(),
    model: typeof json?.["model"] === "string" ? json["model"] : null,
    stream: typeof json?.["stream"] === "boolean" ? json["stream"] : null,
    store: typeof json?.["store"] === "boolean" ? json["store"] : null,
    textFormat: typeof format?.["type"] === "string" ? format["type"] : null,
    input: input.map((item) => {
      const i = isObj(item) ? item : {};
      const type = typeof i["type"] === "string" ? i["type"] : "?";
      return typeof i["role"] === "string" ? `${type}:${i["role"]}` : type;
    }),
  };
}
