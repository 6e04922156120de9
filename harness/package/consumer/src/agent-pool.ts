/**
 * A tiny client of `codex app-server`: every run of an agent shares one app-server process and
 * opens its own thread on it. `closeOnAnyFailure` is the classic bug: a helper's failed turn
 * tears down the shared connection under every other run.
 */
import { createStdioTransport, type ProcessSpawner, type Transport } from "codex-lifecycle-proof/runtime";

export interface AgentPoolOptions {
  readonly spawner: ProcessSpawner;
  readonly closeOnAnyFailure?: boolean;
}

export interface AgentRun {
  readonly status: "completed" | "failed";
  readonly error: string | null;
  /** Which app-server process served the run (1 = the first one started). */
  readonly processNumber: number;
}

interface TurnCompleted {
  readonly threadId: string;
  readonly turn: { readonly id: string; readonly status: string; readonly error?: { readonly message?: string } | null };
}

class Connection {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly turns = new Map<string, (done: TurnCompleted["turn"]) => void>();
  closed = false;

  constructor(
    private readonly transport: Transport,
    readonly processNumber: number,
  ) {
    transport.onMessage((line) => this.receive(JSON.parse(line) as Record<string, unknown>));
    void transport.closed.then(() => {
      this.closed = true;
      for (const p of this.pending.values()) p.reject(new Error("app-server disconnected"));
      for (const done of this.turns.values()) done({ id: "", status: "failed", error: { message: "app-server disconnected" } });
      this.pending.clear();
      this.turns.clear();
    });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.transport.send(JSON.stringify({ id, method, params }));
    });
  }

  notify(method: string): void {
    this.transport.send(JSON.stringify({ method }));
  }

  turnDone(turnId: string): Promise<TurnCompleted["turn"]> {
    return new Promise((resolve) => this.turns.set(turnId, resolve));
  }

  close(): void {
    this.transport.close();
  }

  private receive(message: Record<string, unknown>): void {
    const id = message["id"];
    if (typeof id === "number" && !("method" in message)) {
      const p = this.pending.get(id);
      this.pending.delete(id);
      const error = message["error"] as { message?: string } | undefined;
      if (error !== undefined) p?.reject(new Error(error.message ?? "request failed"));
      else p?.resolve(message["result"]);
      return;
    }
    if (message["method"] === "turn/completed") {
      const { turn } = message["params"] as TurnCompleted;
      this.turns.get(turn.id)?.(turn);
      this.turns.delete(turn.id);
    }
  }
}

export function createAgentPool(options: AgentPoolOptions) {
  let shared: Promise<Connection> | undefined;
  let started = 0;

  async function connect(): Promise<Connection> {
    const child = options.spawner.spawn("codex", ["app-server"]);
    const connection = new Connection(createStdioTransport(child), ++started);
    await connection.request("initialize", { clientInfo: { name: "tiny-agent", title: null, version: "1.0.0" }, capabilities: { experimentalApi: false, requestAttestation: false } });
    connection.notify("initialized");
    return connection;
  }

  async function connection(): Promise<Connection> {
    const current = shared === undefined ? undefined : await shared;
    if (current === undefined || current.closed) shared = connect();
    return shared as Promise<Connection>;
  }

  return {
    get processesStarted(): number {
      return started;
    },
    async run(text: string): Promise<AgentRun> {
      const c = await connection();
      try {
        const { thread } = await c.request<{ thread: { id: string } }>("thread/start", {});
        const { turn } = await c.request<{ turn: { id: string } }>("turn/start", { threadId: thread.id, input: [{ type: "text", text, text_elements: [] }] });
        const done = await c.turnDone(turn.id);
        const failed = done.status !== "completed";
        if (failed && options.closeOnAnyFailure === true) c.close();
        return { status: failed ? "failed" : "completed", error: done.error?.message ?? null, processNumber: c.processNumber };
      } catch (error) {
        if (options.closeOnAnyFailure === true) c.close();
        return { status: "failed", error: error instanceof Error ? error.message : String(error), processNumber: c.processNumber };
      }
    },
    close(): void {
      void shared?.then((c) => c.close());
    },
  };
}
