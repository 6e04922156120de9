/**
 * The Responses-API server-sent-event wire format, both ways: model events → `event:`/`data:`
 * frames (what the fake model API streams, and what the real codex accepts: response.created,
 * output_item.added, output_text.delta, output_item.done with `phase`, response.completed), and an
 * incremental parser from frames back to model events (what the fake app-server's port reads).
 * A stream that ends before `response.completed` is a cut; one that stops sending is a stall.
 */
import type { ModelEvent, ModelItem } from "../app-server/model.ts";

interface WireItem {
  readonly type?: string;
  readonly id?: string;
  readonly phase?: string | null;
  readonly content?: ReadonlyArray<{ readonly type?: string; readonly text?: string }>;
  readonly call_id?: string;
  readonly name?: string;
  readonly arguments?: string;
  readonly x_fake_output?: string;
}

function wireItem(item: ModelItem, status: "in_progress" | "completed"): Record<string, unknown> {
  if (item.type === "function_call") {
    const base = { type: "function_call", id: item.id, call_id: item.callId, name: item.name, arguments: item.arguments, status };
    return item.fakeOutput === undefined ? base : { ...base, x_fake_output: item.fakeOutput };
  }
  const content = status === "completed" ? [{ type: "output_text", text: item.text, annotations: [] }] : [];
  const base = { type: "message", id: item.id, role: "assistant", status, content };
  return item.phase === null ? base : { ...base, phase: item.phase };
}

/** The `data` payload of one event; `outputIndex` tracks the item's position in the response. */
export function wireEvent(event: ModelEvent, context: { responseId: string; model: string; outputIndex: number }): Record<string, unknown> | undefined {
  const { responseId, model, outputIndex } = context;
  switch (event.type) {
    case "http-error":
      return undefined;
    case "created":
      return { type: "response.created", response: { id: event.responseId, object: "response", status: "in_progress", model, output: [] } };
    case "item.added":
      return { type: "response.output_item.added", output_index: outputIndex, item: wireItem(event.item, "in_progress") };
    case "text.delta":
      return { type: "response.output_text.delta", item_id: event.itemId, output_index: outputIndex, content_index: 0, delta: event.delta };
    case "item.done":
      return { type: "response.output_item.done", output_index: outputIndex, item: wireItem(event.item, "completed") };
    case "completed": {
      const { inputTokens, outputTokens } = event.usage;
      const usage = {
        input_tokens: inputTokens,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: outputTokens,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: inputTokens + outputTokens,
      };
      return { type: "response.completed", response: { id: responseId, object: "response", status: "completed", model, output: [], usage } };
    }
  }
}

export function sseFrame(data: Record<string, unknown>): string {
  return `event: ${String(data["type"])}\ndata: ${JSON.stringify(data)}\n\n`;
}

function modelItem(item: WireItem): ModelItem | undefined {
  if (item.type === "function_call") {
    const base = { type: "function_call", id: item.id ?? "", callId: item.call_id ?? "", name: item.name ?? "", arguments: item.arguments ?? "" } as const;
    return item.x_fake_output === undefined ? base : { ...base, fakeOutput: item.x_fake_output };
  }
  if (item.type !== "message") return undefined;
  const text = (item.content ?? []).filter((c) => c.type === "output_text").map((c) => c.text ?? "").join("");
  const phase = item.phase === "commentary" || item.phase === "partial_answer" || item.phase === "final_answer" ? item.phase : null;
  return { type: "message", id: item.id ?? "", phase, text };
}

/** Maps one parsed `data` payload to a model event; unknown event types give undefined. */
export function parseWireEvent(data: Record<string, unknown>): ModelEvent | undefined {
  switch (data["type"]) {
    case "response.created":
      return { type: "created", responseId: String((data["response"] as { id?: unknown } | undefined)?.id ?? "") };
    case "response.output_item.added":
    case "response.output_item.done": {
      const item = modelItem((data["item"] ?? {}) as WireItem);
      if (item === undefined) return undefined;
      return data["type"] === "response.output_item.added" ? { type: "item.added", item } : { type: "item.done", item };
    }
    case "response.output_text.delta":
      return { type: "text.delta", itemId: String(data["item_id"] ?? ""), delta: String(data["delta"] ?? "") };
    case "response.completed": {
      const usage = ((data["response"] as { usage?: { input_tokens?: number; output_tokens?: number } } | undefined)?.usage ?? {});
      return { type: "completed", usage: { inputTokens: usage.input_tokens ?? 0, outputTokens: usage.output_tokens ?? 0 } };
    }
    default:
      return undefined;
  }
}

/** Incremental SSE parser: push text, get the `data` payloads of complete frames. */
export function createSseParser(): { push(text: string): Array<Record<string, unknown>> } {
  let buffer = "";
  return {
    push(text) {
      buffer += text.replace(/\r\n/g, "\n");
      const out: Array<Record<string, unknown>> = [];
      let end = buffer.indexOf("\n\n");
      while (end !== -1) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame
          .split("\n")
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).replace(/^ /, ""))
          .join("\n");
        if (data !== "" && data !== "[DONE]") {
          try {
            const parsed: unknown = JSON.parse(data);
            if (typeof parsed === "object" && parsed !== null) out.push(parsed as Record<string, unknown>);
          } catch {
            // A garbled frame is skipped, as an SSE client would.
          }
        }
        end = buffer.indexOf("\n\n");
      }
      return out;
    },
  };
}
