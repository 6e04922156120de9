/**
 * Hand-built RunResult fixtures for the report and CLI tests (the runner is not needed to test
 * the writers). Not used by production code.
 */
import type { RunResult } from "../runner/types.ts";
import type { Environment } from "./environment.ts";

export const FIXTURE_CANARY = "canary-bearer-9d8c7b6a5f4e3d2c";

export const FIXTURE_ENVIRONMENT: Environment = {
  node: "v20.19.0",
  os: "linux 6.1.0",
  arch: "x64",
  packages: { vitest: "4.1.12", "fast-check": "4.10.2", msw: "2.15.0" },
  gitCommit: "0123456789abcdef0123456789abcdef01234567",
  gitDirty: false,
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function runResultFixture(overrides: Partial<Mutable<RunResult>> = {}): RunResult {
  const base: RunResult = {
    scenarioId: "codex/helper-401-keeps-parent",
    title: "A helper's 401 keeps the parent's shared app-server alive",
    behavior: "openclaw#72812: a spawned helper's 401 must not tear down the parent's shared app-server",
    sourceFile: "scenarios/codex/helper-401-keeps-parent.scenario.ts",
    sourceSha256: "a".repeat(64),
    lane: "deterministic",
    target: "src",
    seed: 1,
    choices: [0, 2, 1],
    schedule: [1, 3, 2],
    params: { failAfterNotifications: 3 },
    verdict: "pass",
    reason: "all invariants held",
    invariants: [
      { id: "parent-survives", kind: "safety", description: "the parent's app-server stays up", status: "pass" },
      { id: "one-app-server", kind: "safety", description: "exactly one app-server process", status: "pass", evidence: { spawned: 1 } },
    ],
    probes: [{ id: "helper-got-401", hits: 1, required: true }],
    outcome: { parentAlive: true, spawned: 1 },
    trace: {
      events: [
        { step: 1, tMs: 0, event: { kind: "spawn", pid: 100 } },
        { step: 2, tMs: 5, event: { kind: "rpc-error", code: 401, headers: { authorization: `Bearer ${FIXTURE_CANARY}` } } },
        { step: 3, tMs: 7, event: { kind: "log", line: `retrying with Bearer ${FIXTURE_CANARY}` } },
      ],
      dropped: 0,
      total: 3,
    },
    stats: { steps: 42, virtualMs: 7 },
    wallMs: 3.2,
    notTested: ["the real codex binary (live lane)"],
  };
  return { ...base, ...overrides };
}

export function mutantFixture(overrides: Partial<Mutable<RunResult>> = {}): RunResult {
  return runResultFixture({
    target: "mutant:clear-on-any-failure",
    mutant: { id: "clear-on-any-failure", title: "clears the shared client on any failure", recreates: "pre-#87375" },
    verdict: "fail",
    reason: 'invariant "parent-survives" violated at step 2',
    invariants: [
      {
        id: "parent-survives",
        kind: "safety",
        description: "the parent's app-server stays up",
        status: "fail",
        firstViolation: { step: 2, tMs: 5, message: "parent app-server closed" },
      },
      { id: "one-app-server", kind: "safety", description: "exactly one app-server process", status: "pass" },
    ],
    ...overrides,
  });
}
