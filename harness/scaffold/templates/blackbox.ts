import type { TemplateInput } from "../kit-types.ts";

export const blackboxTemplate = ({ id, kitImport }: TemplateInput): string => `import { defineBlackBoxScenario, EXIT_MID_TURN_RULE, exitMidTurnScript, naiveClientMutant, PROMPT, runTurnClient } from "${kitImport}";

// A black-box scenario is the client command, one fake-codex fault script and what to expect.
// The lane always checks that the client exits before its deadline and leaves no process behind.
export default defineBlackBoxScenario({
  id: "${id}",
  title: "the app-server exits mid-turn: the client fails the turn promptly instead of hanging",
  behavior: "openai/codex-plugin-cc#243: a client must notice the app-server's exit mid-turn and fail the turn",
  // Any command works: \`{ name, command, args }\`, the prompt is appended as the last argument.
  client: runTurnClient,
  prompt: PROMPT,
  // The fault: fake-codex exits 0 after the turn's commentary message, with no turn/completed.
  fakeCodexScript: exitMidTurnScript,
  // Wall-clock milliseconds before the client's process tree is killed and the run judged \`hang\`;
  // the known-bad client is caught only at this deadline, so keep it short, with room for a slow start.
  deadlineMs: 10_000,
  // The first check: a non-zero exit code (a failure reported by exit code, not by a signal).
  exitCode: "nonzero",
  // The second check: what the client must say.
  output: [{ id: "safety:output-says-disconnected", description: "the client says the app-server went away", pattern: /disconnect|closed|unexpectedly/i, stream: "both" }],
  // The fault path was reached: the fake's transcript shows the exit rule fired before turn/completed.
  probe: {
    id: "app-server exited mid-turn",
    reached: (t) => t.events("appserver.fault").some((e) => e["rule"] === EXIT_MID_TURN_RULE) && !t.methods("out").includes("turn/completed"),
  },
  // The bug re-created: a client that waits only for turn/completed (killed at its deadline: \`hang\`).
  mutants: [naiveClientMutant],
});
`;
