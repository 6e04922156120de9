/** Runs one turn on a client and resolves with how it ended (never rejects: a closed client is an outcome). */
import type { CodexAppServerClient } from "../../src/codex/app-server-client.ts";
import type { TurnError } from "../../src/codex/protocol.ts";

export interface TurnOutcome {
  readonly status: string;
  readonly error: TurnError | null;
  /** The final agent message text, when the turn completed with one. */
  readonly finalText: string | null;
  /** Set when the turn could not run or finish because the client failed (closed, exited…). */
  readonly clientError: string | null;
}

export async function runTurn(client: CodexAppServerClient, options: { threadId: string; text: string; timeoutMs: number }): Promise<TurnOutcome> {
  const completions = new Map<string, TurnOutcome>();
  const waiters = new Map<string, (o: TurnOutcome) => void>();
  const offCompleted = client.onNotification("turn/completed", (p) => {
    if (p.threadId !== options.threadId) return;
    const final = p.turn.items.find((i) => i.type === "agentMessage") as { text?: string } | undefined;
    const outcome: TurnOutcome = { status: p.turn.status, error: p.turn.error, finalText: final?.text ?? null, clientError: null };
    completions.set(p.turn.id, outcome);
    waiters.get(p.turn.id)?.(outcome);
  });
  const closed = client.closed.then((error): TurnOutcome => ({ status: "client-closed", error: null, finalText: null, clientError: error.message }));
  try {
    const started = await client.turnStart(
      { threadId: options.threadId, input: [{ type: "text", text: options.text, text_elements: [] }] },
      { timeoutMs: options.timeoutMs },
    );
    const turnId = started.turn.id;
    const done = completions.get(turnId);
    if (done !== undefined) return done;
    return await Promise.race([new Promise<TurnOutcome>((resolve) => waiters.set(turnId, resolve)), closed]);
  } catch (error) {
    return { status: "not-started", error: null, finalText: null, clientError: error instanceof Error ? error.message : String(error) };
  } finally {
    offCompleted();
  }
}
