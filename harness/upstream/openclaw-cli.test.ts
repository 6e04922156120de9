import { describe, expect, it } from "vitest";
import { parseCliJson, requestsFromTranscript } from "./openclaw-cli.ts";

const line = (dir: "in" | "out", msg: object): object => ({ dir, line: JSON.stringify(msg) });

describe("OpenClaw CLI run: reading the fake's transcript", () => {
  it("pairs each request with its answer per app-server process, keeps errors and what is still pending", () => {
    const { requests, exits, processes } = requestsFromTranscript([
      { dir: "start", pid: 10 },
      line("in", { id: 1, method: "initialize", params: {} }),
      line("out", { id: 1, result: {} }),
      line("in", { method: "initialized" }),
      { dir: "exit", code: 0, signal: null },
      { dir: "start", pid: 11 },
      line("in", { id: 1, method: "initialize", params: {} }),
      line("out", { id: 1, result: {} }),
      line("in", { id: 2, method: "thread/read", params: {} }),
      line("out", { id: 2, error: { code: -32600, message: "no such thread" } }),
      line("in", { id: 3, method: "turn/start", params: {} }),
      line("out", { method: "turn/started", params: {} }),
      "{partial",
      { dir: "exit", code: 1, signal: null },
    ]);
    expect(processes).toBe(2);
    expect(exits).toEqual([{ code: 0, signal: null }, { code: 1, signal: null }]);
    expect(requests).toEqual([
      { process: 0, method: "initialize", answered: true, error: null },
      { process: 1, method: "initialize", answered: true, error: null },
      { process: 1, method: "thread/read", answered: true, error: "no such thread" },
      { process: 1, method: "turn/start", answered: false, error: null },
    ]);
  });
});

describe("OpenClaw CLI run: its --json output", () => {
  it("reads the answer's text from payloads, and the error from a failed run", () => {
    expect(parseCliJson('{"payloads":[{"text":"Hello"},{"text":"again"}],"meta":{"stopReason":"stop"}}\n')).toEqual({ text: "Hello\nagain", error: null, stopReason: "stop", invalid: false });
    expect(parseCliJson('{\n "ok": false,\n "error": { "type": "cli_error", "message": "codex app-server client closed" }\n}\n')).toEqual({ text: null, error: "codex app-server client closed", stopReason: null, invalid: false });
  });

  it("says so when stdout is not JSON", () => {
    expect(parseCliJson("").invalid).toBe(true);
    expect(parseCliJson("{ not json").invalid).toBe(true);
  });
});
