/**
 * In-memory CLI wiring for tests: fake scenarios, a scripted runner, captured streams. Not used
 * by production code.
 */
import { defineScenario } from "../scenario/define.ts";
import type { AnyScenario } from "../scenario/types.ts";
import type { Verdict } from "../scenario/verdict.ts";
import { FIXTURE_ENVIRONMENT, runResultFixture } from "../report/testing.ts";
import type { CliDeps } from "./cli.ts";

export function fakeScenario(id: string, options: { seeds?: number[]; mutants?: string[]; lane?: AnyScenario["lane"] } = {}): AnyScenario {
  return defineScenario<null, null>({
    id,
    title: `title of ${id}`,
    behavior: `behavior of ${id}`,
    lane: options.lane ?? "deterministic",
    seeds: options.seeds ?? [1, 2],
    impl: () => null,
    run: () => Promise.resolve(null),
    checks: [{ id: "inv", kind: "safety", description: "holds", check: () => ({ ok: true }) }],
    probes: [],
    mutants: (options.mutants ?? []).map((m) => ({ id: m, title: `mutant ${m}`, recreates: `bug ${m}`, impl: (b: null) => b })),
    notTested: ["the moon"],
  });
}

export interface FakeCli {
  readonly deps: CliDeps;
  readonly stdout: string[];
  readonly stderr: string[];
  readonly ran: string[];
  interrupt(): void;
}

/** `verdictOf` decides each run's verdict; a thrown error makes the runner throw. */
export function fakeCli(options: {
  scenarios: AnyScenario[];
  cwd: string;
  verdictOf?: (scenarioId: string, target: string, seed: number) => Verdict;
  reasonOf?: (scenarioId: string, target: string, seed: number) => string;
  afterRun?: (fake: FakeCli) => void;
}): FakeCli {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const ran: string[] = [];
  let interrupted = false;
  let clock = 0;
  const verdictOf = options.verdictOf ?? ((_id, target) => (target === "src" ? "pass" : "fail"));
  const fake: FakeCli = {
    stdout,
    stderr,
    ran,
    interrupt: () => void (interrupted = true),
    deps: {
      discover: () => Promise.resolve(options.scenarios),
      runScenario: ({ scenario, seed, target }) => {
        ran.push(`${scenario.id} ${target} ${seed}`);
        const verdict = verdictOf(scenario.id, target, seed);
        const mutantId = target === "src" ? undefined : target.slice("mutant:".length);
        const result = runResultFixture({
          scenarioId: scenario.id,
          title: scenario.title,
          behavior: scenario.behavior,
          sourceFile: `scenarios/${scenario.id}.scenario.ts`,
          target,
          seed,
          verdict,
          reason: options.reasonOf?.(scenario.id, target, seed) ?? (verdict === "pass" ? "all invariants held" : "inv violated"),
          invariants: [{ id: "inv", kind: "safety", description: "holds", status: verdict === "fail" ? "fail" : "pass" }],
          ...(verdict === "hang" ? { hang: { reason: "quiescent", pending: ["x"], idleTimers: [], atStep: 1, atMs: 1 } } : {}),
          ...(verdict === "error" ? { error: { message: "boom" } } : {}),
          ...(mutantId === undefined ? {} : { mutant: { id: mutantId, title: `mutant ${mutantId}`, recreates: `bug ${mutantId}` } }),
        });
        options.afterRun?.(fake);
        return Promise.resolve(result);
      },
      sourceInfo: (s) => ({ sourceFile: `scenarios/${s.id}.scenario.ts`, sourceSha256: "b".repeat(64) }),
      environment: FIXTURE_ENVIRONMENT,
      secrets: [],
      toolVersion: "0.1.0",
      interrupted: () => interrupted,
      wallMs: () => (clock += 1),
      epochMs: () => 1_700_000_000_000 + clock,
      stdout: (t) => void stdout.push(t),
      stderr: (t) => void stderr.push(t),
      cwd: options.cwd,
    },
  };
  return fake;
}
