/**
 * The golden cases: one model fault script and one client action each. The script is the fakes'
 * ModelScript (turns by index): the real binary gets it from the fake model API on loopback, the
 * in-process fake through its own model path, and their normalized transcripts must match.
 */
import type { ModelScript } from "../../fakes/app-server/script.ts";
import { API_KEY_401 } from "../../fakes/model-api/index.ts";

/** What the client does once the turn is streaming (its first agentMessage delta). */
export type GoldenAction = "await-completion" | "stdin-eof" | "sigterm" | "interrupt";

export interface GoldenCase {
  readonly id: string;
  readonly title: string;
  readonly prompt: string;
  readonly model: ModelScript;
  readonly action: GoldenAction;
  /** The real binary's SSE idle timeout for this case (the stall case depends on it). */
  readonly streamIdleTimeoutMs: number;
}

/** The token usage the model reports on a completed response. */
const USAGE = { inputTokens: 12, outputTokens: 4 } as const;

/** One delta of a message that is never finished, then silence until someone gives up. */
const STALL: ModelScript = { turns: [{ output: [{ type: "message", deltas: ["Working on "], done: false }], end: "stall" }] };

export const GOLDEN_CASES: readonly GoldenCase[] = [
  {
    id: "success",
    title: "a successful turn with a final answer",
    prompt: "Say hello.",
    model: { turns: [{ output: [{ type: "message", phase: "final_answer", deltas: ["Hello ", "world"] }], usage: USAGE }] },
    action: "await-completion",
    streamIdleTimeoutMs: 10_000,
  },
  {
    id: "auth-401",
    title: "the model API answers 401 (API-key shape)",
    prompt: "Say hello.",
    model: { turns: [API_KEY_401] },
    action: "await-completion",
    streamIdleTimeoutMs: 10_000,
  },
  {
    id: "stream-stall",
    title: "the model stream stalls after one delta until the idle timeout",
    prompt: "Say hello.",
    model: STALL,
    action: "await-completion",
    streamIdleTimeoutMs: 1_500,
  },
  {
    id: "stdin-eof-mid-turn",
    title: "the client closes stdin while the turn is streaming",
    prompt: "Say hello.",
    model: STALL,
    action: "stdin-eof",
    streamIdleTimeoutMs: 10_000,
  },
  {
    id: "sigterm-mid-turn",
    title: "the app-server gets SIGTERM while the turn is streaming",
    prompt: "Say hello.",
    model: STALL,
    action: "sigterm",
    streamIdleTimeoutMs: 10_000,
  },
  {
    id: "interrupt",
    title: "the client interrupts the streaming turn",
    prompt: "Say hello.",
    model: STALL,
    action: "interrupt",
    streamIdleTimeoutMs: 10_000,
  },
];

export class UnknownGoldenCaseError extends Error {
  constructor(id: string) {
    super(`unknown golden case "${id}"; known: ${GOLDEN_CASES.map((c) => c.id).join(", ")}`);
    this.name = "UnknownGoldenCaseError";
  }
}

export function goldenCase(id: string): GoldenCase {
  const found = GOLDEN_CASES.find((c) => c.id === id);
  if (found === undefined) throw new UnknownGoldenCaseError(id);
  return found;
}
