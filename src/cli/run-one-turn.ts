/**
 * The example black-box client's logic: spawn `codex app-server` (resolved from PATH), initialize,
 * start an ephemeral thread, run one turn with captureTurn, print the final message, and close the
 * client so the app-server exits. Returns captureTurn's exit code: 0 only for a completed turn.
 */
import { CodexAppServerClient } from "../codex/app-server-client.ts";
import { isAgentMessageItem } from "../codex/protocol.ts";
import { redactSecrets } from "../codex/redact.ts";
import type { Clock } from "../runtime/clock.ts";
import type { EventSink } from "../runtime/events.ts";
import type { ProcessSpawner } from "../runtime/process.ts";
import { captureTurn } from "../turn/capture-turn.ts";
import { turnClientFrom } from "../turn/client-adapter.ts";

export interface RunOneTurnOptions {
  readonly prompt: string;
  readonly spawner: ProcessSpawner;
  readonly clock: Clock;
  /** Default "codex" (resolved from PATH by the spawner). */
  readonly command?: string;
  /** Default ["app-server"]. */
  readonly args?: readonly string[];
  readonly cwd?: string;
  /** Writes one line of the answer (stdout). */
  readonly out: (line: string) => void;
  /** Writes one line of progress or diagnostics (stderr). */
  readonly err: (line: string) => void;
  readonly emit?: EventSink;
  /** Per-request timeout for initialize, thread/start and turn/start; default 30 000 ms. */
  readonly requestTimeoutMs?: number;
  /** How long the app-server gets to exit after the client closes before SIGKILL; default 2 000 ms. */
  readonly exitTimeoutMs?: number;
}

export const RUN_TURN_CLIENT_INFO = { name: "codex-lifecycle-proof-run-turn", title: null, version: "0.1.0" } as const;

function describe(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error));
}

export async function runOneTurn(options: RunOneTurnOptions): Promise<0 | 1> {
  const client = CodexAppServerClient.start({
    spawner: options.spawner,
    command: options.command ?? "codex",
    args: options.args ?? ["app-server"],
    clock: options.clock,
    clientInfo: RUN_TURN_CLIENT_INFO,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.emit === undefined ? {} : { emit: options.emit }),
  });
  const stopProgress = client.onNotification("item/completed", (params) => {
    const item = params.item;
    if (isAgentMessageItem(item) && item.phase !== "final_answer") options.err(`assistant (${item.phase ?? "message"}): ${redactSecrets(item.text)}`);
  });
  try {
    await client.initialize();
    const { thread } = await client.threadStart({ approvalPolicy: "never", sandbox: "read-only", ephemeral: true, ...(options.cwd === undefined ? {} : { cwd: options.cwd }) });
    const result = await captureTurn(turnClientFrom(client), {
      threadId: thread.id,
      clock: options.clock,
      ...(options.emit === undefined ? {} : { emit: options.emit }),
      start: () => client.turnStart({ threadId: thread.id, input: [{ type: "text", text: options.prompt, text_elements: [] }] }),
    });
    if (result.exitCode === 0) {
      options.out(redactSecrets(result.finalMessage ?? ""));
      return 0;
    }
    options.err(`turn ${result.status}: ${redactSecrets(result.error?.message ?? "no error reported")}`);
    return 1;
  } catch (error) {
    options.err(`run-turn failed: ${describe(error)}`);
    return 1;
  } finally {
    stopProgress();
    await client.closeAndWait({ exitTimeoutMs: options.exitTimeoutMs ?? 2_000 });
  }
}

export const RUN_TURN_USAGE = 'usage: run-turn "<prompt>"';

/** The `run-turn` command: the arguments joined are the prompt; none is a usage error (exit 2). */
export async function runTurnCommand(argv: readonly string[], options: Omit<RunOneTurnOptions, "prompt">): Promise<0 | 1 | 2> {
  const prompt = argv.join(" ").trim();
  if (prompt === "") {
    options.err(RUN_TURN_USAGE);
    return 2;
  }
  return runOneTurn({ ...options, prompt });
}
