import { describe, expect, it } from "vitest";
import { drainMicrotasks } from "../jsonrpc/testing.ts";
import { createStdioTransport, DEFAULT_MAX_LINE_CHARS } from "./stdio-transport.ts";
import { fakeChild } from "./testing.ts";
import type { TransportClose } from "./transport.ts";

/** Whether `closed` has settled yet, and with what. */
function watch(closed: Promise<TransportClose>): { readonly settled: TransportClose[] } {
  const settled: TransportClose[] = [];
  void closed.then((close) => settled.push(close));
  return { settled };
}

describe("the stdio transport", () => {
  it("writes each message as one line on stdin and hands each stdout line to the handler", async () => {
    const child = fakeChild();
    const transport = createStdioTransport(child.handle);
    const got: string[] = [];
    transport.onMessage((m) => got.push(m));
    transport.send('{"id":1}');
    transport.send('{"id":2}');
    child.stdout('{"result":1}');
    child.stdout("");
    child.stdout('{"result":2}');
    expect(child.written).toEqual(['{"id":1}\n', '{"id":2}\n']);
    expect(got).toEqual(['{"result":1}', '{"result":2}']);
    expect(transport.isClosed).toBe(false);
    expect(DEFAULT_MAX_LINE_CHARS).toBe(16 * 1024 * 1024);
  });

  it("closes with the exit code and signal, without a stderr tail when stderr was blank", async () => {
    const child = fakeChild();
    const transport = createStdioTransport(child.handle);
    child.stderr("  \n\t");
    child.exit(null, "SIGKILL");
    expect(await transport.closed).toStrictEqual({ kind: "exit", code: null, signal: "SIGKILL" });
    expect(transport.isClosed).toBe(true);
  });

  it("closes on exit with the trimmed last stderrTailChars characters of stderr", async () => {
    const child = fakeChild();
    const transport = createStdioTransport(child.handle, { stderrTailChars: 10 });
    child.stderr("first line that scrolls away\n");
    child.stderr("0123456789");
    child.stderr("abc \n");
    child.exit(2);
    expect(await transport.closed).toStrictEqual({ kind: "exit", code: 2, signal: null, stderrTail: "56789abc" });
  });

  it("keeps 2048 characters of stderr by default", async () => {
    const child = fakeChild();
    const transport = createStdioTransport(child.handle);
    child.stderr(`x${"y".repeat(2047)}z`);
    child.exit(1);
    expect(await transport.closed).toStrictEqual({ kind: "exit", code: 1, signal: null, stderrTail: `${"y".repeat(2047)}z` });
  });

  it("flushes a final unterminated stdout line when the child exits", async () => {
    const child = fakeChild();
    let raw: (chunk: string) => void = () => {};
    const transport = createStdioTransport({ ...child.handle, onStdout: (h) => void (raw = h) });
    const got: string[] = [];
    transport.onMessage((m) => got.push(m));
    raw("one\ntw");
    raw("o");
    expect(got).toEqual(["one"]);
    child.exit(0);
    await transport.closed;
    expect(got).toEqual(["one", "two"]);
  });

  it("closes with ELINETOOLONG and sends SIGTERM when a stdout line exceeds maxLineChars", async () => {
    const child = fakeChild({ ignores: ["SIGTERM"] });
    const transport = createStdioTransport(child.handle, { maxLineChars: 8 });
    const got: string[] = [];
    transport.onMessage((m) => got.push(m));
    child.stdout("12345678");
    child.stdout("123456789");
    child.stdout("after");
    expect(got).toEqual(["12345678"]);
    expect(transport.isClosed).toBe(true);
    expect(child.kills).toEqual(["SIGTERM"]);
    expect(await transport.closed).toStrictEqual({ kind: "error", message: "incoming line exceeds 8 characters", code: "ELINETOOLONG" });
    transport.send("dropped");
    expect(child.written).toEqual([]);
  });

  it("closes with a stream error's message, and its code when it has one", async () => {
    const a = fakeChild();
    const ta = createStdioTransport(a.handle);
    a.fail("write EPIPE", "EPIPE");
    expect(await ta.closed).toStrictEqual({ kind: "error", message: "write EPIPE", code: "EPIPE" });
    const b = fakeChild();
    const tb = createStdioTransport(b.handle);
    b.fail("spawn failed", undefined as unknown as string);
    expect(await tb.closed).toStrictEqual({ kind: "error", message: "spawn failed" });
  });

  it("closes locally by ending stdin, once; a later exit does not change why it closed", async () => {
    const child = fakeChild();
    let endInputs = 0;
    const transport = createStdioTransport({
      ...child.handle,
      endInput: () => {
        endInputs++;
        child.handle.endInput();
      },
    });
    const seen = watch(transport.closed);
    transport.close();
    expect(transport.isClosed).toBe(true);
    expect(child.stdinEnded).toBe(true);
    transport.close();
    expect(endInputs).toBe(1);
    child.exit(0);
    await drainMicrotasks();
    expect(seen.settled).toStrictEqual([{ kind: "local" }]);
  });

  it("does not end stdin when close() comes after the child exited", async () => {
    const child = fakeChild();
    const transport = createStdioTransport(child.handle);
    child.exit(0);
    expect(await transport.closed).toStrictEqual({ kind: "exit", code: 0, signal: null });
    transport.close();
    expect(child.stdinEnded).toBe(false);
  });

  it("drops messages to send and stdout lines once closed", async () => {
    const child = fakeChild();
    const transport = createStdioTransport(child.handle);
    const got: string[] = [];
    transport.onMessage((m) => got.push(m));
    transport.close();
    transport.send("late");
    child.stdout("late line");
    expect(child.written).toEqual([]);
    expect(got).toEqual([]);
  });

  it("keeps the first close reason: a stream error after an exit is ignored", async () => {
    const child = fakeChild();
    const transport = createStdioTransport(child.handle);
    const seen = watch(transport.closed);
    child.fail("read ECONNRESET", "ECONNRESET");
    child.exit(1);
    await drainMicrotasks();
    expect(seen.settled).toStrictEqual([{ kind: "error", message: "read ECONNRESET", code: "ECONNRESET" }]);
    expect(transport.isClosed).toBe(true);
  });

  it("sends messages to the handler registered last", () => {
    const child = fakeChild();
    const transport = createStdioTransport(child.handle);
    child.stdout("before any handler");
    const first: string[] = [];
    const second: string[] = [];
    transport.onMessage((m) => first.push(m));
    transport.onMessage((m) => second.push(m));
    child.stdout("x");
    expect({ first, second }).toEqual({ first: [], second: ["x"] });
  });
});
