/**
 * Puts a fake `codex` first on PATH: a tiny sh wrapper in the run's bin dir that execs the fake
 * (fakes/bin/fake-codex.mjs by default) with this node.
 */
import { join, resolve } from "node:path";
import { writeCodexLauncher } from "../../fakes/bin/shim.ts";

const ROOT = resolve(import.meta.dirname, "../..");

/** How to run the fake codex: `node <nodeArgs…> "$@"`. */
export interface FakeCodexProgram {
  readonly label: string;
  readonly nodeArgs: readonly string[];
}

export const FAKE_CODEX_BIN = join(ROOT, "fakes/bin/fake-codex.mjs");

export function defaultFakeCodexProgram(): FakeCodexProgram {
  return { label: "fakes/bin/fake-codex.mjs", nodeArgs: [FAKE_CODEX_BIN] };
}

/** Writes `<binDir>/codex` (the same launcher `fake-codex shim DIR` writes) and returns its path. */
export async function installFakeCodex(binDir: string, program: FakeCodexProgram): Promise<string> {
  return writeCodexLauncher(binDir, [process.execPath, ...program.nodeArgs], `${program.label}, for a black-box client run`);
}
