/**
 * Runs one golden case on the built `fake-codex` binary exactly as the real binary is run: its
 * `codex` launcher (the one `fake-codex shim` writes) inside the same loopback namespace, with the
 * same `-c model_provider=… -c model_providers.<id>={base_url=…}` flags, against the same model
 * server playing the case's script. The fault script has no `model` section, so the fake's own
 * Responses-API client (fakes/model-api/responses-client.ts) is what gets compared.
 */
import { join } from "node:path";
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import { writeCodexLauncher } from "../../fakes/bin/shim.ts";
import type { Clock } from "../../src/runtime/clock.ts";
import type { GoldenCase } from "./golden-cases.ts";
import { REPO_ROOT } from "./launch.ts";
import type { LiveLane } from "./preflight.ts";
import { runGoldenOnBinary, type RealGoldenRun } from "./run-real.ts";

export const FAKE_CODEX_BIN = join(REPO_ROOT, "fakes", "bin", "fake-codex.mjs");

/**
 * What the fake binary is told besides the client's flags: only what the host decides for the real
 * binary (its remote-control status notification). No model, no provider: those come from `-c`.
 */
export const FAKE_BINARY_SCRIPT: FakeCodexScript = {
  afterInitialize: [
    {
      method: "remoteControl/status/changed",
      params: { status: "disabled", serverName: "fake", installationId: "00000000-0000-4000-8000-000000000000", environmentId: null },
    },
  ],
};

/** Writes `<home>/bin/codex` (the shim's launcher for the built fake) and returns its path. */
export function fakeCodexLauncher(homeDir: string): string {
  return writeCodexLauncher(join(homeDir, "bin"), [process.execPath, FAKE_CODEX_BIN], "fakes/bin/fake-codex.mjs");
}

export function runGoldenOnFakeBinary(options: { lane: LiveLane; golden: GoldenCase; clock: Clock; timeoutMs: number; script?: FakeCodexScript }): Promise<RealGoldenRun> {
  return runGoldenOnBinary({
    lane: options.lane,
    golden: options.golden,
    clock: options.clock,
    timeoutMs: options.timeoutMs,
    configVia: "flags",
    codexBin: fakeCodexLauncher,
    codexEnv: { FAKE_CODEX_SCRIPT: JSON.stringify(options.script ?? FAKE_BINARY_SCRIPT), FAKE_CODEX_SEED: "1" },
  });
}
