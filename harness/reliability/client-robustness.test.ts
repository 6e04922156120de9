/**
 * What the app-server may send that it should not: malformed JSON, a stream cut mid-line, a line
 * over the client's limit, message kinds the client never asked for, and fuzzed byte streams in
 * arbitrary chunks. CodexAppServerClient must fail only the affected request (with a timeout naming
 * its method) or the whole connection (with the exit or overflow message), and never throw.
 */
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CodexAppServerClient } from "../../src/codex/app-server-client.ts";
import { createManualClock } from "../../src/jsonrpc/testing.ts";
import type { LifecycleEvent } from "../../src/runtime/events.ts";
import type { ChildProcessHandle, ProcessExit } from "../../src/runtime/process.ts";
import { DEFAULT_MAX_LINE_CHARS } from "../../src/runtime/stdio-transport.ts";

/** An app-server process the test drives by hand: raw stdout chunks in, stdin lines out. */
function handDrivenAppServer() {
  const stdout: ((chunk: string) => void)[] = [];
  const written: string[] = [];
  const kills: string[] = [];
  let exit!: (exit: ProcessExit) => void;
  const handle: ChildProcessHandle = {
    pid: 4343,
    write: (chunk) => void written.push(chunk),
    endInput: () => undefined,
    onStdout: (h) => void stdout.push(h),
    onStderr: () => undefined,
    onError: () => undefined,
    kill: (signal) => {
      kills.push(signal ?? "SIGTERM");
      exit({ code: null, signal: signal ?? "SIGTERM" });
    },
    exited: new Promise<ProcessExit>((resolve) => (exit = resolve)),
  };
  const clock = createManualClock();
  const events: LifecycleEvent[] = [];
  const client = CodexAppServerClient.start({
    spawner: { spawn: () => handle },
    command: "codex",
    args: ["app-server"],
    clock,
    emit: (e) => void events.push(e),
    clientId: "robust-1",
    requestTimeoutMs: 1_000,
  });
  return {
    client,
    clock,
    events,
    kills,
    /** Lines the client wrote, parsed. */
    sent: () => written.join("").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>),
    chunk: (text: string) => stdout.forEach((h) => h(text)),
    line: (text: string) => stdout.forEach((h) => h(`${text}\n`)),
    exit: (code: number | null, signal: string | null = null) => exit({ code, signal }),
  };
}

async function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: Error }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error: error as Error };
  }
}

describe("CodexAppServerClient against a misbehaving app-server", () => {
  it("fails only the request whose answer was malformed, by its timeout, and stays usable", async () => {
    const s = handDrivenAppServer();
    const first = settle(s.client.request("thread/start", {}));
    // Act: the answer to request 1 arrives as invalid JSON; request 2 is answered properly.
    s.line('{"id":1,"result":{"thread":');
    const second = s.client.request("thread/start", {});
    s.line(JSON.stringify({ id: 2, result: { thread: { id: "t-2" } } }));
    s.clock.advance(1_000);
    // Assert
    expect(await first).toMatchObject({ ok: false, error: { message: "thread/start timed out" } });
    expect(await second).toEqual({ thread: { id: "t-2" } });
    expect(s.client.state).not.toBe("closed");
    const malformed = s.events.filter((e) => e.kind === "jsonrpc.malformed");
    expect(malformed).toEqual([expect.objectContaining({ reason: "invalid JSON", count: 1 })]);
    expect(JSON.stringify(malformed)).not.toContain("thread");
  });

  it("closes the connection when the stream is cut mid-line and the process exits: pending requests fail with the exit", async () => {
    const s = handDrivenAppServer();
    const pending = settle(s.client.request("thread/start", {}));
    s.chunk('{"id":1,"result":{"thr');
    s.exit(1);
    const outcome = await pending;
    expect(outcome).toMatchObject({ ok: false, error: { message: "codex app-server exited: code=1 signal=null" } });
    expect(s.client.state).toBe("closed");
    expect(s.events.some((e) => e.kind === "jsonrpc.malformed")).toBe(true);
  });

  it("closes the connection on a line over the limit, naming the limit, and terminates the app-server", async () => {
    const s = handDrivenAppServer();
    const pending = settle(s.client.request("thread/start", {}));
    const mebibyte = "x".repeat(1024 * 1024);
    // Act: 16 MiB + 1 character with no newline, in 1 MiB chunks.
    s.chunk('{"id":1,"result":"');
    for (let i = 0; i < DEFAULT_MAX_LINE_CHARS / mebibyte.length; i++) s.chunk(mebibyte);
    // Assert
    expect(await pending).toMatchObject({ ok: false, error: { message: `incoming line exceeds ${DEFAULT_MAX_LINE_CHARS} characters` } });
    expect(s.client.state).toBe("closed");
    expect(s.kills).toEqual(["SIGTERM"]);
  });

  it("answers or drops message kinds it never asked for, and fails a request whose error object is invalid by its timeout", async () => {
    const s = handDrivenAppServer();
    const first = settle(s.client.request("thread/start", {}));
    // Act
    for (const odd of [
      { id: 99, method: "item/tool/unknownRequest", params: {} },
      { id: 12345, result: {} },
      { method: "totally/unknown", params: { x: 1 } },
      [1, 2, 3],
      42,
      null,
      "a string",
      { id: 7 },
      { id: { nested: true }, method: "x" },
      { id: 1, error: "not an object" },
    ]) {
      s.line(JSON.stringify(odd));
    }
    await Promise.resolve();
    const second = s.client.request("thread/start", {});
    s.line(JSON.stringify({ id: 2, result: { thread: { id: "t-2" } } }));
    s.clock.advance(1_000);
    // Assert
    expect(await second).toEqual({ thread: { id: "t-2" } });
    expect(await first).toMatchObject({ ok: false, error: { message: "thread/start timed out" } });
    const answer = s.sent().find((m) => m["id"] === 99);
    expect(answer).toMatchObject({ id: 99, error: { code: -32601 } });
    expect(s.events.filter((e) => e.kind === "jsonrpc.malformed").map((e) => e["reason"])).toEqual([
      "not a JSON object",
      "not a JSON object",
      "not a JSON object",
      "not a JSON object",
      "response without result or error",
      "invalid id",
      "invalid error object",
    ]);
    expect(s.client.state).not.toBe("closed");
  });

  it("never throws on fuzzed streams in arbitrary chunks: a request is answered, or fails with a readable error", async () => {
    const oddLine = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.json({ depthSize: "small" }),
      fc.json({ depthSize: "small" }).map((j) => j.slice(0, Math.max(0, j.length - 1))),
      fc.record({ id: fc.oneof(fc.nat(5), fc.string({ maxLength: 3 })), result: fc.jsonValue({ depthSize: "small" }) }).map((m) => JSON.stringify(m)),
      fc.record({ method: fc.string({ maxLength: 12 }), params: fc.jsonValue({ depthSize: "small" }) }).map((m) => JSON.stringify(m)),
      fc.constant('{"id":1,"error":{"code":-32000,"message":"boom"}}'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(oddLine, { maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 8 }), fc.boolean(), async (lines, cuts, exitAtEnd) => {
        const s = handDrivenAppServer();
        const pending = settle(s.client.request("thread/start", {}));
        const stream = lines.map((l) => `${l}\n`).join("");
        // Feed the stream in chunks whose sizes cycle through `cuts` (any split, even mid-character).
        for (let at = 0, i = 0; at < stream.length; i++) {
          const size = cuts[i % cuts.length] ?? 1;
          s.chunk(stream.slice(at, at + size));
          at += size;
        }
        if (exitAtEnd) s.exit(0);
        await Promise.resolve();
        s.clock.advance(1_000);
        const outcome = await pending;
        if (!outcome.ok) {
          expect(outcome.error).toBeInstanceOf(Error);
          expect(outcome.error.message.trim()).not.toBe("");
        }
      }),
      { numRuns: 300, seed: 20261121 },
    );
  });
});
