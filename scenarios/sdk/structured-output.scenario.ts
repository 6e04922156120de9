/**
 * Structured output: the user passes `outputSchema`; the SDK writes it to a temp file and runs
 * `codex exec --output-schema <file>`, and the final agent message is the JSON the model produced.
 * The user must hand the schema over (the fake records which fields it received) and get the parsed
 * object back.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { SDK_NOT_TESTED, mutant, nothingLeftBehind, runSdkTurn, sdkUsers, settlesCheck, summarizeSdk, type SdkOutcome } from "./story.ts";
import { sdkHarness } from "./sdk-kit.ts";
import type { SdkUser } from "./sdk-users.ts";

const SCHEMA = { type: "object", properties: { answer: { type: "string" }, files: { type: "integer" } }, required: ["answer", "files"], additionalProperties: false };
const SCRIPT = { model: { turns: [{ output: [{ type: "message" as const, phase: "final_answer" as const, deltas: ['{"answer":"one file",', '"files":1}'] }] }] } };

interface Outcome extends SdkOutcome {
  /** Fields of the schema codex exec received (from the fake's transcript), or null without one. */
  readonly schemaFields: readonly string[] | null;
}

export default defineScenario<SdkUser, Outcome>({
  id: "sdk/structured-output",
  title: "outputSchema reaches codex exec and the final response parses as the schema's object",
  behavior: "@openai/codex-sdk 0.163.0: `outputSchema` → `--output-schema <temp file>` → JSON final response",
  lane: "process",
  seeds: [1],
  budgets: { wallMs: 90_000 },
  impl: () => sdkUsers.carefulUser,
  async run(ctx, user) {
    const harness = await sdkHarness(ctx, SCRIPT);
    const outcome = await runSdkTurn(ctx, user, SCRIPT, { prompt: "Count the files.", outputSchema: SCHEMA }, harness);
    const received = harness.transcript().find((e) => e.dir === "event" && e.event?.kind === "exec.output-schema");
    const schemaFields = received?.event === undefined ? null : (received.event["fields"] as string[]);
    if (outcome.eventTypes.includes("turn.completed")) ctx.probe("exec.structured-turn-completed");
    return { ...outcome, schemaFields };
  },
  summarize: (o) => ({ ...(summarizeSdk(o) as Record<string, never>), schemaFields: o.schemaFields === null ? null : [...o.schemaFields] }),
  checks: [
    settlesCheck,
    {
      id: "safety:schema-reaches-codex",
      kind: "safety",
      description: "codex exec received the output schema (--output-schema with the user's fields)",
      check: ({ outcome }) =>
        JSON.stringify(outcome.schemaFields) === JSON.stringify(["answer", "files"]) ? { ok: true } : { ok: false, message: `schema fields received: ${JSON.stringify(outcome.schemaFields)}` },
    },
    {
      id: "safety:final-response-is-the-object",
      kind: "safety",
      description: "the final response parses as JSON with the schema's fields",
      check: ({ outcome: { report } }) => {
        if (report === null || report.status !== "completed") return { ok: false, message: `turn ${report?.status ?? "pending"}: ${report?.error ?? ""}` };
        try {
          const value = JSON.parse(report.finalResponse) as { answer?: unknown; files?: unknown };
          return value.answer === "one file" && value.files === 1 ? { ok: true, evidence: report.finalResponse } : { ok: false, message: report.finalResponse };
        } catch {
          return { ok: false, message: `not JSON: ${report.finalResponse}` };
        }
      },
    },
    nothingLeftBehind,
  ],
  probes: ["exec.structured-turn-completed"],
  mutants: [mutant("drops-output-schema", "never passes outputSchema to the turn", "wrappers that build TurnOptions without the schema", sdkUsers.dropsOutputSchema)],
  notTested: [...SDK_NOT_TESTED, "schema enforcement by the model (codex forwards the schema to the Responses API; the fake model answers what its script says)"],
});
