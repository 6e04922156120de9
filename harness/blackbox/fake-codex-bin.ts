/**
 * Puts a fake `codex` first on PATH: a tiny sh wrapper in the run's bin dir that execs the fake
 * (fakes/bin/fake-codex.mjs by default) with this node.
 */
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";

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

function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'"'"'`)}'`;
}

/** Writes `<binDir>/codex` and returns its path. */
export async function installFakeCodex(binDir: string, program: FakeCodexProgram): Promise<string> {
  await mkdir(binDir, { recursive: true });
  const path = join(binDir, "codex");
  const command = [process.execPath, ...program.nodeArgs].map(shellQuote).join(" ");
  await writeFile(path, `#!/bin/sh\n# fake codex (${program.label}) for a black-box client run\nexec ${command} "$@"\n`);
  await chmod(path, 0o755);
  return path;
}
