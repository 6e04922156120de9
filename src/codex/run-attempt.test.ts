import { describe, expect, it } from "vitest";
import { JsonRpcClosedError } from "../jsonrpc/errors.ts";
import { createManualClock, drainMicrotasks } from "../jsonrpc/testing.ts";
import type { LifecycleEvent } from "../runtime/events.ts";
import { keepSharedClientOnTurnFailure, runCodexAttempt, type RunAttemptOptions } from "./run-attempt.ts";
import { createSharedClientRegistry } from "./shared-client.ts";
import type { CodexStartOptions } from "./shared-client-key.ts";
import { createScriptedClientFactory, defaultScript, type AppServerScript } from "./testing.ts";

describe("keepSharedClientOnTurnFailure", () => {
  it("keeps the shared client after a failed turn, naming a closed connection apart from a logical failure", () => {
    const closed = new JsonRpcClosedError("codex app-server exited: code=1 signal=null");
    expect(keepSharedClientOnTurnFailure({ error: closed, spawnedBy: undefined, status: "failed" })).toEqual({ clear: false, reason: "connection-already-closed" });
    expect(keepSharedClientOnTurnFailure({ error: new Error("model refused"), spawnedBy: "parent", status: "failed" })).toEqual({ clear: false, reason: "turn-logical-failure" });
  });
});

type Ctx = ReturnType<typeof setup>;

function setup(script: AppServerScript = turnStartPending) {
  const clock = createManualClock();
  const events: LifecycleEvent[] = [];
  const emit = (e: LifecycleEvent): void => void events.push(e);
  const factory = createScriptedClientFactory({ clock, emit, script });
  const registry = createSharedClientRegistry({ startClient: factory.startClient, emit, clock });
  const attempt = (extra: Partial<RunAttemptOptions> = {}) =>
    runCodexAttempt({ registry, startOptions, timeoutMs: 5_000, threadParams: {}, clock, emit, input: INPUT, runLabel: "parent", ...extra });
  const kinds = () => events.map((e) => e.kind).filter((k) => k.startsWith("attempt."));
  return { clock, events, factory, registry, attempt, kinds };
}

const startOptions: CodexStartOptions = { transport: "stdio", command: "codex", args: ["app-server"] };
const INPUT = [{ type: "text", text: "hello", text_elements: [] }, { type: "text", text: "again", text_elements: [] }] as const;

const turnStartPending: AppServerScript = (method, params, server) =>
  method === "turn/start" ? { result: { turn: { id: "turn-1", status: "inProgress", items: [] } } } : defaultScript(method, params, server);

/** Ends the turn the scripted server started, with `status`. */
async function endTurn(ctx: Ctx, status: string, error?: { message: string }): Promise<void> {
  const server = await ctx.factory.nextRequest("turn/start");
  await drainMicrotasks();
  const threadId = (server.far.sent.find((m) => m["method"] === "turn/start")?.["params"] as { threadId?: string } | undefined)?.threadId;
  expect(threadId).toEqual(expect.any(String));
  server.far.send({ method: "turn/completed", params: { threadId, turn: { id: "turn-1", status, items: [], error: error ?? null } } });
}

describe("runCodexAttempt", () => {
  it("runs the turn with the given input, reports success and releases the lease, with no failure decision", async () => {
    const ctx = setup();
    const result = ctx.attempt();
    await endTurn(ctx, "completed");
    expect(await result).toMatchObject({ phase: "turn", ok: true, clientId: "client-1", turn: { status: "completed" } });
    const turnStart = ctx.factory.servers[0]?.far.sent.find((m) => m["method"] === "turn/start");
    expect(turnStart?.["params"]).toEqual({ threadId: expect.any(String), input: INPUT });
    expect(ctx.kinds()).toEqual(["attempt.released"]);
    expect(ctx.registry.entries()).toEqual([expect.objectContaining({ clientId: "client-1", activeLeases: 0 })]);
  });

  it("asks the turn policy about a failed turn and keeps the shared client by default", async () => {
    const ctx = setup();
    const result = ctx.attempt();
    await endTurn(ctx, "failed", { message: "401 Unauthorized sk-abcdefghijklmnopqrstuvwx" });
    expect(await result).toMatchObject({ phase: "turn", ok: false, turn: { status: "failed" } });
    const failed = ctx.events.find((e) => e.kind === "attempt.turn-failed");
    expect(failed).toMatchObject({ run: "parent", clientId: "client-1", status: "failed", decision: { clear: false, reason: "turn-logical-failure" } });
    expect(String(failed?.["message"])).not.toContain("sk-abcdefghijklmnopqrstuvwx");
    expect(ctx.kinds()).toEqual(["attempt.turn-failed", "attempt.released"]);
    expect(ctx.registry.entries()).toHaveLength(1);
  });

  it("clears the shared client when the turn policy says so, naming the turn's status", async () => {
    const ctx = setup();
    const seen: unknown[] = [];
    const result = ctx.attempt({
      spawnedBy: "agent:main",
      turnPolicy: (failure) => {
        seen.push({ message: (failure.error as Error).message, spawnedBy: failure.spawnedBy, status: failure.status });
        return { clear: true, reason: "test" };
      },
    });
    await endTurn(ctx, "interrupted");
    expect(await result).toMatchObject({ ok: false, turn: { status: "interrupted" } });
    expect(seen).toEqual([{ message: "turn interrupted", spawnedBy: "agent:main", status: "interrupted" }]);
    expect(ctx.events.find((e) => e.kind === "attempt.cleared")).toMatchObject({ clientId: "client-1", cleared: true });
    expect(ctx.registry.entries()).toEqual([]);
  });

  it("hands the exit policy to the turn capture", async () => {
    for (const [exitPolicy, status] of [[undefined, "failed"], [() => "succeed" as const, "completed"]] as const) {
      const ctx = setup();
      const result = ctx.attempt(exitPolicy === undefined ? {} : { exitPolicy });
      const server = await ctx.factory.nextRequest("turn/start");
      await drainMicrotasks();
      server.breakWith({ kind: "exit", code: 1, signal: null });
      expect(await result).toMatchObject({ phase: "turn", turn: { status } });
    }
  });

  it("reports a startup failure without a turn, its secrets redacted", async () => {
    const ctx = setup((method, params, server) =>
      method === "thread/start" ? { error: { code: -32603, message: "401 bad key sk-abcdefghijklmnopqrstuvwx" } } : defaultScript(method, params, server),
    );
    const result = await ctx.attempt({ maxConnectionCloseAttempts: 1 });
    expect(result).toMatchObject({ phase: "startup", ok: false });
    expect(result.phase === "startup" && result.error).toMatch(/^codex app-server thread\/start failed: 401 bad key /);
    expect(JSON.stringify(result)).not.toContain("sk-abcdefghijklmnopqrstuvwx");
    expect(ctx.kinds()).toEqual([]);
  });
});
