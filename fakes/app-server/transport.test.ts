import { describe, expect, it } from "vitest";
import { createTransportPair } from "../transports/in-memory.ts";
import { createTestWorld } from "./testkit.ts";
import { serveFakeAppServer } from "./transport.ts";

const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("serveFakeAppServer", () => {
  it("answers over an in-memory transport and closes it when a rule exits the server", async () => {
    const world = createTestWorld({ drain });
    const [client, serverEnd] = createTransportPair(world, "codex");
    const served = serveFakeAppServer({ world, transport: serverEnd, script: { rules: [{ when: { method: "account/read" }, action: { kind: "exit", code: 1 } }] } });
    const received: string[] = [];
    client.onMessage((m) => received.push(m));
    client.send(JSON.stringify({ id: 0, method: "initialize", params: { clientInfo: { name: "p", version: "1" } } }));
    client.send(JSON.stringify({ id: 1, method: "account/read" }));
    await world.run();
    expect(received.map((m) => (JSON.parse(m) as { id: number }).id)).toEqual([0]);
    expect(await served.exited).toEqual({ code: 1, signal: null });
    expect(await client.closed).toMatchObject({ kind: "peer-closed" });
  });

  it("exits 0 when the client closes the transport", async () => {
    const world = createTestWorld({ drain });
    const [client, serverEnd] = createTransportPair(world, "codex");
    const served = serveFakeAppServer({ world, transport: serverEnd });
    client.close();
    await world.run();
    expect(await served.exited).toEqual({ code: 0, signal: null });
    expect(served.server.state).toBe("exited");
  });
});
