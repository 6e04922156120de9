import { describe, expect, it } from "vitest";
import { createManualClock } from "../jsonrpc/testing.ts";
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

  it("refuses a websocket start", async () => {
    const { spawner } = recordingSpawner();
    const start = createStdioClientStarter({ spawner, clock: createManualClock() });
    await expect(start({ transport: "websocket", url: "ws://127.0.0.1:1" })).rejects.toThrow("cannot start a websocket client");
  });
});
