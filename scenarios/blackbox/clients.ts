/**
 * The clients and fault scripts of the black-box stories. Clients are plain commands, so any
 * client in any language can be dropped in; the scripts are fake-codex fault scripts.
 */
import { resolve } from "node:path";
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import type { BlackBoxImpl } from "../../harness/blackbox/define.ts";
import type { ClientCommand } from "../../harness/blackbox/scenario-kit.ts";
import type { MutantDef } from "../../harness/scenario/types.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const TSX = import.meta.resolve("tsx");

/** The example client built on src/ (CodexAppServerClient + captureTurn). */
export const runTurnClient: ClientCommand = {
  name: "run-turn",
  command: process.execPath,
  args: ["--import", TSX, resolve(ROOT, "src/cli/run-turn.ts")],
};

/** The pre-#243 client: waits for turn/completed and nothing else. */
export const naiveClient: ClientCommand = {
  name: "naive-client",
  command: process.execPath,
  args: [resolve(import.meta.dirname, "clients/naive-client.mjs")],
};

/** The example client behind a detached broker it never stops. */
export const leakyBrokerClient: ClientCommand = {
  name: "leaky-broker-client",
  command: process.execPath,
  args: [resolve(import.meta.dirname, "clients/leaky-broker-client.mjs")],
};

export const leakyBrokerMutant: MutantDef<BlackBoxImpl> = {
  id: "leaks-detached-broker",
  title: "a client that leaves a detached broker and its app-server running",
  recreates: "codex-plugin-cc before PR #243: detached app-server-broker processes outlived the CLI and their dead upstream",
  impl: () => ({ client: leakyBrokerClient }),
};

export const naiveClientMutant: MutantDef<BlackBoxImpl> = {
  id: "naive-client",
  title: "a client that waits for turn/completed and ignores the app-server's exit",
  recreates: "codex-plugin-cc before PR #243: captureTurn never resolves when the app-server exits mid-turn",
  // The bug is the hang: the lane kills the client at its deadline.
  expects: ["hang"],
  impl: () => ({ client: naiveClient }),
};

export const PROMPT = "What is the answer?";
export const ANSWER = "The answer is 42.";
export const ANSWER_PATTERN = /The answer is 42\./;
export const COMMENTARY = "Looking at the files...";

const turnWithCommentary = {
  output: [
    { type: "message", phase: "commentary", deltas: [COMMENTARY] },
    { type: "message", phase: "final_answer", deltas: ["The answer ", "is 42."] },
  ],
} as const;

export const normalTurnScript: FakeCodexScript = { model: { turns: [turnWithCommentary] } };

export const EXIT_MID_TURN_RULE = "exit-after-commentary";

/**
 * The app-server exits 0 right after the commentary message completes (the 2nd item/completed of
 * turn 0, the user message being the 1st): no final answer, no turn/completed — what codex 0.169.0
 * does on stdin EOF or SIGTERM mid-turn.
 */
export const exitMidTurnScript: FakeCodexScript = {
  model: { turns: [turnWithCommentary] },
  rules: [{ id: EXIT_MID_TURN_RULE, when: { turn: 0, notification: "item/completed", afterNotification: 2 }, action: { kind: "exit", code: 0 } }],
};
