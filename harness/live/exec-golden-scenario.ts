/**
 * Live golden scenario for one exec case: the real `codex exec --experimental-json` and the fake run
 * the same steps and model scripts; their normalized transcripts (events, the stderr reason lines,
 * exit) must be equal, and the real one must still match the committed golden file
 * (scenarios/live/exec-golden/<case>.json, written by `tsx harness/live/record-exec-golden.ts`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defineScenario } from "../scenario/define.ts";
import type { Json, MutantDef, ScenarioDef } from "../scenario/types.ts";
import { execGoldenCase, type ExecGoldenCase } from "./exec-golden-cases.ts";
import { diffJson, normalizeExecTranscript, runExecGoldenOnFake, runExecGoldenOnReal, type ExecTranscript } from "./exec-golden.ts";
import { LIVE_TURN_BOUND_MS, REPO_ROOT } from "./launch.ts";
import { ensureLiveLane } from "./preflight.ts";

export const EXEC_GOLDEN_DIR = join(REPO_ROOT, "scenarios", "live", "exec-golden");
export const EXEC_GOLDEN_SCHEMA = "live-exec-golden/v1";

export interface ExecGoldenFile {
  readonly schema: typeof EXEC_GOLDEN_SCHEMA;
  readonly codexVersion: string;
  readonly caseId: string;
  /** The real binary's normalized transcript. */
  readonly normalized: Json;
}

export function readExecGolden(caseId: string): ExecGoldenFile {
  const file = join(EXEC_GOLDEN_DIR, `${caseId}.json`);
  const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<ExecGoldenFile>;
  if (parsed.schema !== EXEC_GOLDEN_SCHEMA) throw new Error(`${file}: schema is ${JSON.stringify(parsed.schema)}, expected "${EXEC_GOLDEN_SCHEMA}"`);
  return parsed as ExecGoldenFile;
}

export interface ExecGoldenImpl {
  runFake(golden: ExecGoldenCase, seed: number): Promise<ExecTranscript>;
}

export interface ExecGoldenOutcome {
  readonly caseId: string;
  readonly fidelity: readonly string[];
  readonly drift: readonly string[];
  readonly real: Json;
}

/** Known-bad fakes: each rewrites what the fake wrote, as a buggy fake would. */
const rewrite = (f: (t: ExecTranscript) => ExecTranscript) => (base: ExecGoldenImpl): ExecGoldenImpl => ({ runFake: async (g, s) => f(await base.runFake(g, s)) });
const MUTANTS: Readonly<Record<string, MutantDef<ExecGoldenImpl>>> = Object.fromEntries(
  ([
  {
    id: "fake-exits-0-always",
    title: "a fake whose exec always exits 0",
    recreates: "fakes that ignore codex exec's exit codes (1 after turn.failed, signals)",
    impl: rewrite((t) => ({ ...t, steps: t.steps.map((s) => ({ ...s, exit: { code: 0, signal: null } })) })),
  },
  {
    id: "fake-streams-agent-message",
    title: "a fake that sends item.started for agent messages",
    recreates: "guessing the event stream from the app-server's item/started instead of the real exec output",
    impl: rewrite((t) => ({
      ...t,
      steps: t.steps.map((s) => ({
        ...s,
        events: s.events.flatMap((e) => {
          const ev = e as { type?: string; item?: { type?: string } };
          return ev.type === "item.completed" && ev.item?.type === "agent_message" ? [{ ...ev, type: "item.started" } as Json, e] : [e];
        }),
      })),
    })),
  },
  {
    id: "fake-without-thread-started",
    title: "a fake that never sends thread.started",
    recreates: "an SDK client that then never learns the thread id (resume breaks)",
    impl: rewrite((t) => ({ ...t, steps: t.steps.map((s) => ({ ...s, events: s.events.filter((e) => (e as { type?: string }).type !== "thread.started") })) })),
  },
  ] as const).map((m) => [m.id, m]),
);

/** Which known-bad fakes each case can tell apart from the real binary (a mutant must change the case's transcript). */
const MUTANTS_BY_CASE: Readonly<Record<string, readonly string[]>> = {
  success: ["fake-streams-agent-message", "fake-without-thread-started"],
  "auth-401": ["fake-exits-0-always", "fake-without-thread-started"],
  "stream-stall": ["fake-exits-0-always", "fake-without-thread-started"],
  "sigterm-mid-turn": ["fake-exits-0-always", "fake-without-thread-started"],
  "sigint-mid-turn": ["fake-exits-0-always", "fake-without-thread-started"],
  "output-schema": ["fake-streams-agent-message", "fake-without-thread-started"],
  resume: ["fake-streams-agent-message", "fake-without-thread-started"],
  "resume-unknown": ["fake-exits-0-always"],
};

export function execGoldenScenario(caseId: string): ScenarioDef<ExecGoldenImpl, ExecGoldenOutcome> {
  const golden = execGoldenCase(caseId);
  return defineScenario<ExecGoldenImpl, ExecGoldenOutcome>({
    id: `live/exec-golden-${golden.id}`,
    title: `Exec golden case on the real codex exec and the fake: ${golden.title}`,
    behavior: "fake-codex exec --experimental-json must write what codex 0.169.0 writes under the same model fault script, so the SDK scenarios carry over to the real binary.",
    lane: "live",
    seeds: [1],
    tags: ["live", "fidelity", "exec"],
    budgets: { wallMs: 120_000 },
    impl: () => ({ runFake: (g, seed) => runExecGoldenOnFake({ golden: g, seed }) }),
    async run(ctx, impl) {
      const lane = await ensureLiveLane();
      ctx.defer(() => lane.cleanup());
      const real = await ctx.track(`real codex exec: ${golden.id}`, runExecGoldenOnReal({ lane, golden, clock: ctx.clock, timeoutMs: ctx.scaleMs(LIVE_TURN_BOUND_MS) }));
      const realNorm = normalizeExecTranscript(real.transcript, real.paths);
      if (real.transcript.steps.every((s) => s.exit !== null)) ctx.probe("live.real-exec-ran");
      const fake = normalizeExecTranscript(await impl.runFake(golden, ctx.seed));
      const fidelity = diffJson(realNorm, fake);
      const drift = diffJson(readExecGolden(golden.id).normalized, realNorm);
      ctx.emit({ kind: "live.exec-fidelity", caseId: golden.id, differences: fidelity.length, drift: drift.length });
      return { caseId: golden.id, fidelity, drift, real: realNorm };
    },
    summarize: (o) => ({ caseId: o.caseId, fidelity: [...o.fidelity], drift: [...o.drift], real: o.real }),
    checks: [
      {
        id: "fake-matches-real",
        kind: "safety",
        description: "the fake's normalized exec transcript equals the real binary's",
        check: ({ outcome }) => (outcome.fidelity.length === 0 ? { ok: true } : { ok: false, message: `${outcome.fidelity.length} difference(s): ${outcome.fidelity[0] ?? ""}`, evidence: [...outcome.fidelity] }),
      },
      {
        id: "real-matches-golden",
        kind: "safety",
        description: "the real binary still behaves as its committed exec golden transcript says",
        check: ({ outcome }) => (outcome.drift.length === 0 ? { ok: true } : { ok: false, message: `drift: ${outcome.drift[0] ?? ""}`, evidence: [...outcome.drift] }),
      },
    ],
    probes: ["live.real-exec-ran"],
    mutants: (MUTANTS_BY_CASE[golden.id] ?? []).flatMap((id) => (MUTANTS[id] === undefined ? [] : [MUTANTS[id]])),
    notTested: ["stderr lines other than the prompt notice and `Error:` lines (the real binary's warnings depend on the host)", "the time between turn.completed and exit (the real binary takes seconds)"],
  });
}
