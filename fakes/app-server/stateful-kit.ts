/**
 * Test helpers for the stateful methods: one fake app-server, requests by method with their
 * answers, the shape of what it sent, and a schema check of everything it sent.
 */
import { validateServerMessage } from "../protocol/validate.ts";
import type { FakeCodexScript } from "./script.ts";
import { bootServer, createTestWorld, type Msg } from "./testkit.ts";

export function statefulSession(options: { drain: () => Promise<void>; script?: FakeCodexScript }) {
  const t = bootServer({ world: createTestWorld({ drain: options.drain }), ...(options.script === undefined ? {} : { script: options.script }) });
  const methods = new Map<unknown, string>();
  let nextId = 0;
  const send = (method: string, params?: unknown): number => {
    const id = nextId++;
    methods.set(id, method);
    t.send(params === undefined ? { id, method } : { id, method, params });
    return id;
  };
  /** Sends a request, runs the world, and returns the answer (result or error). */
  const call = async (method: string, params: unknown = {}): Promise<Msg> => {
    const id = send(method, params);
    await t.world.run();
    const answer = t.out().find((m) => m.id === id && m.method === undefined);
    if (answer === undefined) throw new Error(`${method} got no answer`);
    return answer;
  };
  /** Outgoing messages from the `index`-th on, as `method`, `#request` (a result) or `!request` (an error). */
  const shapeSince = (index: number): string[] =>
    t
      .out()
      .slice(index)
      .map((m) => m.method ?? `${m["error"] ? "!" : "#"}${methods.get(m.id) ?? "?"}`);
  const invalid = (): string[] =>
    t.out().flatMap((m) => {
      const requestMethod = m.method === undefined ? methods.get(m.id) : undefined;
      const result = validateServerMessage(m, requestMethod === undefined ? {} : { requestMethod });
      return result.ok ? [] : [`${m.method ?? requestMethod ?? "?"}: ${result.errors.join("; ")}`];
    });
  const start = async (capabilities: Record<string, unknown> = { experimentalApi: true }): Promise<void> => {
    await call("initialize", { clientInfo: { name: "probe", version: "1" }, capabilities });
  };
  const newThread = async (params: Record<string, unknown> = {}): Promise<string> => String(((await call("thread/start", params)).result?.["thread"] as { id: string }).id);
  const turn = async (threadId: string, text = "hi"): Promise<Msg> => call("turn/start", { threadId, input: [{ type: "text", text, text_elements: [] }] });
  return { t, send, call, shapeSince, invalid, start, newThread, turn, count: (): number => t.out().length };
}
