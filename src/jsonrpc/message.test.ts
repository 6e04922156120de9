import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeError, encodeNotification, encodeRequest, encodeResult, parseIncoming } from "./message.ts";

/** What a JSON value looks like after one trip over the wire (-0 becomes 0, and so on). */
const wire = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
const id = fc.oneof(fc.integer(), fc.string());

describe("parseIncoming", () => {
  it("classifies requests, notifications, results and errors, tolerating a jsonrpc member", () => {
    expect(parseIncoming('{"jsonrpc":"2.0","id":3,"method":"m","params":{"a":1}}')).toEqual({ type: "request", id: 3, method: "m", params: { a: 1 } });
    expect(parseIncoming('{"id":"s","method":"m"}')).toEqual({ type: "request", id: "s", method: "m", params: undefined });
    expect(parseIncoming('{"method":"n","params":[1],"emittedAtMs":42}')).toEqual({ type: "notification", method: "n", params: [1], emittedAtMs: 42 });
    expect(parseIncoming('{"id":1,"result":null}')).toEqual({ type: "result", id: 1, result: null });
    expect(parseIncoming('{"id":1,"error":{"code":-1,"message":"x","data":[2]}}')).toEqual({
      type: "error",
      id: 1,
      error: { code: -1, message: "x", data: [2] },
    });
  });

  it("rejects lines that are not a JSON object with 'invalid JSON' / 'not a JSON object'", () => {
    expect(parseIncoming("{nope")).toEqual({ type: "malformed", reason: "invalid JSON" });
    for (const line of ["null", "5", '"text"', "true", "[1]"]) {
      expect(parseIncoming(line)).toEqual({ type: "malformed", reason: "not a JSON object" });
    }
  });

  it("treats a null id with a method as a notification and any other non-id as 'invalid id'", () => {
    expect(parseIncoming('{"id":null,"method":"n"}')).toEqual({ type: "notification", method: "n", params: undefined });
    expect(parseIncoming('{"id":true,"method":"n"}')).toEqual({ type: "malformed", reason: "invalid id" });
    expect(parseIncoming('{"id":{},"method":"n"}')).toEqual({ type: "malformed", reason: "invalid id" });
    expect(parseIncoming('{"id":1e999,"method":"n"}')).toEqual({ type: "malformed", reason: "invalid id" });
  });

  it("needs a method or a valid id", () => {
    expect(parseIncoming('{"result":1}')).toEqual({ type: "malformed", reason: "neither a method nor a valid id" });
    expect(parseIncoming('{"id":1e999,"result":1}')).toEqual({ type: "malformed", reason: "neither a method nor a valid id" });
    expect(parseIncoming('{"id":1}')).toEqual({ type: "malformed", reason: "response without result or error" });
  });

  it("reads a null error as absent and an error without a numeric code as 'invalid error object'", () => {
    expect(parseIncoming('{"id":1,"error":null,"result":5}')).toEqual({ type: "result", id: 1, result: 5 });
    expect(parseIncoming('{"id":1,"error":{"message":"x"}}')).toEqual({ type: "malformed", reason: "invalid error object" });
    expect(parseIncoming('{"id":1,"error":"boom"}')).toEqual({ type: "malformed", reason: "invalid error object" });
  });

  it("gives an error object without a string message the empty message", () => {
    expect(parseIncoming('{"id":1,"error":{"code":-32000}}')).toEqual({ type: "error", id: 1, error: { code: -32000, message: "" } });
    expect(parseIncoming('{"id":1,"error":{"code":-32000,"message":7}}')).toEqual({ type: "error", id: 1, error: { code: -32000, message: "" } });
  });
});

describe("encoders", () => {
  it("write the exact Codex framing: no jsonrpc member, absent params omitted, an absent result as {}", () => {
    expect(encodeRequest(1, "ping", undefined)).toBe('{"id":1,"method":"ping"}');
    expect(encodeRequest("a", "ping", { n: 1 })).toBe('{"id":"a","method":"ping","params":{"n":1}}');
    expect(encodeNotification("initialized", undefined)).toBe('{"method":"initialized"}');
    expect(encodeNotification("tick", [1])).toBe('{"method":"tick","params":[1]}');
    expect(encodeResult(2, undefined)).toBe('{"id":2,"result":{}}');
    expect(encodeResult(2, null)).toBe('{"id":2,"result":null}');
    expect(encodeError(3, { code: -32601, message: "no" })).toBe('{"id":3,"error":{"code":-32601,"message":"no"}}');
  });

  it("round-trip through parseIncoming", () => {
    fc.assert(
      fc.property(id, fc.string(), fc.option(fc.jsonValue(), { nil: undefined }), (i, method, params) => {
        expect(parseIncoming(encodeRequest(i, method, params))).toEqual({ type: "request", id: i, method, params: wire(params) });
        expect(parseIncoming(encodeNotification(method, params))).toEqual({ type: "notification", method, params: wire(params) });
        expect(parseIncoming(encodeResult(i, params))).toEqual({ type: "result", id: i, result: params === undefined ? {} : wire(params) });
      }),
    );
    fc.assert(
      fc.property(id, fc.integer(), fc.string(), fc.option(fc.jsonValue(), { nil: undefined }), (i, code, message, data) => {
        const error = data === undefined ? { code, message } : { code, message, data: wire(data) };
        expect(parseIncoming(encodeError(i, data === undefined ? { code, message } : { code, message, data }))).toEqual({ type: "error", id: i, error });
      }),
    );
  });
});
