import { describe, expect, it } from "vitest";
import type { ModelEvent } from "../app-server/model.ts";
import { createSseParser, parseWireEvent, sseFrame, wireEvent } from "./sse.ts";

const events: ModelEvent[] = [
  { type: "created", responseId: "resp_1" },
  { type: "item.added", item: { type: "message", id: "msg_1", phase: null, text: "" } },
  { type: "text.delta", itemId: "msg_1", delta: "Hi\nthere" },
  { type: "item.done", item: { type: "message", id: "msg_1", phase: "final_answer", text: "Hi\nthere" } },
  { type: "item.added", item: { type: "function_call", id: "fc_1", callId: "call_1", name: "exec_command", arguments: '{"cmd":"ls"}', fakeOutput: "a\n" } },
  { type: "completed", usage: { inputTokens: 3, outputTokens: 2 } },
];

describe("Responses SSE encoding", () => {
  it("round-trips every model event, phase and fake output included, however the bytes are chunked", () => {
    const text = events.map((e) => sseFrame(wireEvent(e, { responseId: "resp_1", model: "gpt-5.5", outputIndex: 0 }) ?? {})).join("");
    for (const size of [1, 7, 64, text.length]) {
      const parser = createSseParser();
      const parsed: Array<ModelEvent | undefined> = [];
      for (let i = 0; i < text.length; i += size) parsed.push(...parser.push(text.slice(i, i + size)).map(parseWireEvent));
      expect(parsed).toEqual(events);
    }
  });

  it("frames each event with its type as the SSE event name and the output_text content on done", () => {
    const done = wireEvent(events[3] as ModelEvent, { responseId: "r", model: "m", outputIndex: 2 });
    expect(sseFrame(done ?? {}).split("\n")[0]).toBe("event: response.output_item.done");
    expect(done).toMatchObject({ output_index: 2, item: { type: "message", phase: "final_answer", content: [{ type: "output_text", text: "Hi\nthere" }] } });
  });

  it("accepts CRLF line ends and skips comments, [DONE] and unknown events", () => {
    const parser = createSseParser();
    const out = parser.push(': keep-alive\r\n\r\nevent: x\r\ndata: {"type":"response.in_progress"}\r\n\r\ndata: [DONE]\r\n\r\ndata: {"type":"response.created","response":{"id":"r9"}}\r\n\r\n');
    expect(out.map(parseWireEvent)).toEqual([undefined, { type: "created", responseId: "r9" }]);
  });
});
