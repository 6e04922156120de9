import { describe, expect, it } from "vitest";
import { createManualClock, drainMicrotasks } from "../jsonrpc/testing.ts";
import type { LifecycleEvent } from "../runtime/events.ts";
import { fakeChild, spawnerFor } from "../runtime/testing.ts";
import type { ChildProcessHandle, ProcessSpawner, SpawnOptions } from "../runtime/process.ts";
import { createStdioClientStarter } from "./client-starter.ts";

function recordingSpawner() {
  const calls: { command: string; args: readonly string[]; options: SpawnOptions | undefined }[] = [];
  const spawner: ProcessSpawner = {
    spawn(command, args, options): ChildProcessHandle {
      calls.push({ command, args, options });
      return { pid: calls.length, write() {}, endInput() {}, onStdout() {}, onStderr() {}, onError() {}, kill() {}, exited: new Promise(() => {}) };
    },
  };
  return { spawner, calls };
}

describe("createStdioClientStarter", () => {
  it("spawns the start options' command with their env layered on the base env, minus clearEnv", async () => {
    const { spawner, calls } = recordingSpawner();
    const start = createStdioClientStarter({ spawner, clock: createManualClock(), baseEnv: { PATH: "/bin", OPENAI_API_KEY: "sk-x" } });
    await start({ transport: "stdio", command: "/opt/codex", args: ["app-server", "--listen", "stdio://"], env: { CODEX_HOME: "/h" }, clearEnv: ["OPENAI_API_KEY"] });
    expect(calls).toEqual([{ command: "/opt/codex", args: ["app-server", "--listen", "stdio://"], options: { env: { PATH: "/bin", CODEX_HOME: "/h" } } }]);
  });

  it("names clients with a per-starter counter and defaults to `codex app-server`", async () => {
    const { spawner, calls } = recordingSpawner();
    const start = createStdioClientStarter({ spawner, clock: createManualClock(), idPrefix: "shared" });
    const a = await start({ transport: "stdio" });
    const b = await start({ transport: "stdio" });
    expect([a.id, b.id]).toEqual(["shared-1", "shared-2"]);
    expect(calls[0]).toMatchObject({ command: "codex", args: ["app-server"] });
  });

  it("names clients codex-client-<n> without an idPrefix", async () => {
    const { spawner } = recordingSpawner();
    const start = createStdioClientStarter({ spawner, clock: createManualClock() });
    expect((await start({ transport: "stdio" })).id).toBe("codex-client-1");
  });

  it("refuses a websocket start", async () => {
    const { spawner } = recordingSpawner();
    const start = createStdioClientStarter({ spawner, clock: createManualClock() });
    await expect(start({ transport: "websocket", url: "ws://127.0.0.1:1" })).rejects.toThrow("cannot start a websocket client");
  });

  it("gives each client the starter's request timeout, clientInfo and event sink", async () => {
    for (const requestTimeoutMs of [undefined, 500]) {
      const child = fakeChild();
      const clock = createManualClock();
      const events: LifecycleEvent[] = [];
      const start = createStdioClientStarter({
        ...spawnerFor(child),
        clock,
        emit: (e) => events.push(e),
        clientInfo: { name: "starter-test", title: null, version: "9.9.9" },
        ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
      });
      const client = await start({ transport: "stdio" });
      let outcome: unknown;
      void client.initialize().then(
        () => (outcome = "answered"),
        (error: unknown) => (outcome = error),
      );
      await drainMicrotasks();
      expect(JSON.parse(child.written[0] ?? "{}")).toMatchObject({ method: "initialize", params: { clientInfo: { name: "starter-test", version: "9.9.9" } } });
      clock.advance((requestTimeoutMs ?? 60_000) - 1);
      await drainMicrotasks();
      expect(outcome).toBeUndefined();
      clock.advance(1);
      await drainMicrotasks();
      expect(outcome).toBeInstanceOf(Error);
      expect(events.map((e) => e.kind)).toContain("codex-client.start");
    }
  });
});
