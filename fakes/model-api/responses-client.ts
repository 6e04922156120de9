/**
 * The model source of a configured provider: calls `${base_url}/responses` as codex 0.169.0 does
 * (POST, `Authorization: Bearer $<env_key>`, `accept: text/event-stream`, the session and
 * `x-codex-*` headers, `originator`/`user-agent` named after the client from `initialize`, and a
 * body with `model`, `stream: true`, the conversation `input` so far — opened, as codex opens it,
 * by two developer messages and an `<environment_context>` user message — `tools`, `tool_choice`,
 * `reasoning`, `store: false`, `text` (with the turn's `outputSchema` as a `json_schema` format),
 * `prompt_cache_key` and `client_metadata`; no `instructions` field), parses the SSE stream, and retries a request that fails to connect or
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
  /**
   * `originator` and `user-agent` headers: codex sends the client's name from `initialize` and the
   * user agent it answered with; read at each request (the client introduces itself after start-up).
   */
  readonly originator?: () => string | undefined;
  readonly userAgent?: () => string | undefined;
  /** The working directory reported in the `<environment_context>` message. */
  readonly cwd?: string;
  readonly backoffMs?: readonly number[];
}

const INSTRUCTIONS = "You are Codex, a coding agent. (fake-codex: a test double of codex 0.169.0; it sends the request shape, not the real prompt.)";
const DEVELOPER_CONTEXT = "<skills_instructions>\n(fake-codex: no skills are installed)\n</skills_instructions>";

type InputItem = Readonly<Record<string, unknown>>;

const developer = (text: string): InputItem => ({ type: "message", role: "developer", content: [{ type: "input_text", text }] });

/** What codex puts before a thread's first user message. */
function threadPreamble(cwd: string): InputItem[] {
  const context = `<environment_context>\n  <cwd>${cwd}</cwd>\n  <shell>bash</shell>\n</environment_context>`;
  return [developer(INSTRUCTIONS), developer(DEVELOPER_CONTEXT), { type: "message", role: "user", content: [{ type: "input_text", text: context }] }];
}

/** The one tool the fake's model scripts can call (codex offers more). */
const EXEC_COMMAND_TOOL = {
  type: "function",
  name: "exec_command",
  description: "Runs a shell command (fake-codex reports the scripted output).",
  strict: false,
  parameters: { type: "object", properties: { cmd: { type: "string", description: "Shell command to execute." } }, required: ["cmd"], additionalProperties: false },
};

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
    const windowId = `${request.threadId}:0`;
    const turnMetadata = JSON.stringify({
      session_id: request.threadId,
      thread_id: request.threadId,
      turn_id: request.turnId,
      window_id: windowId,
      window_number: 0,
      request_kind: "turn",
      root_turn_id: request.turnId,
      model: request.model,
      reasoning_effort: "medium",
    });
    const originator = options.originator?.() ?? "codex_cli_rs";
    // A review runs as a sub-agent of the thread: codex names the parent and the kind (its own thread id is the fake's one thread).
    const subagent: Record<string, string> = request.subagent === undefined ? {} : { "x-openai-subagent": request.subagent, "x-codex-parent-thread-id": request.threadId };
    const headers: Record<string, string> = {
      ...provider.httpHeaders,
      ...subagent,
      "x-codex-beta-features": "remote_compaction_v2",
      "x-codex-window-id": windowId,
      "x-codex-turn-metadata": turnMetadata,
      "x-client-request-id": request.threadId,
      "session-id": request.threadId,
      "thread-id": request.threadId,
      accept: "text/event-stream",
      "content-type": "application/json",
      originator,
      "user-agent": options.userAgent?.() ?? `${originator}/${SCRIPT_DEFAULTS.cliVersion}`,
    };
    const key = provider.envKey === undefined ? undefined : options.env[provider.envKey];
    if (key !== undefined && key !== "") headers["authorization"] = `Bearer ${key}`;
    const text: Record<string, unknown> = { verbosity: "low" };
    if (request.outputSchema !== undefined) text["format"] = { type: "json_schema", name: "codex_output_schema", schema: request.outputSchema, strict: true };
    const body = {
      model: request.model,
      stream: true,
      input,
      tools: [EXEC_COMMAND_TOOL],
      tool_choice: "auto",
      parallel_tool_calls: true,
      reasoning: { effort: "medium" },
      store: false,
      include: ["reasoning.encrypted_content"],
      prompt_cache_key: request.threadId,
      text,
      client_metadata: {
        "x-codex-window-id": windowId,
        thread_id: request.threadId,
        turn_id: request.turnId,
        "x-codex-turn-metadata": turnMetadata,
        root_turn_id: request.turnId,
        session_id: request.threadId,
      },
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
      const items = history.get(request.threadId) ?? threadPreamble(options.cwd ?? "/");
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
