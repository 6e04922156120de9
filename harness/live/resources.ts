/**
 * Everything the live lane creates — real processes and temp homes — is registered here and torn
 * down even when a case fails, the run is abandoned, or the user presses Ctrl-C: `disposeAll()`
 * runs from the scenario's deferred cleanup, and exit/SIGINT/SIGTERM hooks do the same
 * synchronously as a last resort. (Ports need no entry: the model server lives inside the
 * namespace and dies with it.)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcessHandle, ProcessSpawner } from "../../src/runtime/process.ts";

const processes = new Set<ChildProcessHandle>();
const dirs = new Set<string>();
let hooksInstalled = false;

function killNow(handle: ChildProcessHandle): void {
  try {
    // Close our end of stdin too: codex behind a killed wrapper shares that pipe and exits on EOF.
    handle.endInput();
    handle.kill("SIGKILL");
  } catch {
    // already gone
  }
}

function disposeSync(): void {
  for (const p of processes) killNow(p);
  processes.clear();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once("exit", disposeSync);
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    const onSignal = (): void => {
      disposeSync();
      // Keep the default "terminate" behaviour when nobody else (e.g. the CLI) handles the signal.
      if (process.listenerCount(signal) === 1) process.exit(code);
    };
    process.on(signal, onSignal);
  }
}

export function trackProcess(handle: ChildProcessHandle): ChildProcessHandle {
  installHooks();
  processes.add(handle);
  void handle.exited.then(() => processes.delete(handle));
  return handle;
}

/** A spawner whose children are all tracked for cleanup. */
export function trackingSpawner(
  inner: ProcessSpawner,
): ProcessSpawner & { readonly spawnedPids: readonly number[]; readonly exitedPids: ReadonlySet<number> } {
  const spawnedPids: number[] = [];
  const exitedPids = new Set<number>();
  return {
    spawnedPids,
    exitedPids,
    spawn(command, args, options) {
      const handle = trackProcess(inner.spawn(command, args, options));
      const pid = handle.pid;
      if (pid !== undefined) {
        spawnedPids.push(pid);
        void handle.exited.then(() => exitedPids.add(pid));
      }
      return handle;
    },
  };
}

export function makeTempDir(prefix: string): string {
  installHooks();
  const dir = mkdtempSync(join(tmpdir(), `clp-live-${prefix}-`));
  dirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  dirs.delete(dir);
}

/** Ends every tracked process (SIGTERM, then SIGKILL after `graceMs`) and removes every temp dir. */
export async function disposeAll(options: { graceMs?: number } = {}): Promise<void> {
  const alive = [...processes];
  for (const p of alive) {
    p.endInput();
    p.kill("SIGTERM");
  }
  const grace = new Promise<void>((resolve) => setTimeout(resolve, options.graceMs ?? 2_000).unref());
  await Promise.race([Promise.all(alive.map((p) => p.exited)), grace]);
  disposeSync();
}

export function liveResourceCounts(): { processes: number; dirs: number } {
  return { processes: processes.size, dirs: dirs.size };
}
