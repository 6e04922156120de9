import { describe, expect, it } from "vitest";
import { CodexAppServerClient } from "../codex/app-server-client.ts";
import { createManualClock, createTestTransport, drainMicrotasks } from "../jsonrpc/testing.ts";
import { fakeChild, spawnerFor } from "../runtime/testing.ts";
import { brokerUpstreamFrom } from "./upstream.ts";

function setup() {
  const { transport, far } = createTestTransport();
  const client = CodexAppServerClient.start({ transport, clock: createManualClock(), clientId: "upstream" });
  return { far, upstream: brokerUpstreamFrom(client) };
}

describe("brokerUpstreamFrom", () => {
  it("forwards a method outside the typed map and keeps the server's error code", async () => {
    const { far, upstream } = setup();
    const ok = upstream.request("review/start", { threadId: "t" });
    const sent = await far.next();
    expect(sent).toMatchObject({ method: "review/start", params: { threadId: "t" } });
    far.send({ id: sent["id"], result: { turn: { id: "r1" } } });
    expect(await ok).toEqual({ turn: { id: "r1" } });

    const failing = upstream.request("thread/compact/start", {});
    const second = await far.next();
    far.send({ id: second["id"], error: { code: -32600, message: "Invalid request: unknown variant" } });
    await expect(failing).rejects.toMatchObject({ code: -32600 });
  });

  it("passes notifications through and settles `exited` when the upstream goes away", async () => {
    const { far, upstream } = setup();
    const seen: string[] = [];
    upstream.onAnyNotification((method) => seen.push(method));
    far.send({ method: "turn/started", params: { threadId: "t" } });
    await drainMicrotasks();
    far.closeWith({ kind: "exit", code: null, signal: "SIGKILL" });
    const error = (await upstream.exited) as Error;
    expect(seen).toEqual(["turn/started"]);
    expect(error.message).toBe("codex app-server exited: code=null signal=SIGKILL");
  });

  it("close() waits for the app-server to exit, SIGKILLing it after the given exit timeout", async () => {
    for (const exitTimeoutMs of [undefined, 300]) {
      const child = fakeChild({ ignores: ["SIGTERM"] });
      const clock = createManualClock();
      const client = CodexAppServerClient.start({ ...spawnerFor(child), command: "codex", args: ["app-server"], clock, clientId: "upstream" });
      const upstream = brokerUpstreamFrom(client, exitTimeoutMs === undefined ? {} : { exitTimeoutMs });
      let closed = false;
      const closing = Promise.resolve(upstream.close()).then(() => (closed = true));
      expect(child.stdinEnded).toBe(true);
      clock.advance((exitTimeoutMs ?? 2_000) - 1);
      await drainMicrotasks();
      expect({ closed, kills: child.kills }).toEqual({ closed: false, kills: ["SIGTERM"] });
      clock.advance(1);
      await closing;
      expect(child.kills).toEqual(["SIGTERM", "SIGKILL"]);
    }
  });
});
