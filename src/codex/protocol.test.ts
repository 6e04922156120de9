import { describe, expect, it } from "vitest";
import { isAgentMessageItem, type ThreadItem } from "./protocol.ts";

describe("isAgentMessageItem", () => {
  it("is true for an agentMessage item with string text", () => {
    expect(isAgentMessageItem({ type: "agentMessage", id: "i1", text: "hello" })).toBe(true);
    expect(isAgentMessageItem({ type: "agentMessage", id: "i1", text: "" })).toBe(true);
  });

  it("is false for an agentMessage item without string text", () => {
    expect(isAgentMessageItem({ type: "agentMessage", id: "i1" } as ThreadItem)).toBe(false);
    expect(isAgentMessageItem({ type: "agentMessage", id: "i1", text: 5 } as unknown as ThreadItem)).toBe(false);
  });

  it("is false for other item types, even with string text", () => {
    expect(isAgentMessageItem({ type: "reasoning", id: "i2", text: "thinking" } as ThreadItem)).toBe(false);
    expect(isAgentMessageItem({ type: "commandExecution", id: "i3", command: "ls", status: "completed" })).toBe(false);
  });
});
