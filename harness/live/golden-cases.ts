/**
 * The golden cases: one model fault script and one client action each. They run on the real
 * binary and on the fake with the same script, and their normalized transcripts must match.
 */
import { API_KEY_401_BODY, type ModelScript } from "./model-script.ts";

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

const STALL = { rules: [{ reply: { kind: "stall", deltas: ["Working on "] } }] } as const satisfies ModelScript;

export const GOLDEN_CASES: readonly GoldenCase[] = [
  {
    id: "success",
    title: "a successful turn with a final answer",
    prompt: "Say hello.",
    model: { rules: [{ reply: { kind: "message", deltas: ["Hello ", "world"], phase: "final_answer" } }] },
    action: "await-completion",
    streamIdleTimeoutMs: 10_000,
  },
  {
    id: "auth-401",
    title: "the model API answers 401 (API-key shape)",
    prompt: "Say hello.",
    model: { rules: [{ reply: { kind: "http-error", status: 401, body: API_KEY_401_BODY } }] },
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
