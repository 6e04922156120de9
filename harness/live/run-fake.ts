/**
 * Runs one golden case on the in-process fake app-server, deterministically: a simulation kernel,
 * the sim spawner, and the same golden client and model script the real binary gets (played by
 * the fake app-server's own scripted model, as in the deterministic lane).
 */
import { fakeCodexProgram, type FakeCodexScript } from "../../fakes/app-server/index.ts";
import { createSimSpawner } from "../../fakes/process/sim-spawner.ts";
import { SimKernel } from "../sim/kernel.ts";
import { LIVE_MODEL, LIVE_PROVIDER_ID } from "./codex-config.ts";
import type { GoldenCase } from "./golden-cases.ts";
import { runGoldenClient } from "./golden-driver.ts";
import type { Transcript } from "./transcript.ts";

/** The fake's script for a golden case: the environment the real binary runs in, as data. */
export function fakeScriptFor(golden: GoldenCase): FakeCodexScript {
  return {
    auth: "provider",
    provider: { streamMaxRetries: 0, streamIdleTimeoutMs: golden.streamIdleTimeoutMs },
    model: golden.model,
    afterInitialize: [
      {
        method: "remoteControl/status/changed",
        params: { status: "disabled", serverName: "fake", installationId: "00000000-0000-4000-8000-000000000000", environmentId: null },
      },
    ],
  };
}

export class FakeGoldenRunError extends Error {
  constructor(caseId: string, why: string, options?: { cause?: unknown }) {
    super(`golden case "${caseId}" on the fake: ${why}`, options);
    this.name = "FakeGoldenRunError";
  }
}

export async function runGoldenOnFake(options: { golden: GoldenCase; seed: number; script?: FakeCodexScript }): Promise<Transcript> {
  const { golden } = options;
  const kernel = new SimKernel({ seed: options.seed, policy: { kind: "seeded" } });
  // The model and provider the live lane's `-c` flags configure, as the real binary reports them.
  const program = fakeCodexProgram(options.script ?? fakeScriptFor(golden), { emitTrace: false, session: { model: LIVE_MODEL, modelProvider: LIVE_PROVIDER_ID } });
  const spawner = createSimSpawner(kernel.world, { codex: program });
  const child = spawner.spawn("codex", ["app-server"], { env: { CODEX_HOME: "/home/fake/.codex" } });
  const result = await kernel.runUntil(runGoldenClient({ child, golden, clock: kernel.world.clock, timeoutMs: 60_000 }));
  if (result.kind === "settled") return result.value;
  if (result.kind === "hang") throw new FakeGoldenRunError(golden.id, `hung (${result.hang.reason}; pending ${result.hang.pending.join(", ")})`);
  throw new FakeGoldenRunError(golden.id, "crashed", { cause: result.error });
}
