/**
 * Vitest global setup for `pnpm test`: gives the whole test run a private TMPDIR and a marker in
 * the environment every spawned process inherits; at teardown, fails the run if any process
 * carrying the marker is still alive (it is killed) or anything but tsx's cache is left in the
 * TMPDIR. Wired in vitest.config.ts as a globalSetup.
 * Limitation: a test that spawns a child with a replaced (not extended) environment drops the marker.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signalPid } from "../../src/runtime/signal.ts";
import { markedProcesses, MARKER_VARIABLE, tempLeftovers } from "./kit.ts";

export class LeakError extends Error {
  constructor(readonly leaks: readonly string[]) {
    super(`the test run left things behind:\n${leaks.map((l) => `  - ${l}`).join("\n")}`);
    this.name = "LeakError";
  }
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Starts the check; the returned teardown reports leaks through `failRun` and a thrown LeakError. */
export function startLeakCheck(options: { readonly failRun: () => void }): () => Promise<void> {
  const previousTmp = process.env["TMPDIR"];
  const previousMarker = process.env[MARKER_VARIABLE];
  const tmp = mkdtempSync(join(tmpdir(), "clp-test-run-"));
  const marker = `test-run-${process.pid}-${tmp.slice(-6)}`;
  process.env["TMPDIR"] = tmp;
  process.env[MARKER_VARIABLE] = marker;
  // Ctrl-C ends vitest without its global teardown: the private TMPDIR must not outlive it either.
  const onExit = (): void => rmSync(tmp, { recursive: true, force: true });
  process.once("exit", onExit);
  return async () => {
    process.removeListener("exit", onExit);
    restoreEnv("TMPDIR", previousTmp);
    restoreEnv(MARKER_VARIABLE, previousMarker);
    const processes = await markedProcesses(marker);
    for (const p of processes) signalPid(p.pid, "SIGKILL");
    const files = await tempLeftovers(tmp);
    await rm(tmp, { recursive: true, force: true });
    const leaks = [...processes.map((p) => `process ${p.pid}: ${p.command.slice(0, 160)}`), ...files.map((f) => `temp entry ${join(tmp, f)}`)];
    if (leaks.length === 0) return;
    options.failRun();
    throw new LeakError(leaks);
  };
}

export default function setup(): () => Promise<void> {
  // vitest only logs an error thrown by a global teardown ("error during close"); the exit code is what CI sees.
  return startLeakCheck({ failRun: () => void (process.exitCode = 1) });
}
