/**
 * Drives one golden case over a child's stdio — the real binary (through the namespace wrapper)
 * or the fake (through the sim spawner) — and records the transcript. The client is reactive:
 * it answers `initialize`, starts a thread and a turn (with the case's `outputSchema`, or a review
 * with `review/start`), and at the first agentMessage delta
 * performs the case's action (stdin EOF, SIGTERM, interrupt), or waits for `turn/completed`.
 */
import { createLineSplitter } from "../../src/runtime/line-splitter.ts";
import type { Clock } from "../../src/runtime/clock.ts";
import type { ChildProcessHandle } from "../../src/runtime/process.ts";
import type { Json } from "../scenario/types.ts";
import type { GoldenCase } from "./golden-cases.ts";
import type { Transcript, TranscriptEntry } from "./transcript.ts";

export const GOLDEN_CLIENT_INFO = { name: "codex-lifecycle-proof", title: null, version: "0.1.0" } as const;

type Msg = { readonly id?: unknown; readonly method?: unknown; readonly params?: Record<string, unknown>; readonly result?: unknown };

export interface GoldenDriverOptions {
  readonly child: ChildProcessHandle;
  readonly golden: GoldenCase;
  readonly clock: Clock;
  /** Kill the server (SIGKILL) and mark the transcript timed out after this long. */
  readonly timeoutMs: number;
}

export function runGoldenClient(options: GoldenDriverOptions): Promise<Transcript> {
  const { child, golden, clock } = options;
  const startMs = clock.nowMs();
  const entries: TranscriptEntry[] = [];
  const at = (): number => clock.nowMs() - startMs;
  let malformedLines = 0;
  let timedOut = false;
  let threadId: string | undefined;
  let turnId: string | undefined;
  let acted = false;
  let inputEnded = false;

  const send = (msg: Record<string, Json>): void => {
    if (inputEnded) return;
    entries.push({ dir: "send", msg, tMs: at() });
    child.write(`${JSON.stringify(msg)}\n`);
  };
  const endInput = (): void => {
    if (inputEnded) return;
    inputEnded = true;
    entries.push({ dir: "action", action: "stdin-eof", tMs: at() });
    child.endInput();
  };
  const act = (): void => {
    acted = true;
    if (golden.action === "stdin-eof") endInput();
    if (golden.action === "sigterm") {
      entries.push({ dir: "action", action: "sigterm", tMs: at() });
      child.kill("SIGTERM");
    }
    if (golden.action === "interrupt" && threadId !== undefined && turnId !== undefined) {
      send({ id: 4, method: "turn/interrupt", params: { threadId, turnId } });
    }
  };

  const onMessage = (msg: Msg): void => {
    if (msg.id === 1 && msg.result !== undefined) {
      send({ method: "initialized" });
      send({ id: 2, method: "thread/start", params: {} });
    } else if (msg.id === 2 && msg.result !== undefined) {
      threadId = String((msg.result as { thread?: { id?: unknown } }).thread?.id);
      if (golden.reviewTarget !== undefined) send({ id: 3, method: "review/start", params: { threadId, target: golden.reviewTarget } });
      else {
        const input: Json = [{ type: "text", text: golden.prompt, text_elements: [] }];
        send({ id: 3, method: "turn/start", params: { threadId, input, ...(golden.outputSchema === undefined ? {} : { outputSchema: golden.outputSchema }) } });
      }
    } else if (msg.id === 3 && msg.result !== undefined) {
      turnId = String((msg.result as { turn?: { id?: unknown } }).turn?.id);
    } else if (msg.method === "item/agentMessage/delta" && !acted && golden.action !== "await-completion") {
      act();
    } else if (msg.method === "turn/completed") {
      endInput(); // a clean goodbye: the server exits 0 on stdin EOF
    }
  };

  const splitter = createLineSplitter({
    maxLineChars: 16 * 1024 * 1024,
    onLine: (line) => {
      let msg: Msg;
      try {
        msg = JSON.parse(line) as Msg;
      } catch {
        malformedLines++;
        return;
      }
      entries.push({ dir: "recv", msg: msg as Json, tMs: at() });
      onMessage(msg);
    },
    onOverflow: () => child.kill("SIGKILL"),
  });
  child.onStdout((chunk) => splitter.push(chunk));
  child.onError(() => {}); // EPIPE after the server left is part of the story, not a driver failure

  const timer = clock.setTimer(
    options.timeoutMs,
    () => {
      timedOut = true;
      child.kill("SIGKILL");
    },
    { label: `golden ${golden.id} deadline` },
  );
  send({ id: 1, method: "initialize", params: { clientInfo: { ...GOLDEN_CLIENT_INFO }, capabilities: null } });

  return child.exited.then((exit) => {
    clock.clearTimer(timer);
    splitter.end();
    entries.push({ dir: "exit", code: exit.code, signal: exit.signal, tMs: at() });
    return { caseId: golden.id, entries, timedOut, malformedLines };
  });
}
