import type { TemplateInput } from "../kit-types.ts";

export const turnTemplate = ({ id, kitImport }: TemplateInput): string => `import {
  defineScenario,
  DISCONNECTED_MESSAGE,
  fakeAppServer,
  noExitWatchdogHangs,
  runTurnStory,
  summarizeTurn,
  turnChecks,
  turnImpl,
  type TurnImpl,
  type TurnOutcome,
} from "${kitImport}";

export default defineScenario<TurnImpl, TurnOutcome>({
  id: "${id}",
  title: "the app-server exits mid-turn before any final answer: the turn fails instead of hanging",
  behavior: "openai/codex-plugin-cc#243: captureTurn resolves when the app-server disconnects mid-turn",
  lane: "deterministic",
  seeds: [1, 2, 3],
  // A runaway mutant is judged \`hang\` after this many scheduler steps (the default is 200 000).
  budgets: { steps: 20_000 },
  // The src factories under test; a mutant derives its known-bad variant from them.
  impl: turnImpl,
  run: (ctx, impl) =>
    runTurnStory(
      ctx,
      impl,
      fakeAppServer({
        model: { turns: [{ output: [{ type: "message", phase: "commentary", deltas: ["Reading the diff."] }] }] },
        // The fault: exit 0 right after the commentary item completes (the 2nd item/completed of
        // turn 0; the 1st is the user's message), with no final answer and no turn/completed.
        rules: [{ id: "exit-mid-turn", when: { turn: 0, notification: "item/completed", afterNotification: 2 }, action: { kind: "exit", code: 0 } }],
      }),
    ),
  summarize: summarizeTurn,
  checks: [
    // A kit check: the turn ends "failed" with CLI exit code 1.
    turnChecks.status("failed"),
    // A check of your own: it only observes the outcome (or the trace) and says why it failed.
    {
      id: "safety:failure-names-the-disconnect",
      kind: "safety",
      description: "the failed turn carries the disconnect error",
      check: ({ outcome: { result } }) =>
        result.error?.message === DISCONNECTED_MESSAGE
          ? { ok: true, evidence: { error: result.error.message } }
          : { ok: false, message: \`the turn's error was \${JSON.stringify(result.error?.message ?? null)}\` },
    },
  ],
  // runTurnStory fires this probe when the client sees the app-server go away mid-turn; a run
  // whose probe never fired is \`unknown\`, never \`pass\`.
  probes: ["appserver.gone-mid-turn"],
  // The bug re-created: captureTurn ignores the exit and waits forever (judged \`hang\`, which it declares).
  mutants: [noExitWatchdogHangs],
});
`;
