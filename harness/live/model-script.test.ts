import { describe, expect, it } from "vitest";
import { parseModelScript, pickReply } from "./model-script.ts";

describe("parseModelScript", () => {
  it("accepts a script with matched and default rules", () => {
    const script = parseModelScript({
      rules: [
        { match: { inputContains: "[helper]" }, reply: { kind: "http-error", status: 401, body: {} } },
        { reply: { kind: "message", deltas: ["ok"], phase: "final_answer" } },
      ],
    });
    expect(pickReply(script, '{"input":"[helper] go"}')?.kind).toBe("http-error");
    expect(pickReply(script, '{"input":"parent"}')?.kind).toBe("message");
  });

  it("names the field path and what was expected when a rule is malformed", () => {
    expect(() => parseModelScript({ rules: [{ reply: { kind: "message", deltas: "nope" } }] })).toThrow(
      "model script: $.rules[0].reply.deltas: expected an array of strings",
    );
    expect(() => parseModelScript({ rules: [{ reply: { kind: "teleport" } }] })).toThrow('$.rules[0].reply.kind: expected "message" | "http-error" | "stall"');
    expect(() => parseModelScript({ rules: [] })).toThrow("$.rules: expected a non-empty array");
  });

  it("returns no reply when no rule matches", () => {
    const script = parseModelScript({ rules: [{ match: { inputContains: "x" }, reply: { kind: "stall", deltas: [] } }] });
    expect(pickReply(script, "y")).toBeUndefined();
  });
});
