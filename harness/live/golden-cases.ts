/**
 * The golden cases: one model fault script and one client action each. The script is the fakes'
 * ModelScript (turns by index): the real binary gets it from the fake model API on loopback, the
 * in-process fake through its own model path, and their normalized transcripts must match.
 */
import type { ModelScript } from "../../fakes/app-server/script.ts";
import { API_KEY_401 } from "../../fakes/model-api/index.ts";
import type { Json } from "../scenario/types.ts";

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
  /** turn/start's `outputSchema` (structured output): the final answer must be JSON valid against it. */
  readonly outputSchema?: Json;
  /** Start a review (`review/start` with this target) instead of a turn. */
  readonly reviewTarget?: Json;
}

/** The token usage the model reports on a completed response. */
const USAGE = { inputTokens: 12, outputTokens: 4 } as const;

/** A structured answer and the schema it satisfies. */
const ANSWER_SCHEMA: Json = {
  type: "object",
  properties: { answer: { type: "string" }, confidence: { type: "number" } },
  required: ["answer", "confidence"],
  additionalProperties: false,
};

/** What a review model answers: codex's review output shape, as JSON text. */
const REVIEW_JSON = JSON.stringify({
  findings: [
    {
      title: "[P2] Check the exit code",
      body: "The helper ignores a non-zero exit.",
      confidence_score: 0.8,
      priority: 2,
      code_location: { absolute_file_path: "/tmp/app.ts", line_range: { start: 3, end: 4 } },
    },
  ],
  overall_correctness: "patch is incorrect",
  overall_explanation: "One finding.",
  overall_confidence_score: 0.7,
});

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
  {
    id: "structured-output",
    title: "a turn with an outputSchema whose final answer is JSON",
    prompt: "Answer as JSON.",
    model: { turns: [{ output: [{ type: "message", phase: "final_answer", deltas: ['{"answer":"hello",', '"confidence":0.9}'] }], usage: USAGE }] },
    action: "await-completion",
    streamIdleTimeoutMs: 10_000,
    outputSchema: ANSWER_SCHEMA,
  },
  {
    id: "review",
    title: "a review (review/start, custom instructions) whose model answers with review JSON",
    prompt: "Review the change.",
    model: { turns: [{ output: [{ type: "message", deltas: [REVIEW_JSON.slice(0, 40), REVIEW_JSON.slice(40)] }], usage: USAGE }] },
    action: "await-completion",
    streamIdleTimeoutMs: 10_000,
    reviewTarget: { type: "custom", instructions: "Review the change." },
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
