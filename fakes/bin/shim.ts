/**
 * `fake-codex shim DIR`: writes `DIR/codex`, a two-line sh launcher that execs the fake with this
 * node, and prints the PATH to use, so `codex` resolves to the fake for any client. The black-box
 * lane writes its `codex` with the same `writeCodexLauncher`.
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'"'"'`)}'`;
}

/** Writes `<binDir>/codex` running `command… "$@"`; returns its path. */
export function writeCodexLauncher(binDir: string, command: readonly string[], label: string): string {
  mkdirSync(binDir, { recursive: true });
  const path = join(binDir, "codex");
  writeFileSync(path, `#!/bin/sh\n# fake codex (${label})\nexec ${command.map(shellQuote).join(" ")} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Runs `shim DIR`: writes the launcher, prints the PATH line on stdout; returns the exit code. */
export function runShim(dir: string, bundleUrl: string, env: Readonly<Record<string, string | undefined>>): number {
  const binDir = resolve(dir);
  const bin = fileURLToPath(new URL("../../fakes/bin/fake-codex.mjs", bundleUrl));
  const path = writeCodexLauncher(binDir, [process.execPath, bin], "fakes/bin/fake-codex.mjs");
  process.stderr.write(`fake-codex: wrote ${path}; put it first on PATH:\n`);
  process.stdout.write(`${binDir}:${env["PATH"] ?? ""}\n`);
  return 0;
}
