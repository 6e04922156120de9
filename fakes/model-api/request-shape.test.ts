import { describe, expect, it } from "vitest";
import { modelRequestShape } from "./request-shape.ts";

const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));

describe("modelRequestShape", () => {
  it("keeps header names and the body fields a model server acts on, never a header value", () => {
    // Arrange
    const headers = { Authorization: "Bearer sk-secret", host: "127.0.0.1:9", "content-type": "application/json", accept: "text/event-stream", originator: "x" };
    const body = {
      model: "m",
      stream: true,
      store: false,
      text: { format: { type: "json_schema", schema: {} } },
      input: [{ type: "message", role: "developer" }, { type: "message", role: "user" }, { type: "function_call_output" }],
    };
    // Act
    const shape = modelRequestShape(headers, bytes(body));
    // Assert
    expect(shape).toEqual({
      headers: ["accept", "authorization", "content-type", "originator"],
      authScheme: "Bearer",
      contentType: "application/json",
      accept: "text/event-stream",
      bodyKeys: ["input", "model", "store", "stream", "text"],
      model: "m",
      stream: true,
      store: false,
      textFormat: "json_schema",
      input: ["message:developer", "message:user", "function_call_output"],
    });
    expect(JSON.stringify(shape)).not.toContain("sk-secret");
  });

  it("reports a body that is not a JSON object as having no fields", () => {
    expect(modelRequestShape({}, bytes("not json"))).toMatchObject({ bodyKeys: null, model: null, stream: null, textFormat: null, input: [], authScheme: null });
    expect(modelRequestShape({}, bytes([1, 2]))).toMatchObject({ bodyKeys: null });
  });
});
