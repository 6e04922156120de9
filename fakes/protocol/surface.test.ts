/**
 * The fake's whole ClientRequest surface, walked from the committed experimental schema: every
 * method gets a schema-valid answer; experimental methods are gated on `capabilities.experimentalApi`
 * and params of the wrong type are refused as codex 0.169.0 refuses them (checked in the live lane).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bootServer, createTestWorld, ready, type Booted } from "../app-server/testkit.ts";
import { buildMethodTable } from "./method-table.ts";
import { sampleValue } from "./sample.ts";
import { validateServerMessage } from "./validate.ts";

const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const clientRequest = JSON.parse(readFileSync(new URL("./schema-experimental/ClientRequest.json", import.meta.url), "utf8")) as {
  oneOf: Array<{ properties: { method: { enum: string[] }; params?: unknown } }>;
};
const committedTable = JSON.parse(readFileSync(new URL("./method-table.json", import.meta.url), "utf8")) as unknown;

function withThread(value: unknown, threadId: string): unknown {
  if (Array.isArray(value)) return value.map((v) => withThread(v, threadId));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "threadId" ? threadId : withThread(v, threadId)]));
}

async function booted(experimentalApi: boolean): Promise<{ t: Booted; threadId: string }> {
  const t = bootServer({ world: createTestWorld({ drain }) });
  t.send({ id: "init", method: "initialize", params: { clientInfo: { name: "probe", version: "1" }, capabilities: experimentalApi ? { experimentalApi: true } : {} } });
  const threadId = await ready(t);
  return { t, threadId };
}

/** A second thread with one finished turn, so history-reading methods (and archive) have something to act on. */
async function threadWithTurn(t: Booted, tag: string): Promise<string> {
  t.send({ id: `${tag}-start`, method: "thread/start", params: {} });
  await t.world.run();
  const threadId = String((t.out().find((m) => m.id === `${tag}-start`)?.result?.["thread"] as { id: string }).id);
  t.send({ id: `${tag}-turn`, method: "turn/start", params: { threadId, input: [{ type: "text", text: "hi", text_elements: [] }] } });
  await t.world.run();
  return threadId;
}

/** Sample params the real server would refuse (an empty name, key path or login id), replaced by valid ones. */
const VALID_PARAMS: Readonly<Record<string, Record<string, unknown>>> = {
  "thread/name/set": { name: "walk" },
  "config/value/write": { keyPath: "walk.key" },
  "account/login/cancel": { loginId: "01a233f3-37ad-7a73-aeae-5168e41cb904" },
};
/** Methods that take the thread away (archive) walk on their own thread. */
const OWN_THREAD = new Set(["thread/archive", "thread/unarchive"]);

describe("the ClientRequest surface of the experimental schema", () => {
  it("keeps fakes/protocol/method-table.json in step with the committed schemas (pnpm protocol:table)", () => {
    expect(committedTable).toEqual(JSON.parse(JSON.stringify(buildMethodTable())));
  });

  it("answers every method with a result valid against its response schema, stateful answers included", async () => {
    const { t } = await booted(true);
    const threadId = await threadWithTurn(t, "main");
    const ownThread = await threadWithTurn(t, "own");
    const asked = new Map<string, string>();
    let n = 100;
    for (const branch of clientRequest.oneOf) {
      const method = branch.properties.method.enum[0] ?? "";
      if (method === "initialize") continue;
      const id = `m${n++}`;
      asked.set(id, method);
      const sample = withThread(sampleValue(branch.properties.params ?? null, clientRequest), OWN_THREAD.has(method) ? ownThread : threadId);
      const params = typeof sample === "object" && sample !== null ? { ...sample, ...VALID_PARAMS[method] } : sample;
      t.send({ id, method, params });
      await t.world.run();
    }
    expect(asked.size).toBe(183);
    const problems: string[] = [];
    for (const [id, method] of asked) {
      const answer = t.out().find((m) => m.id === id);
      if (answer === undefined) problems.push(`${method}: no answer`);
      else if ("error" in answer) problems.push(`${method}: error ${JSON.stringify(answer["error"])}`);
      else {
        const result = validateServerMessage(answer, { requestMethod: method });
        if (!result.ok) problems.push(`${method}: ${result.errors.join("; ")}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("refuses experimental methods without capabilities.experimentalApi, as the real server does", async () => {
    const { t, threadId } = await booted(false);
    t.send({ id: 7, method: "thread/backgroundTerminals/list", params: { threadId } });
    t.send({ id: 8, method: "skills/list", params: {} });
    await t.world.run();
    expect(t.out().find((m) => m.id === 7)).toEqual({ id: 7, error: { code: -32600, message: "thread/backgroundTerminals/list requires experimentalApi capability" } });
    expect(t.out().find((m) => m.id === 8)).toEqual({ id: 8, result: { data: [{ cwd: "/workspace", skills: [], errors: [] }] } });
  });
});

describe("stdin hygiene, as codex 0.169.0 (live lane): what is not one JSON-RPC object is ignored", () => {
  it("ignores invalid JSON, a batch, scalars; answers a wrong params type with serde's -32600", async () => {
    const { t } = await booted(false);
    const before = t.out().length;
    t.send("not json");
    t.send('[{"id":50,"method":"account/read"}]');
    t.send("42");
    t.send('"str"');
    await t.world.run();
    expect(t.out().length).toBe(before);
    t.send('{"id":51,"method":"thread/start","params":"x"}');
    t.send('{"id":52,"method":"thread/start","params":[]}');
    t.send('{"id":57,"method":"account/read","params":null}');
    t.send('{"id":54,"method":"thread/start","params":{"bogusField":1}}');
    await t.world.run();
    const answer = (id: number): unknown => t.out().find((m) => m.id === id);
    expect(answer(51)).toEqual({ id: 51, error: { code: -32600, message: 'Invalid request: invalid type: string "x", expected struct ThreadStartParams' } });
    expect(answer(52)).toEqual({ id: 52, error: { code: -32600, message: "Invalid request: invalid length 0, expected struct ThreadStartParams with 27 elements" } });
    expect(answer(57)).toEqual({ id: 57, error: { code: -32600, message: "Invalid request: missing field `params`" } });
    expect(answer(54)).toMatchObject({ id: 54, result: { thread: {} } });
  });
});

describe("a request without params, as codex 0.169.0 answers it (live lane)", () => {
  it("is refused with serde's missing field `params` when the method's params are a struct, even before initialize", async () => {
    const t = bootServer({ world: createTestWorld({ drain }) });
    t.send({ id: "pre", method: "thread/list" });
    await ready(t);
    for (const method of ["thread/list", "thread/read", "config/read", "model/list", "account/read", "skills/list", "thread/loaded/list"]) t.send({ id: method, method });
    for (const method of ["configRequirements/read", "account/logout", "account/gatewayOAuth/read"]) t.send({ id: method, method });
    await t.world.run();
    const answer = (id: string) => t.out().find((m) => m.id === id);
    const missing = { code: -32600, message: "Invalid request: missing field `params`" };
    expect(answer("pre")).toEqual({ id: "pre", error: missing });
    for (const method of ["thread/list", "thread/read", "config/read", "model/list", "account/read", "skills/list", "thread/loaded/list"]) expect(answer(method)).toEqual({ id: method, error: missing });
    expect(answer("configRequirements/read")).toEqual({ id: "configRequirements/read", result: { supportsIndependentSpeedModes: true, requirements: null } });
    expect(answer("account/logout")).toEqual({ id: "account/logout", result: {} });
    expect(answer("account/gatewayOAuth/read")).toHaveProperty("result");
  });
});

describe("turn/start with an outputSchema", () => {
  const schema = {
    type: "object",
    properties: { verdict: { type: "string", enum: ["approve", "reject"] }, findings: { type: "array", items: { type: "string" }, minItems: 1 }, score: { type: "integer", minimum: 3 } },
    required: ["verdict", "findings", "score"],
    additionalProperties: false,
  };

  it("answers with a deterministic JSON value valid against the schema when the model script gives none", async () => {
    const { t, threadId } = await booted(false);
    t.send({ id: 2, method: "turn/start", params: { threadId, input: [{ type: "text", text: "review", text_elements: [] }], outputSchema: schema } });
    await t.world.run();
    const done = t.out().find((m) => m.method === "item/completed" && (m.params?.["item"] as { type?: string }).type === "agentMessage");
    const text = (done?.params?.["item"] as { text: string }).text;
    expect(JSON.parse(text)).toEqual({ verdict: "approve", findings: [""], score: 3 });
    expect(t.out().find((m) => m.method === "turn/completed")?.params).toMatchObject({ turn: { status: "completed" } });
  });

  it("plays the model script's own JSON when it gives one", async () => {
    const t = bootServer({ world: createTestWorld({ drain }), script: { model: { turns: [{ output: [{ type: "message", phase: "final_answer", deltas: ['{"verdict":"reject",', '"findings":["x"],"score":9}'] }] }] } } });
    const threadId = await ready(t);
    t.send({ id: 2, method: "turn/start", params: { threadId, input: [], outputSchema: schema } });
    await t.world.run();
    const done = t.out().find((m) => m.method === "item/completed" && (m.params?.["item"] as { type?: string }).type === "agentMessage");
    expect(JSON.parse((done?.params?.["item"] as { text: string }).text)).toEqual({ verdict: "reject", findings: ["x"], score: 9 });
  });
});
