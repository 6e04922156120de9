/**
 * Builds the live golden scenario for one case: the real binary and the fake run the same model
 * script and the same reactive client; their normalized transcripts must match message by message,
 * and the real one must still match the committed golden transcript (so the deterministic lane's
 * replay test stays meaningful). The fidelity section of the outcome lists every difference.
 */
import { defineScenario } from "../scenario/define.ts";
import type { Check, Json, MutantDef, ScenarioContext, ScenarioDef } from "../scenario/types.ts";
import { compareTranscripts, type FidelityReport } from "./fidelity.ts";
import { terminalNotificationOnClose, withoutEmittedAtMs, withoutStatusChanges } from "./fake-mutants.ts";
import { goldenCase, type GoldenCase } from "./golden-cases.ts";
import { goldenFilePath, readGoldenFile } from "./golden-file.ts";
import { normalizeTranscript } from "./normalize.ts";
import { ensureLiveLane } from "./preflight.ts";
import { runGoldenOnFake } from "./run-fake.ts";
import { runGoldenOnReal } from "./run-real.ts";
import { exitOf, type Transcript } from "./transcript.ts";

export interface GoldenImpl {
  /** The fake under test (mutants swap in known-bad ones). */
  runFake(golden: GoldenCase, seed: number): Promise<Transcript>;
}

export interface GoldenOutcome {
  readonly caseId: string;
  readonly isolation: string;
  readonly codexVersion: string;
  /** Real binary (expected) vs fake (actual): must be empty. */
  readonly fidelity: FidelityReport;
  /** Committed golden (expected) vs this run of the real binary (actual): must be empty. */
  readonly drift: FidelityReport;
  readonly real: { readonly exit: Json; readonly received: number; readonly modelRequests: ReadonlyArray<{ path: string; status: number; remoteAddress: string }> };
  readonly fake: { readonly exit: Json; readonly received: number };
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

const details = (report: FidelityReport): Json => report.differences.map((d) => d.detail);

const checks: readonly Check<GoldenOutcome>[] = [
  {
    id: "fake-matches-real",
    kind: "safety",
    description: "the fake's normalized transcript equals the real binary's, message by message",
    check: ({ outcome }) =>
      outcome.fidelity.differences.length === 0
        ? { ok: true, evidence: { compared: outcome.fidelity.compared } }
        : { ok: false, message: `${outcome.fidelity.differences.length} fidelity difference(s): ${outcome.fidelity.differences[0]?.detail ?? ""}`, evidence: details(outcome.fidelity) },
  },
  {
    id: "real-matches-golden",
    kind: "safety",
    description: "the real binary still behaves as its committed golden transcript says",
    check: ({ outcome }) =>
      outcome.drift.differences.length === 0
        ? { ok: true }
        : { ok: false, message: `the real binary drifted from its golden transcript: ${outcome.drift.differences[0]?.detail ?? ""}`, evidence: details(outcome.drift) },
  },
  {
    id: "model-api-loopback-only",
    kind: "safety",
    description: "every model request the real binary made came over loopback",
    check: ({ outcome }) => {
      const outside = outcome.real.modelRequests.filter((r) => !LOOPBACK.has(r.remoteAddress));
      return outside.length === 0
        ? { ok: true, evidence: { isolation: outcome.isolation, requests: outcome.real.modelRequests.length } }
        : { ok: false, message: `${outside.length} model request(s) from a non-loopback address`, evidence: outside as unknown as Json };
    },
  },
];

function mutantsFor(golden: GoldenCase): MutantDef<GoldenImpl>[] {
  const rewrite = (f: (t: Transcript) => Transcript) => (base: GoldenImpl): GoldenImpl => ({
    runFake: async (g, seed) => f(await base.runFake(g, seed)),
  });
  const mutants: MutantDef<GoldenImpl>[] = [
    {
      id: "fake-without-emitted-at-ms",
      title: "a fake whose notifications carry no emittedAtMs",
      recreates: "codex-plugin-cc's fake-codex fixture (reference §13.4)",
      impl: rewrite(withoutEmittedAtMs),
    },
    {
      id: "fake-without-status-changes",
      title: "a fake that never sends thread/status/changed",
      recreates: "codex-plugin-cc's fake-codex fixture (reference §13.4)",
      impl: rewrite(withoutStatusChanges),
    },
  ];
  if (golden.action === "stdin-eof" || golden.action === "sigterm") {
    mutants.push({
      id: "fake-completes-turn-on-close",
      title: "a fake that sends turn/completed when stdin closes or on SIGTERM",
      recreates: "the assumption behind codex-plugin-cc #243: the real server exits 0 with no terminal notification",
      impl: rewrite(terminalNotificationOnClose),
    });
  }
  return mutants;
}

async function runCase(ctx: ScenarioContext<undefined>, impl: GoldenImpl, golden: GoldenCase): Promise<GoldenOutcome> {
  const lane = await ensureLiveLane();
  ctx.defer(() => lane.cleanup());
  const real = await ctx.track(`real codex: ${golden.id}`, runGoldenOnReal({ lane, golden, clock: ctx.clock, timeoutMs: 30_000 }));
  if (real.transcript.entries.some((e) => e.dir === "recv")) ctx.probe("live.real-binary-answered");
  if (real.modelRequests.length > 0) ctx.probe("live.model-api-reached");
  const fake = await ctx.track(`fake: ${golden.id}`, impl.runFake(golden, ctx.seed));
  const realNorm = normalizeTranscript(real.transcript, { paths: [real.paths.homeDir, real.paths.workDir] });
  const recorded = readGoldenFile(goldenFilePath(golden.id));
  const label = `codex ${lane.codexVersion}`;
  const fidelity = compareTranscripts({ expected: realNorm, actual: normalizeTranscript(fake), expectedLabel: label, actualLabel: "fake" });
  const drift = compareTranscripts({ expected: normalizeTranscript(recorded.transcript), actual: realNorm, expectedLabel: "golden", actualLabel: label });
  ctx.emit({ kind: "live.fidelity", caseId: golden.id, differences: fidelity.differences.length, drift: drift.differences.length });
  return {
    caseId: golden.id,
    isolation: lane.isolation,
    codexVersion: lane.codexVersion,
    fidelity,
    drift,
    real: {
      exit: (exitOf(real.transcript) ?? null) as Json,
      received: realNorm.received.length,
      modelRequests: real.modelRequests.map((r) => ({ path: r.path, status: r.status, remoteAddress: r.remoteAddress })),
    },
    fake: { exit: (exitOf(fake) ?? null) as Json, received: normalizeTranscript(fake).received.length },
  };
}

export function goldenScenario(caseId: string): ScenarioDef<GoldenImpl, GoldenOutcome> {
  const golden = goldenCase(caseId);
  return defineScenario<GoldenImpl, GoldenOutcome>({
    id: `live/golden-${golden.id}`,
    title: `Golden case on the real codex app-server and the fake: ${golden.title}`,
    behavior:
      "The fake app-server must behave as the real codex 0.169.0 does under the same model fault script, so the deterministic lane's proofs carry over to the real binary.",
    lane: "live",
    seeds: [1],
    tags: ["live", "fidelity"],
    budgets: { wallMs: 120_000 },
    impl: () => ({ runFake: (g, seed) => runGoldenOnFake({ golden: g, seed }) }),
    run: (ctx, impl) => runCase(ctx, impl, golden),
    summarize: (outcome) => outcome as unknown as Json,
    checks,
    probes: ["live.real-binary-answered", "live.model-api-reached"],
    mutants: mutantsFor(golden),
    notTested: [
      "Fields outside the compared key fields (statuses, item types, phases, texts, error infos, willRetry, exit) are not compared.",
      "configWarning is ignored (it depends on bubblewrap on the host); remoteControl/status/changed is compared by count.",
      "Only the stdio transport and a custom API-key model provider are exercised.",
    ],
  });
}
