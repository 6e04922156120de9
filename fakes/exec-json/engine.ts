/**
 * The fake `codex exec --experimental-json`: one turn per process, driven by the same in-process
 * fake app-server engine (and so the same FakeCodexScript: model turns, HTTP errors, stalls, cut
 * streams, exit/stall/malformed rules) that serves `codex app-server`; its notifications become
 * JSONL thread events, as in the real binary. Faults modelled on top: `afterEvent` rules (exit,
 * stall, malformed line, stderr between events), an unknown `resume <id>` (the real "no rollout
 * found" error, exit 1), SIGINT (exit 1, nothing more written) and SIGTERM (death by the signal).
 * Exit codes as 0.169.0: 0 after `turn.completed`, 1 after `turn.failed`.
 */
import type { ProcessExit } from "../../src/runtime/process.ts";
import type { JsonRpcId } from "../app-server/connection.ts";
import { createScriptedModel, type ModelPort } from "../app-server/model.ts";
import { SCRIPT_DEFAULTS, type FakeCodexScript, type ModelScript } from "../app-server/script.ts";
import { createFakeAppServer, type FakeAppServer } from "../app-server/server.ts";
import type { FakeWorld } from "../world.ts";
import type { ExecArgs } from "./args.ts";
import { ExecTranslator, ZERO_TOKENS, type ThreadEvent } from "./events.ts";
import { ExecFaultBook } from "./faults.ts";
import type { ExecThreadStore, StoredThread } from "./store.ts";

export interface ExecHost {
  /** One JSONL line (without the newline) for stdout. */
  writeStdout(line: string): void;
  writeStderr(text: string): void;
  /** Called once: the process ends with this code or signal. */
  exit(exit: ProcessExit): void;
}

export interface ExecJsonOptions {
  readonly args: ExecArgs;
  readonly world: FakeWorld;
  readonly host: ExecHost;
  readonly store: ExecThreadStore;
  /** The prompt from stdin (asked only when no prompt argument was given, or it was `-`). */
  readonly readStdin: () => Promise<string>;
  readonly script?: FakeCodexScript;
  /** Default: a scripted model playing `script.model`, turns counted per thread across processes. */
  readonly model?: ModelPort;
  readonly codexHome: string;
  readonly cwd: string;
  readonly processIndex?: number;
  /** Reads `--output-schema`'s file; throws when it cannot. */
  readonly readFile?: (path: string) => string;
  /** Whether `cwd` is inside a git repository (without `--skip-git-repo-check` exec refuses otherwise); default: yes. */
  readonly isGitRepo?: (cwd: string) => boolean;
}

export interface ExecRun {
  /** SIGINT → exit 1; SIGTERM and others → death by that signal. */
  handleSignal(signal: string): void;
  /** Settles when the run exits. */
  readonly exited: Promise<ProcessExit>;
}

const MALFORMED_EVENT = '{"type":"turn.completed","usage":{"input_tokens":';
const NOT_TRUSTED = "Not inside a trusted directory and --skip-git-repo-check was not specified.\n";

/** A model script whose turn 0 is the thread's turn `offset` (a resumed thread goes on where it was). */
function shiftTurns(script: ModelScript | undefined, offset: number): ModelScript | undefined {
  if (script?.turns === undefined || offset === 0) return script;
  return { ...script, turns: script.turns.slice(offset) };
}

export function runExecJson(options: ExecJsonOptions): ExecRun {
  const { args, host, world } = options;
  const script = options.script ?? {};
  let resolveExit: (exit: ProcessExit) => void = () => {};
  const exited = new Promise<ProcessExit>((resolve) => (resolveExit = resolve));
  let done = false;
  let stalled = false;
  const exit = (result: ProcessExit): void => {
    if (done) return;
    done = true;
    host.exit(result);
    resolveExit(result);
  };
  const fail = (text: string): void => {
    host.writeStderr(text);
    exit({ code: 1, signal: null });
  };
  const faults = new ExecFaultBook(script.rules ?? [], options.processIndex ?? 0);
  let server: FakeAppServer | undefined;
  let translator = new ExecTranslator(ZERO_TOKENS);
  let stored: StoredThread | undefined;
  const pending = new Map<JsonRpcId, (reply: { result?: unknown; error?: { code?: number; message?: string } }) => void>();
  let nextId = 0;

  function emit(event: ThreadEvent): void {
    if (done || stalled) return;
    host.writeStdout(JSON.stringify(event));
    for (const fired of faults.onEvent(event.type)) {
      world.emit({ kind: "exec.fault", rule: fired.name, action: fired.action.kind, afterEvent: event.type });
      const action = fired.action;
      if (action.kind === "exit") return exit(action.signal ? { code: null, signal: action.signal } : { code: action.code ?? 1, signal: null });
      if (action.kind === "stall") stalled = true;
      else if (action.kind === "malformed") host.writeStdout(action.line ?? MALFORMED_EVENT);
      else if (action.kind === "stderr") host.writeStderr(action.text);
    }
  }

  function onServerLine(line: string): void {
    let message: { id?: JsonRpcId; method?: string; params?: Record<string, unknown>; result?: unknown; error?: { code?: number; message?: string } };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      // A `malformed` rule of the app-server: the broken line reaches the client as it is.
      if (!done && !stalled) host.writeStdout(line);
      return;
    }
    if (message.method === undefined) {
      if (message.id !== undefined) pending.get(message.id)?.(message);
      return;
    }
    if (message.id !== undefined) {
      // exec runs with approval policy "never"; a server request still gets an answer, never silence.
      server?.handleLine(JSON.stringify({ id: message.id, error: { code: -32601, message: "codex exec answers no server requests" } }));
      return;
    }
    for (const event of translator.translate(message.method, message.params ?? {})) emit(event);
    if (translator.end !== undefined) endTurn(translator.end === "completed" ? 0 : 1);
  }

  function endTurn(code: number): void {
    if (stored !== undefined && !stored.thread.ephemeral) options.store.save({ ...stored, tokens: translator.totals, turns: stored.turns + 1 });
    if (!stalled) exit({ code, signal: null });
  }

  function call(method: string, params: Record<string, unknown>): Promise<{ result?: unknown; error?: { code?: number; message?: string } }> {
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, (reply) => {
        pending.delete(id);
        resolve(reply);
      });
      server?.handleLine(JSON.stringify({ id, method, params }));
    });
  }

  async function main(): Promise<void> {
    if (!args.json) return fail("fake-codex: exec speaks only JSONL events: pass --json or --experimental-json\n");
    const cwd = args.cd ?? options.cwd;
    if (!args.skipGitRepoCheck && options.isGitRepo?.(cwd) === false) return fail(NOT_TRUSTED);
    let outputSchema: unknown;
    if (args.outputSchema !== undefined) {
      try {
        outputSchema = JSON.parse((options.readFile ?? (() => "{}"))(args.outputSchema));
      } catch (error) {
        return fail(`Error: failed to load output schema file ${args.outputSchema}: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    if (outputSchema !== undefined) world.emit({ kind: "exec.output-schema", fields: Object.keys((outputSchema as { properties?: object }).properties ?? {}).sort() });
    let prompt = args.prompt;
    if (prompt === undefined || prompt === "-") {
      host.writeStderr("Reading prompt from stdin...\n");
      prompt = await options.readStdin();
    }
    if (prompt.trim() === "") return fail("No prompt provided via stdin.\n");
    const previous = args.resume === undefined ? undefined : options.store.load(args.resume);
    const model =
      options.model ?? createScriptedModel({ world, label: "fake-model", ...(script.model ? { script: shiftTurns(script.model, previous?.turns ?? 0) ?? {} } : {}) });
    server = createFakeAppServer({
      world,
      script,
      model,
      name: "codex-exec",
      processIndex: options.processIndex ?? 0,
      codexHome: options.codexHome,
      cwd,
      loadThread: (id) => (id === previous?.thread.id ? previous.thread : undefined),
      host: { writeLine: onServerLine, writeStderr: (text) => host.writeStderr(text), exit, closeStdin: () => {} },
    });
    server.start();
    if (done) return;
    await call("initialize", { clientInfo: { name: "codex_exec", version: SCRIPT_DEFAULTS.cliVersion }, capabilities: { experimentalApi: true } });
    const threadId = await openThread(cwd);
    if (threadId === undefined) return;
    const input = [{ type: "text", text: prompt, text_elements: [] }, ...args.images.map((path) => ({ type: "localImage", path }))];
    const turn = await call("turn/start", { threadId, input, ...(outputSchema === undefined ? {} : { outputSchema }) });
    if (turn.error !== undefined) fail(`Error: turn/start: turn/start failed: ${turn.error.message ?? ""} (code ${turn.error.code ?? -32603})\n`);
  }

  async function openThread(cwd: string): Promise<string | undefined> {
    if (args.resume !== undefined) {
      const reply = await call("thread/resume", { threadId: args.resume });
      if (reply.error !== undefined) {
        fail(`Error: thread/resume: thread/resume failed: ${reply.error.message ?? ""} (code ${reply.error.code ?? -32600})\n`);
        return undefined;
      }
      stored = options.store.load(args.resume);
      translator = new ExecTranslator(stored?.tokens ?? ZERO_TOKENS);
    } else {
      const params = { cwd, approvalPolicy: "never", ...(args.model === undefined ? {} : { model: args.model }), ...(args.ephemeral ? { ephemeral: true } : {}) };
      const reply = await call("thread/start", params);
      if (reply.error !== undefined) {
        fail(`Error: thread/start: thread/start failed: ${reply.error.message ?? ""} (code ${reply.error.code ?? -32600})\n`);
        return undefined;
      }
      const thread = (reply.result as { thread?: { id?: string } } | undefined)?.thread;
      const record = thread?.id === undefined ? undefined : threadRecordOf(reply.result, cwd, args);
      if (record !== undefined) {
        stored = { thread: record, tokens: ZERO_TOKENS, turns: 0 };
        // An ephemeral thread is never persisted, so it cannot be resumed (as with the real binary).
        if (!record.ephemeral) options.store.save(stored);
      }
    }
    const threadId = stored?.thread.id ?? args.resume;
    if (threadId === undefined) return undefined;
    emit({ type: "thread.started", thread_id: threadId });
    return done ? undefined : threadId;
  }

  main().catch((error: unknown) => fail(`fake-codex exec: internal error: ${error instanceof Error ? error.message : String(error)}\n`));

  return {
    exited,
    handleSignal(signal) {
      if (signal === "SIGINT") exit({ code: 1, signal: null });
      else exit({ code: null, signal });
    },
  };
}

function threadRecordOf(result: unknown, cwd: string, args: ExecArgs): StoredThread["thread"] | undefined {
  const r = result as { thread?: { id?: string; path?: string | null; ephemeral?: boolean; createdAt?: number }; model?: string; modelProvider?: string };
  if (r.thread?.id === undefined) return undefined;
  return {
    id: r.thread.id,
    cwd,
    model: r.model ?? args.model ?? SCRIPT_DEFAULTS.model,
    modelProvider: r.modelProvider ?? "openai",
    ephemeral: r.thread.ephemeral === true,
    approvalPolicy: "never",
    createdAtS: r.thread.createdAt ?? 0,
    path: r.thread.path ?? null,
    originator: "codex_exec",
  };
}
