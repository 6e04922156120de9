/**
 * Exec-mode golden cases: `codex exec --experimental-json` (the Codex SDK's protocol) on the real
 * binary and on the fake, with one model script each. A case is one or more steps (one exec process
 * each, sharing CODEX_HOME, so a later step can `resume` the thread an earlier one started) and an
 * optional client action once `turn.started` is seen.
 */
import type { ModelScript } from "../../fakes/app-server/script.ts";
import { API_KEY_401 } from "../../fakes/model-api/api-key-401.ts";

export interface ExecGoldenStep {
  /** Extra exec flags after `exec --experimental-json --skip-git-repo-check`; `{thread0}` is replaced by step 0's thread id. */
  readonly flags: readonly string[];
  readonly prompt: string;
  /** The model script of this step's process (the model API restarts with each process). */
  readonly model: ModelScript;
  /** What the client does once the step's `turn.started` arrives. */
  readonly action?: "sigterm" | "sigint";
}

export interface ExecGoldenCase {
  readonly id: string;
  readonly title: string;
  readonly steps: readonly ExecGoldenStep[];
  readonly streamIdleTimeoutMs: number;
  /** Files the case needs in its work dir (e.g. an output schema), by name. */
  readonly files?: Readonly<Record<string, string>>;
}

const USAGE = { inputTokens: 12, outputTokens: 4 } as const;
const STALL: ModelScript = { turns: [{ output: [{ type: "message", deltas: ["Working on "], done: false }], end: "stall" }] };
const answer = (text: string): ModelScript => ({ turns: [{ output: [{ type: "message", phase: "final_answer", deltas: [text] }], usage: USAGE }] });
const SCHEMA = JSON.stringify({ type: "object", properties: { answer: { type: "string" } }, required: ["answer"], additionalProperties: false });

export const EXEC_GOLDEN_CASES: readonly ExecGoldenCase[] = [
  {
    id: "success",
    title: "commentary, a command, then the final answer",
    streamIdleTimeoutMs: 10_000,
    steps: [
      {
        flags: [],
        prompt: "Say hi.",
        model: {
          turns: [
            [
              { output: [{ type: "message", phase: "commentary", deltas: ["Let me look."] }, { type: "exec_command", cmd: "echo hi", callId: "call_1", output: "hi\n" }], usage: USAGE },
              { output: [{ type: "message", phase: "final_answer", deltas: ["Hello ", "world"] }], usage: USAGE },
            ],
          ],
        },
      },
    ],
  },
  { id: "auth-401", title: "the model API answers 401", streamIdleTimeoutMs: 10_000, steps: [{ flags: [], prompt: "Say hello.", model: { turns: [API_KEY_401] } }] },
  { id: "stream-stall", title: "the model stream stalls until the idle timeout", streamIdleTimeoutMs: 1_500, steps: [{ flags: [], prompt: "Say hello.", model: STALL }] },
  { id: "sigterm-mid-turn", title: "SIGTERM while the turn is streaming", streamIdleTimeoutMs: 20_000, steps: [{ flags: [], prompt: "Say hello.", model: STALL, action: "sigterm" }] },
  { id: "sigint-mid-turn", title: "SIGINT while the turn is streaming", streamIdleTimeoutMs: 20_000, steps: [{ flags: [], prompt: "Say hello.", model: STALL, action: "sigint" }] },
  {
    id: "output-schema",
    title: "--output-schema: the final message is the model's JSON",
    streamIdleTimeoutMs: 10_000,
    files: { "schema.json": SCHEMA },
    steps: [{ flags: ["--output-schema", "{work}/schema.json"], prompt: "Answer in JSON.", model: { turns: [{ output: [{ type: "message", phase: "final_answer", deltas: ['{"answer":', '"hi"}'] }], usage: USAGE }] } }],
  },
  {
    id: "resume",
    title: "a second process resumes the first one's thread",
    streamIdleTimeoutMs: 10_000,
    steps: [
      { flags: [], prompt: "One.", model: answer("First.") },
      { flags: ["resume", "{thread0}"], prompt: "Two.", model: answer("Second.") },
    ],
  },
  {
    id: "resume-unknown",
    title: "resuming a thread that was never persisted",
    streamIdleTimeoutMs: 10_000,
    steps: [{ flags: ["resume", "01a233f3-37ad-7a73-aeae-5168e41cb904"], prompt: "Go on.", model: answer("Never.") }],
  },
];

export function execGoldenCase(id: string): ExecGoldenCase {
  const found = EXEC_GOLDEN_CASES.find((c) => c.id === id);
  if (found === undefined) throw new Error(`unknown exec golden case "${id}"; known: ${EXEC_GOLDEN_CASES.map((c) => c.id).join(", ")}`);
  return found;
}
