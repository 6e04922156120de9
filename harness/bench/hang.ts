/**
 * Figure 2, hang detection. The known-bad client (captureTurn with the PR #243 exit watchdog
 * removed, the no-exit-watchdog mutant's impl) meets an app-server that exits mid-turn after its
 * commentary. Quiescence: the deterministic lane judges the run `hang` as soon as the simulated
 * world goes quiet. Wall clock: the same client over a real fake-codex process on the real clock,
 * judged the way upstream's spawnSync test does, by a 10 s deadline. Ratio = wall-clock / quiescence.
 */
import { defaultFakeCodexProgram } from "../blackbox/fake-codex-bin.ts";
import { runScenario } from "../runner/run-scenario.ts";
import { CodexAppServerClient } from "../../src/codex/app-server-client.ts";
import { nodeProcessSpawner } from "../../src/runtime/node-process.ts";
import { realClock } from "../../src/runtime/real-clock.ts";
import { captureTurn } from "../../src/turn/capture-turn.ts";
import { turnClientFrom } from "../../src/turn/client-adapter.ts";
import type { TurnExitPolicy } from "../../src/turn/types.ts";
import type { Figure, FigureOptions } from "./figure.ts";
import { measured, ratioHeadline } from "./figure.ts";
import { scenarioById } from "./scenarios.ts";
import { ratioOf, spreadOf } from "./stats.ts";
import { repeat, timed } from "./timing.ts";

export const HANG_SCENARIO = "turn/exit-before-final-answer";
export const HANG_MUTANT = "no-exit-watchdog";
/** The deadline upstream's test gives the plugin (spawnSync timeout). */
export const UPSTREAM_DEADLINE_MS = 10_000;

/** The scenario's fault script: commentary, then exit 0 after the turn's 2nd item/completed. */
const EXIT_MID_TURN_SCRIPT = {
  model: { turns: [{ output: [{ type: "message", phase: "commentary", deltas: ["I'm going to ", "inspect the diff first."] }] }] },
  rules: [{ id: "exit-after-commentary", when: { turn: 0, notification: "item/completed", afterNotification: 2 }, action: { kind: "exit", code: 0 } }],
};

export interface WallClockJudgement {
  readonly judged: "hang" | "completed";
  readonly wallMs: number;
  /** Wall ms from the turn's start until the app-server process had exited. */
  readonly appServerExitedAfterMs: number | null;
}

/** The known-bad client's exit policy, taken from the scenario's own mutant. */
export async function naiveExitPolicy(): Promise<TurnExitPolicy> {
  const scenario = await scenarioById(HANG_SCENARIO);
  const mutant = scenario.mutants.find((m) => m.id === HANG_MUTANT);
  if (mutant === undefined) throw new Error(`scenario ${HANG_SCENARIO} has no mutant ${HANG_MUTANT}`);
  return (mutant.impl(scenario.impl()) as { exitPolicy: TurnExitPolicy }).exitPolicy;
}

export async function judgeByQuiescence(): Promise<{ verdict: string; wallMs: number; pending: readonly string[] }> {
  const scenario = await scenarioById(HANG_SCENARIO);
  const { value, wallMs } = await timed(() => runScenario({ scenario, seed: scenario.seeds[0] ?? 1, target: `mutant:${HANG_MUTANT}` }));
  return { verdict: value.verdict, wallMs, pending: value.hang?.pending ?? [] };
}

/** The same client on real processes and the real clock, given `deadlineMs` to finish the turn. */
export async function judgeByDeadline(options: { readonly exitPolicy: TurnExitPolicy; readonly deadlineMs: number }): Promise<WallClockJudgement> {
  const program = defaultFakeCodexProgram();
  const client = CodexAppServerClient.start({
    spawner: nodeProcessSpawner,
    command: process.execPath,
    args: [...program.nodeArgs, "app-server"],
    env: { ...process.env, FAKE_CODEX_SCRIPT: JSON.stringify(EXIT_MID_TURN_SCRIPT) },
    clock: realClock,
    clientId: "bench-naive-client",
  });
  const start = performance.now();
  let exitedAt: number | null = null;
  void client.child?.exited.then(() => (exitedAt = performance.now() - start));
  let deadline: NodeJS.Timeout | undefined;
  try {
    // Like spawnSync's timeout, the deadline covers the whole client: start-up, handshake and the turn.
    const timeout = new Promise<"hang">((resolve) => (deadline = setTimeout(() => resolve("hang"), options.deadlineMs)));
    const turn = (async () => {
      await client.initialize();
      const { thread } = await client.threadStart({});
      await captureTurn(turnClientFrom(client), {
        threadId: thread.id,
        start: () => client.turnStart({ threadId: thread.id, input: [{ type: "text", text: "review the diff", text_elements: [] }] }),
        clock: realClock,
        exitPolicy: options.exitPolicy,
      });
      return "completed" as const;
    })();
    // Once the deadline has judged, closing the client may reject the abandoned turn: not an error here.
    turn.catch(() => undefined);
    const judged = await Promise.race([turn, timeout]);
    return { judged, wallMs: performance.now() - start, appServerExitedAfterMs: exitedAt };
  } finally {
    clearTimeout(deadline);
    await client.closeAndWait({ exitTimeoutMs: 2_000 });
  }
}

export async function measureHangDetection(options: FigureOptions & { readonly wallClockRepeats: number; readonly deadlineMs?: number }): Promise<Figure> {
  const deadlineMs = options.deadlineMs ?? UPSTREAM_DEADLINE_MS;
  await judgeByQuiescence(); // warm-up (first use of the fake app-server modules, JIT), not measured
  const quiet = await repeat(options.repeats, () => judgeByQuiescence());
  options.log(`hang by quiescence: ${quiet.map((q) => `${q.verdict} in ${q.wallMs.toFixed(0)} ms`).join(", ")}`);
  const exitPolicy = await naiveExitPolicy();
  const wall = await repeat(options.wallClockRepeats, async (i) => {
    const j = await judgeByDeadline({ exitPolicy, deadlineMs });
    options.log(`hang by ${deadlineMs} ms deadline ${i + 1}/${options.wallClockRepeats}: ${j.judged} after ${j.wallMs.toFixed(0)} ms`);
    return j;
  });
  const quietSpread = spreadOf(quiet.map((q) => q.wallMs), "quiescence ms");
  const wallSpread = spreadOf(wall.map((w) => w.wallMs), "deadline ms");
  return {
    id: "hang-detection",
    title: "Hang detection: quiescence vs a wall-clock deadline",
    headline: ratioHeadline("wall-clock deadline / quiescence", ratioOf(wallSpread, quietSpread), Math.min(quiet.length, wall.length)),
    measurements: [measured("judged hang by quiescence", "ms", quietSpread), measured(`judged hang by a ${deadlineMs / 1000} s deadline`, "ms", wallSpread)],
    facts: {
      scenario: HANG_SCENARIO,
      target: `mutant:${HANG_MUTANT}`,
      quiescenceVerdicts: quiet.map((q) => q.verdict),
      pendingAtHang: [...(quiet[0]?.pending ?? [])],
      deadlineJudgements: wall.map((w) => w.judged),
      appServerExitedAfterMs: wall.map((w) => (w.appServerExitedAfterMs === null ? null : Math.round(w.appServerExitedAfterMs))),
      deadlineMs,
    },
    method:
      `Quiescence: runScenario on ${HANG_SCENARIO}, target mutant:${HANG_MUTANT}, whole run including set-up (after one unmeasured ` +
      "warm-up run), judged hang when the " +
      "simulated world went quiet with captureTurn pending. Wall clock: the same exit policy (the mutant's impl) in captureTurn over " +
      "CodexAppServerClient and a real fake-codex process with the same fault script, on the real clock, judged hang when the " +
      `${deadlineMs / 1000} s deadline passed, the way upstream's spawnSync test judged the plugin. Both sides ran in this process, one after the other.`,
  };
}
