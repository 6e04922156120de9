import { describe, expect, it } from "vitest";
import { createManualClock, drainMicrotasks } from "../jsonrpc/testing.ts";
import type { LifecycleEvent } from "../runtime/events.ts";
import { fakeChild, spawnerFor } from "../runtime/testing.ts";
import type { Transport } from "../runtime/transport.ts";
import { BrokerUsageError, parseServeArgs, serve, type ServePorts } from "./main.ts";
import type { BrokerSignal } from "./types.ts";

/** Fake ports for serve(): a hand-driven app-server child, a listener, signals, files and exit. */
function fakePorts() {
  const child = fakeChild();
  const { spawner, calls } = spawnerFor(child);
  const clock = createManualClock();
  const files = new Map<string, string>();
  const out: string[] = [];
  const events: LifecycleEvent[] = [];
  const exits: number[] = [];
  const listening: string[] = [];
  const listener = { closed: false, accept: undefined as ((connection: Transport) => void) | undefined };
  let signal: ((signal: BrokerSignal) => void) | undefined;
  const ports: ServePorts = {
    spawner,
    clock,
    signals: {
      onSignal(handler) {
        signal = handler;
        return () => (signal = undefined);
      },
    },
    listen: async (path) => {
      listening.push(path);
      return {
        onConnection: (handler) => void (listener.accept = handler),
        close: async () => void (listener.closed = true),
      };
    },
    writeFile: async (path, data) => void files.set(path, data),
    removeFile: async (path) => void files.delete(path),
    pid: 777,
    stdout: (line) => void out.push(line),
    log: (event) => void events.push(event),
    exit: (code) => void exits.push(code),
  };
  /** Answers the initialize request the broker's client wrote to the child's stdin. */
  const answerInitialize = async (): Promise<void> => {
    await drainMicrotasks();
    const request = JSON.parse(child.written[0] ?? "{}") as { id?: number; method?: string };
    expect(request.method).toBe("initialize");
    child.stdout(JSON.stringify({ id: request.id, result: { userAgent: "fake/0.169.0" } }));
  };
  return { ports, child, calls, clock, files, out, events, exits, listening, listener, answerInitialize, signal: (s: BrokerSignal) => signal?.(s) };
}

const ARGS = { socketPath: "/run/b.sock", pidFile: "/run/b.pid", cwd: "/work/p", upstream: ["node", "fake.mjs", "app-server"] } as const;

describe("serve", () => {
  it("writes the pid file, starts the upstream in --cwd, listens after initialize and prints one listening line", async () => {
    const f = fakePorts();
    const serving = serve(ARGS, {}, f.ports);
    await f.answerInitialize();
    await serving;
    expect(f.files).toEqual(new Map([["/run/b.pid", "777\n"]]));
    expect(f.calls).toEqual([{ command: "node", args: ["fake.mjs", "app-server"], options: { cwd: "/work/p" } }]);
    expect(f.listening).toEqual(["/run/b.sock"]);
    expect(f.out.map((l) => JSON.parse(l) as unknown)).toEqual([{ kind: "broker.listening", endpoint: "unix:/run/b.sock", pid: 777 }]);
    expect(f.events.map((e) => e.kind)).toEqual(expect.arrayContaining(["codex-client.start", "broker.started"]));
    expect(f.exits).toEqual([]);
  });

  it("shuts down on SIGTERM: closes the upstream and the listener, removes the pid file and exits 0", async () => {
    const f = fakePorts();
    const serving = serve(ARGS, {}, f.ports);
    await f.answerInitialize();
    await serving;
    f.signal("SIGTERM");
    await drainMicrotasks();
    expect(f.child.stdinEnded).toBe(true);
    f.child.exit(0);
    await drainMicrotasks(30);
    expect({ exits: f.exits, listenerClosed: f.listener.closed, files: [...f.files.keys()] }).toEqual({ exits: [0], listenerClosed: true, files: [] });
  });

  it("exits 1 when the upstream dies while serving, and honours a switched-off watchdog", async () => {
    for (const exitWatchdog of [undefined, false]) {
      const f = fakePorts();
      const serving = serve(ARGS, exitWatchdog === undefined ? {} : { exitWatchdog }, f.ports);
      await f.answerInitialize();
      await serving;
      f.child.exit(null, "SIGKILL");
      await drainMicrotasks(30);
      expect(f.exits).toEqual(exitWatchdog === false ? [] : [1]);
    }
  });

  it("gives up when initialize is not answered in time: logs why, stops the upstream, removes the pid file, exits 1 without listening", async () => {
    for (const initializeTimeoutMs of [undefined, 250]) {
      const f = fakePorts();
      const serving = serve({ ...ARGS, ...(initializeTimeoutMs === undefined ? {} : { initializeTimeoutMs }) }, {}, f.ports);
      await drainMicrotasks();
      f.clock.advance((initializeTimeoutMs ?? 10_000) - 1);
      await drainMicrotasks();
      expect(f.exits).toEqual([]);
      f.clock.advance(1);
      await drainMicrotasks();
      f.child.exit(0);
      await serving;
      expect(f.exits).toEqual([1]);
      expect(f.child.stdinEnded).toBe(true);
      expect(f.events.find((e) => e.kind === "broker.startup-failed")).toMatchObject({ message: expect.stringMatching(/initialize/) });
      expect({ listening: f.listening, out: f.out, files: [...f.files.keys()] }).toEqual({ listening: [], out: [], files: [] });
    }
  });

  it("runs without a pid file or cwd", async () => {
    const f = fakePorts();
    const serving = serve({ socketPath: "/run/b.sock", pidFile: undefined, cwd: undefined, upstream: ["codex", "app-server"] }, {}, f.ports);
    await f.answerInitialize();
    await serving;
    expect(f.files.size).toBe(0);
    expect(f.calls).toEqual([{ command: "codex", args: ["app-server"], options: {} }]);
    f.signal("SIGINT");
    await drainMicrotasks();
    f.child.exit(0);
    await drainMicrotasks(30);
    expect(f.exits).toEqual([0]);
  });
});

describe("parseServeArgs", () => {
  it("reads the endpoint, pid file and the upstream command after --", () => {
    const args = parseServeArgs(["serve", "--endpoint", "unix:/tmp/b.sock", "--pid-file", "/tmp/b.pid", "--", "node", "fake.ts", "app-server"]);
    expect(args).toEqual({ socketPath: "/tmp/b.sock", pidFile: "/tmp/b.pid", cwd: undefined, upstream: ["node", "fake.ts", "app-server"] });
  });

  it("reads --cwd for the upstream's working directory", () => {
    expect(parseServeArgs(["serve", "--cwd", "/work/p", "--endpoint", "unix:/tmp/b.sock"])).toEqual({
      socketPath: "/tmp/b.sock",
      pidFile: undefined,
      cwd: "/work/p",
      upstream: ["codex", "app-server"],
    });
  });

  it("defaults the upstream to `codex app-server`", () => {
    expect(parseServeArgs(["serve", "--endpoint", "unix:/tmp/b.sock"]).upstream).toEqual(["codex", "app-server"]);
  });

  it("names what is wrong on the first line of a usage error, then the usage", () => {
    const usage = "usage: main.ts serve --endpoint unix:<path> [--pid-file <path>] [--cwd <dir>] [-- <codex> <args…>]";
    const message = (argv: string[]): string => {
      try {
        parseServeArgs(argv);
      } catch (error) {
        expect(error).toBeInstanceOf(BrokerUsageError);
        expect((error as Error).name).toBe("BrokerUsageError");
        return (error as Error).message;
      }
      throw new Error("no usage error");
    };
    expect(message(["serve"])).toBe(`--endpoint unix:<path> is required\n${usage}`);
    expect(message([])).toBe(`unknown command ""\n${usage}`);
    expect(message(["serve", "--endpoint"])).toBe(`bad argument "--endpoint"\n${usage}`);
    expect(message(["serve", "endpoint", "x"])).toBe(`bad argument "endpoint"\n${usage}`);
  });

  it("rejects a missing or non-unix endpoint and unknown commands with a usage line", () => {
    expect(() => parseServeArgs(["serve"])).toThrow(BrokerUsageError);
    expect(() => parseServeArgs(["serve", "--endpoint", "pipe:\\\\.\\pipe\\x"])).toThrow(/unix:<path>/);
    expect(() => parseServeArgs(["start"])).toThrow(/unknown command "start"/);
    expect(() => parseServeArgs(["serve", "--endpoint"])).toThrow(/bad argument/);
  });
});
