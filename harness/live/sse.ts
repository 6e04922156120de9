/**
 * The minimal Responses-API SSE stream the real app-server accepts (reference §11.4):
 * response.created → output_item.added (message) → output_text.delta… → output_item.done → completed.
 */
export interface SseEvent {
  readonly type: string;
  readonly [key: string]: unknown;
}

export function frameSse(event: SseEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export function streamHead(responseId: string, itemId: string): SseEvent[] {
  return [
    { type: "response.created", response: { id: responseId, object: "response", status: "in_progress", output: [] } },
    {
      type: "response.output_item.added",
      output_index: 0,
      item: { type: "message", id: itemId, role: "assistant", status: "in_progress", content: [] },
    },
  ];
}

export function textDelta(itemId: string, delta: string): SseEvent {
  return { type: "response.output_text.delta", item_id: itemId, output_index: 0, content_index: 0, delta };
}

export function streamTail(options: {
  responseId: string;
  itemId: string;
  text: string;
  phase: "commentary" | "final_answer" | null | undefined;
}): SseEvent[] {
  const item: Record<string, unknown> = {
    type: "message",
    id: options.itemId,
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text: options.text, annotations: [] }],
  };
  if (options.phase != null) item["phase"] = options.phase;
  return [
    { type: "response.output_item.done", output_index: 0, item },
    {
      type: "response.completed",
      response: {
        id: options.responseId,
        object: "response",
        status: "completed",
        usage: {
          input_tokens: 12,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: 4,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: 16,
        },
      },
    },
  ];
}
