/**
 * Ctrl-C with exactly-once semantics, separable from any run loop. A terminal sends SIGINT to the
 * whole process group, and a wrapper (pnpm, tsx) may relay its own copy a moment later: copies
 * within `dedupeMs` of the first count once. The first asks for a graceful stop (the loop finishes
 * the run in flight, writes its report and the summary of what ran, exits 130); a later one, while
 * that stop is in progress, forces: the emergency cleanups run (temp dirs removed, process groups
 * killed) and the process exits 130 at once.
 */
import { rmSync, unlinkSync } from "node:fs";
import { signalGroup } from "../../src/runtime/signal.ts";

export interface InterruptController {
  /** True once a graceful stop was asked for. */
  interrupted(): boolean;
  /** Feeds one SIGINT (exported for tests; `install` wires the real signal). */
  signal(nowMs: number): "graceful" | "duplicate" | "force";
}

export function createInterruptController(options: { dedupeMs?: number; onGraceful: () => void; onForce: () => void }): InterruptController {
  const dedupeMs = options.dedupeMs ?? 500;
  let firstAt: number | undefined;
  return {
    interrupted: () => firstAt !== undefined,
    signal(nowMs) {
      if (firstAt === undefined) {
        firstAt = nowMs;
        options.onGraceful();
        return "graceful";
      }
      if (nowMs - firstAt < dedupeMs) return "duplicate";
      options.onForce();
      return "force";
    },
  };
}

/**
 * Synchronous last-resort cleanups (a forced exit skips every finally): temp dirs, the temp files of
 * atomic writes still under way, and process groups.
 */
const tempDirs = new Set<string>();
const tempFiles = new Set<string>();
const groups = new Set<number>();

export const emergencyCleanup = {
  addTempDir: (path: string): void => void tempDirs.add(path),
  removeTempDir: (path: string): void => void tempDirs.delete(path),
  addTempFile: (path: string): void => void tempFiles.add(path),
  removeTempFile: (path: string): void => void tempFiles.delete(path),
  addProcessGroup: (pgid: number | undefined): void => {
    if (pgid !== undefined) groups.add(pgid);
  },
  removeProcessGroup: (pgid: number | undefined): void => {
    if (pgid !== undefined) groups.delete(pgid);
  },
  /** Kills the registered groups and removes the registered temp dirs; returns how many of each. */
  run(): { groups: number; tempDirs: number } {
    const counts = { groups: groups.size, tempDirs: tempDirs.size };
    for (const pgid of groups) signalGroup(pgid, "SIGKILL");
    for (const dir of tempDirs) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // Best effort: we are exiting.
      }
    }
    for (const file of tempFiles) {
      try {
        unlinkSync(file);
      } catch {
        // Not created yet, or already renamed into place.
      }
    }
    groups.clear();
    tempDirs.clear();
    tempFiles.clear();
    return counts;
  },
};

/**
 * Wires SIGINT for a CLI: returns the controller; `force` runs the emergency cleanups and exits with
 * `code`. SIGTERM (a CI job cancelled, a supervisor stopping us) forces at once, as a second Ctrl-C
 * does: nothing is left behind, and the reports already written stay complete.
 */
export function installInterruptHandler(options: { code: number; onGraceful: () => void; beforeForce?: () => Promise<void> | void; dedupeMs?: number }): InterruptController {
  const force = (): void => {
    emergencyCleanup.run();
    void Promise.resolve(options.beforeForce?.()).finally(() => process.exit(options.code));
  };
  const controller = createInterruptController({
    ...(options.dedupeMs === undefined ? {} : { dedupeMs: options.dedupeMs }),
    onGraceful: options.onGraceful,
    onForce: force,
  });
  process.on("SIGINT", () => void controller.signal(performance.now()));
  process.on("SIGTERM", force);
  return controller;
}

/** EPIPE on stdout (`--list | head`): the reader is gone, so stop quietly instead of a stack trace. */
export function quietOnEpipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on("error", (error: Error & { code?: string }) => {
    if (error.code !== "EPIPE") throw error;
    emergencyCleanup.run();
    process.exit(0);
  });
}
