/**
 * The model source of a configured provider: calls `${base_url}/responses` as codex 0.169.0 does
 * (POST, `Authorization: Bearer $<env_key>`, `accept: text/event-stream`, the session headers, and
 * a body with `model`, `stream: true`, the conversation `input` so far, `tools`, `tool_choice`,
 * `reasoning`, `store: false`, `text` (with the turn's `outputSchema` as a `json_schema` format)
 * and `prompt_cache_key`), parses the SSE stream, and retries a request that fails to connect or
 * answers 429/5xx up to `request_max_retries` times with codex's backoff. Stream retries and the
 * idle timeout belong to the turn engine (fakes/app-server/turn.ts).
 */
import { sleep, type Clock } from "../../src/runtime/clock.ts";
import type { ModelEvent, ModelItem, ModelPort, ModelRequest } from "../app-server/model.ts";
import { SCRIPT_DEFAULTS } from "../app-server/script.ts";
import type { ModelProviderConfig } from "../config/load.ts";
import { readModelEvents, type FetchLike } from "./port.ts";

export interface ResponsesClientOptions {
  readonly provider: ModelProviderConfig;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  /** The process environment (for `env_key`); the key is sent, never traced. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `originator` and `user-agent` headers (the client's name, as codex sends them). */
  readonly originator?: string;
  readonly userAgent?: string;
  readonly backoffMs?: readonly number[];
}

const INSTRUCTIONS = "You are Codex, a coding agent. (fake-codex: a test double of codex 0.169.0; it sends the request shape, not the real prompt.)";

type InputItem = Readonly<Record<string, unknown>>;

function outputToInput(item: ModelItem): InputItem {
  if (item.type === "message") return { type: "message", role: "assistant", id: item.id, content: [{ type: "output_text", text: item.text }] };
  return { type: "function_call", id: item.id, call_id: item.callId, name: item.name, arguments: item.arguments };
}

function urlFor(provider: ModelProviderConfig): string {
  const query = new URLSearchParams(provider.queryParams).toString();
  return `${provider.baseUrl}/responses${query === "" ? "" : `?${query}`}`;
}

export function createResponsesModelPort(options: ResponsesClientOptions): ModelPort {
  const { provider } = options;
  const history = new Map<string, InputItem[]>();
  const backoff = options.backoffMs ?? SCRIPT_DEFAULTS.retryBackoffMs;

  function requestFor(request: ModelRequest, input: readonly InputItem[]): Request {
    const headers: Record<string, string> = {
      ...provider.httpHeaders,
      accept: "text/event-stream",
      "content-type": "application/json",
      "session-id": request.threadId,
      "thread-id": request.threadId,
      "x-client-request-id": request.threadId,
      originator: options.originator ?? "codex_cli_rs",
      "user-agent": options.userAgent ?? `codex_cli_rs/${SCRIPT_DEFAULTS.cliVersion}`,
    };
    const key = provider.envKey === undefined ? undefined : options.env[provider.envKey];
    if (key !== undefined && key !== "") headers["authorization"] = `Bearer ${key}`;
    const text: Record<string, unknown> = { verbosity: "low" };
    if (request.outputSchema !== undefined) text["format"] = { type: "json_schema", name: "codex_output_schema", schema: request.outputSchema, strict: true };
    const body = {
      model: request.model,
      instructions: INSTRUCTIONS,
      stream: true,
      input,
      tools: [],
      tool_choice: "auto",
      parallel_tool_calls: true,
      reasoning: { effort: "medium" },
      store: false,
      include: ["reasoning.encrypted_content"],
      prompt_cache_key: request.threadId,
      text,
    };
    return new Request(urlFor(provider), { method: "POST", headers, body: JSON.stringify(body) });
  }

  /** One request with codex's request retries; a connection that never opens ends as a 0-status error. */
  async function send(request: ModelRequest, input: readonly InputItem[]): Promise<Response | { readonly failed: string }> {
    for (let attempt = 0; ; attempt++) {
      let outcome: Response | { readonly failed: string };
      try {
        outcome = await options.fetch(requestFor(request, input));
      } catch (error) {
        outcome = { failed: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) };
      }
      const retryable = !(outcome instanceof Response) || outcome.status === 429 || outcome.status >= 500;
      if (!retryable || attempt >= provider.requestMaxRetries) return outcome;
      if (outcome instanceof Response) await outcome.body?.cancel().catch(() => {});
      await sleep(options.clock, backoff[attempt] ?? backoff.at(-1) ?? 1000, { label: "model request retry backoff" });
    }
  }

  return {
    async *respond(request) {
      const items = history.get(request.threadId) ?? [];
      history.set(request.threadId, items);
      if (request.retry !== true) {
        if (request.call === 0) items.push({ type: "message", role: "user", content: [{ type: "input_text", text: request.input }] });
        else items.push({ type: "function_call_output", call_id: request.callId ?? `call-${request.call}`, output: request.input });
      }
      const response = await send(request, [...items]);
      if (!(response instanceof Response)) {
        yield { type: "http-error", status: 0, body: { error: { message: `error sending request for url (${urlFor(provider)}): ${response.failed}`, type: "connection_error", code: null } } };
        return;
      }
      for await (const event of readModelEvents(response)) {
        if (event.type === "item.done") items.push(outputToInput(event.item));
        yield event;
      }
    },
  } satisfies ModelPort & { respond(request: ModelRequest): AsyncIterable<ModelEvent> };
}
