/**
 * Unit-test support for src/codex (not used by production code): a client factory whose clients
 * talk to a scripted in-test app-server over the test transport. The script answers each request
 * with a result, a JSON-RPC error, silence, or by breaking the connection.
 */
import { createTestTransport, type ManualClock, type TestPeerEnd } from "../jsonrpc/testing.ts";
import type { JsonRpcErrorObject } from "../jsonrpc/types.ts";
import type { EventSink } from "../runtime/events.ts";
import type { TransportClose } from "../runtime/transport.ts";
import { CodexAppServerClient } from "./app-server-client.ts";
import type { CodexStartOptions } from "./shared-client-key.ts";

export type ScriptedReply =
  | { readonly result: unknown }
  | { readonly error: JsonRpcErrorObject }
  | { readonly silence: true }
  | { readonly close: TransportClose };

export type AppServerScript = (method: string, params: unknown, server: ScriptedServer) => ScriptedReply;

export interface ScriptedServer {
  /** 1-based: the Nth server this factory started. */
  readonly index: number;
  readonly far: TestPeerEnd;
  readonly client: CodexAppServerClient;
  readonly startOptions: CodexStartOptions;
  /** Requests received, in order (method names). */
  readonly methods: string[];
  /** Ids of requests left unanswered by `silence`. */
  readonly silenced: { readonly id: unknown; readonly method: string }[];
  answer(id: unknown, reply: { result: unknown } | { error: JsonRpcErrorObject }): void;
  breakWith(close: TransportClose): void;
}

export const defaultScript: AppServerScript = (method, _params, server) => {
  if (method === "initialize") return { result: { userAgent: "scripted/0.169.0" } };
  if (method === "thread/start") return { result: { thread: { id: `thread-${server.index}-${server.methods.length}` } } };
  return { result: {} };
};

export function createScriptedClientFactory(options: { clock: ManualClock; emit?: EventSink; script?: AppServerScript }) {
  const servers: ScriptedServer[] = [];
  let script = options.script ?? defaultScript;
  const waiters: { method: string; resolve: (server: ScriptedServer) => void }[] = [];

  async function serve(server: ScriptedServer): Promise<void> {
    for (;;) {
      const message = await server.far.next();
      if (typeof message["method"] !== "string" || message["id"] === undefined) continue;
      server.methods.push(message["method"]);
      for (const waiter of waiters.filter((w) => w.method === message["method"])) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(server);
      }
      const reply = script(message["method"], message["params"], server);
      if ("silence" in reply) server.silenced.push({ id: message["id"], method: message["method"] });
      else if ("close" in reply) server.breakWith(reply.close);
      else server.answer(message["id"], reply);
    }
  }

  async function startClient(startOptions: CodexStartOptions): Promise<CodexAppServerClient> {
    const { transport, far } = createTestTransport();
    const index = servers.length + 1;
    const client = CodexAppServerClient.start({ transport, clock: options.clock, ...(options.emit === undefined ? {} : { emit: options.emit }), clientId: `client-${index}` });
    const server: ScriptedServer = {
      index,
      far,
      client,
      startOptions,
      methods: [],
      silenced: [],
      answer: (id, reply) => far.send({ id, ...reply }),
      breakWith: (close) => far.closeWith(close),
    };
    servers.push(server);
    void serve(server);
    return client;
  }

  return {
    startClient,
    servers,
    /** Resolves when any scripted server next receives a request for `method`. */
    nextRequest(method: string): Promise<ScriptedServer> {
      return new Promise((resolve) => waiters.push({ method, resolve }));
    },
    setScript(next: AppServerScript) {
      script = next;
    },
  };
}
