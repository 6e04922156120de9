/**
 * Builds the live golden scenario for one case: the real binary, the built fake binary and the
 * in-process fake run the same model script and the same reactive client. The two binaries are
 * spawned the same way — in the loopback namespace, with the same `-c model_provider=… -c
 * model_providers.<id>={base_url=…}` flags, against the same model server — so the fake's own
 * Responses-API client is what is compared, model requests included; the in-process fake plays the
 * script on its own model path. Every normalized transcript must match the real one message by
 * message, and the real one must still match the committed golden transcript (so the deterministic
 * lane's replay test stays meaningful). The fidelity sections of the outcome list every difference.
 */
import { defineScenario } from "../scenario/define.ts";
import type { Check, Json, MutantDef, ScenarioContext, ScenarioDef } from "../scenario/types.ts";
import { compareTranscripts, type FidelityReport } from "./fidelity.ts";
import { terminalNotificationOnClose, withoutEmittedAtMs, withoutStatusChanges } from "./fake-mutants.ts";
import { goldenCase, type GoldenCase } from "./golden-cases.ts";
import { goldenFilePath, readGoldenFile } from "./golden-file.ts";
import { LIVE_TURN_BOUND_MS } from "./launch.ts";
import { normalizeTranscript } from "./normalize.ts";
import { ensureLiveLane } from "./preflight.ts";
import { runGoldenOnFake } from "./run-fake.ts";
import { FAKE_BINARY_SCRIPT, runGoldenOnFakeBinary } from "./run-fake-binary.ts";
import { runGoldenOnReal, type RealGoldenRun } from "./run-real.ts";
import { compareModelRequests, type RequestDifference } from "./request-fidelity.ts";
import type { LiveLane } from "./preflight.ts";
import type { Clock } from "../../src/runtime/clock.ts";
import { exitOf, type Transcript } from "./transcript.ts";

export interface GoldenImpl {
  /** The in-process fake under test (mutants swap in known-bad ones). */
  runFake(golden: GoldenCase, seed: number): Promise<Transcript>;
  /** The built fake binary, spawned as the real one is (mutants swap in known-bad ones). */
  runFakeBinary(lane: LiveLane, golden: GoldenCase, clock: Clock, timeoutMs: number): Promise<RealGoldenRun>;
}

export interface GoldenOutcome {
  readonly caseId: string;
  readonly isolation: string;
  readonly codexVersion: string;
  /** Real binary (expected) vs in-process fake (actual): must be empty. */
  readonly fidelity: FidelityReport;
  /** Real binary (expected) vs the fake binary with the same `-c` flags (actual): must be empty. */
  readonly binaryFidelity: FidelityReport;
  /** The model requests of the real binary (expected) vs the fake binary's: must be empty. */
  readonly requestFidelity: readonly RequestDifference[];
  /** Committed golden (expected) vs this run of the real binary (actual): must be empty. */
  readonly drift: FidelityReport;
  readonly real: { readonly exit: Json; readonly received: number; readonly modelRequests: ReadonlyArray<{ path: string; status: number; remoteAddress: string }> };
  readonly fake: { readonly exit: Json; readonly received: number };
  readonly fakeBinary: { readonly exit: Json; readonly received: number; readonly modelRequests: number };
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
    id: "fake-binary-matches-real",
    kind: "safety",
    description: "the built fake binary, given the same -c flags and model server, answers the client as the real binary does, message by message",
    check: ({ outcome }) =>
      outcome.binaryFidelity.differences.length === 0
        ? { ok: true, evidence: { compared: outcome.binaryFidelity.compared } }
        : {
            ok: false,
            message: `${outcome.binaryFidelity.differences.length} fidelity difference(s) of the fake binary: ${outcome.binaryFidelity.differences[0]?.detail ?? ""}`,
            evidence: details(outcome.binaryFidelity),
          },
  },
  {
    id: "fake-binary-asks-model-as-real",
    kind: "safety",
    description: "the fake binary calls the configured Responses API as the real binary does: same requests, paths, answers and request shape",
    check: ({ outcome }) =>
      outcome.requestFidelity.length === 0
        ? { ok: true, evidence: { requests: outcome.fakeBinary.modelRequests } }
        : { ok: false, message: `${outcome.requestFidelity.length} model-request difference(s): ${outcome.requestFidelity[0]?.detail ?? ""}`, evidence: outcome.requestFidelity.map((d) => d.detail) },
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
    runFakeBinary: async (lane, g, clock, timeoutMs) => {
      const run = await base.runFakeBinary(lane, g, clock, timeoutMs);
      return { ...run, transcript: f(run.transcript) };
    },
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
    {
      id: "fake-binary-ignores-provider-flags",
      title: "a fake binary that ignores the -c model provider and plays its own default model",
      recreates: "fake-codex before it read the codex configuration: a 401 or a stall from the client's own model server became a healthy turn",
      impl: (base) => ({
        runFake: base.runFake,
        runFakeBinary: (lane, g, clock, timeoutMs) => runGoldenOnFakeBinary({ lane, golden: g, clock, timeoutMs, script: { ...FAKE_BINARY_SCRIPT, model: {} } }),
      }),
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
  const real = await ctx.track(`real codex: ${golden.id}`, runGoldenOnReal({ lane, golden, clock: ctx.clock, timeoutMs: ctx.scaleMs(LIVE_TURN_BOUND_MS) }));
  if (real.transcript.entries.some((e) => e.dir === "recv")) ctx.probe("live.real-binary-answered");
  if (real.modelRequests.length > 0) ctx.probe("live.model-api-reached");
  const fake = await ctx.track(`fake: ${golden.id}`, impl.runFake(golden, ctx.seed));
  const fakeBinary = await ctx.track(`fake binary: ${golden.id}`, impl.runFakeBinary(lane, golden, ctx.clock, ctx.scaleMs(LIVE_TURN_BOUND_MS)));
  const realNorm = normalizeTranscript(real.transcript, { paths: [real.paths.homeDir, real.paths.workDir] });
  const fakeBinaryNorm = normalizeTranscript(fakeBinary.transcript, { paths: [fakeBinary.paths.homeDir, fakeBinary.paths.workDir] });
  const recorded = readGoldenFile(goldenFilePath(golden.id));
  const label = `codex ${lane.codexVersion}`;
  const fidelity = compareTranscripts({ expected: realNorm, actual: normalizeTranscript(fake), expectedLabel: label, actualLabel: "fake" });
  const binaryFidelity = compareTranscripts({ expected: realNorm, actual: fakeBinaryNorm, expectedLabel: label, actualLabel: "fake binary" });
  const requestFidelity = compareModelRequests({ expected: real.modelRequests, actual: fakeBinary.modelRequests, actualLabel: "the fake binary" });
  const drift = compareTranscripts({ expected: normalizeTranscript(recorded.transcript), actual: realNorm, expectedLabel: "golden", actualLabel: label });
  ctx.emit({ kind: "live.fidelity", caseId: golden.id, differences: fidelity.differences.length, drift: drift.differences.length });
  ctx.emit({ kind: "live.fidelity", caseId: `${golden.id} (fake binary)`, differences: binaryFidelity.differences.length + requestFidelity.length, drift: drift.differences.length });
  return {
    caseId: golden.id,
    isolation: lane.isolation,
    codexVersion: lane.codexVersion,
    fidelity,
    binaryFidelity,
    requestFidelity,
    drift,
    real: {
      exit: (exitOf(real.transcript) ?? null) as Json,
      received: realNorm.received.length,
      modelRequests: real.modelRequests.map((r) => ({ path: r.path, status: r.status, remoteAddress: r.remoteAddress })),
    },
    fake: { exit: (exitOf(fake) ?? null) as Json, received: normalizeTranscript(fake).received.length },
    fakeBinary: { exit: (exitOf(fakeBinary.transcript) ?? null) as Json, received: fakeBinaryNorm.received.length, modelRequests: fakeBinary.modelRequests.length },
  };
}

export function goldenScenario(caseId: string): ScenarioDef<GoldenImpl, GoldenOutcome> {
  const golden = goldenCase(caseId);
  return defineScenario<GoldenImpl, GoldenOutcome>({
    id: `live/golden-${golden.id}`,
    title: `Golden case on the real codex app-server, the fake binary and the in-process fake: ${golden.title}`,
    behavior:
      "The fake app-server must behave as the real codex 0.169.0 does under the same model fault script, so the deterministic lane's proofs carry over to the real binary.",
    lane: "live",
    seeds: [1],
    tags: ["live", "fidelity"],
    budgets: { wallMs: 120_000 },
    impl: () => ({
      runFake: (g, seed) => runGoldenOnFake({ golden: g, seed }),
      runFakeBinary: (lane, g, clock, timeoutMs) => runGoldenOnFakeBinary({ lane, golden: g, clock, timeoutMs }),
    }),
    run: (ctx, impl) => runCase(ctx, impl, golden),
    summarize: (outcome) => outcome as unknown as Json,
    checks,
    probes: ["live.real-binary-answered", "live.model-api-reached"],
    mutants: mutantsFor(golden),
    notTested: [
      "Fields outside the compared key fields (statuses, item types, phases, texts, error infos, willRetry, exit) are not compared.",
      "configWarning is ignored (it depends on bubblewrap on the host); remoteControl/status/changed is compared by count.",
      "Only the stdio transport and a custom API-key model provider (configured with -c flags) are exercised.",
      "Model requests are compared by shape (header and body field names, model, stream, store, format, input roles), not by the prompt text or tool list.",
    ],
  });
}
