/**
 * A safety net under every test (and every mutant `pnpm mutate` tries): `process.kill` refuses the
 * targets that take the machine or the test runner down, whatever the code under test does.
 * `kill(-1)` signals every process the user may signal, `kill(0)` and `kill(-<own group>)` the
 * runner's own group, `kill(1)` init, and a non-integer is coerced by node into one of those; a
 * real signal to this process kills the test worker. src/runtime/signal.ts refuses all of these
 * itself; this guard is what stands when a mutant (or a bug) removes that check. A refused call
 * throws, as a failed kill does, so the test sees it.
 */
import { readFileSync } from "node:fs";

function ownGroup(): number | undefined {
  try {
    // /proc/self/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses.
    const stat = readFileSync("/proc/self/stat", "utf8");
    const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
    return Number.isSafeInteger(pgrp) && pgrp > 1 ? pgrp : undefined;
  } catch {
    return undefined;
  }
}

export class KillRefusedError extends Error {
  readonly code = "EKILLGUARD";
  constructor(pid: unknown, signal: unknown) {
    super(`test kill guard: refused process.kill(${String(pid)}, ${String(signal)})`);
    this.name = "KillRefusedError";
  }
}

/** Why `process.kill(pid, signal)` is refused here, or undefined when it may go through. */
export function refusedKill(pid: unknown, signal: unknown, self: { readonly pid: number; readonly group: number | undefined }): string | undefined {
  if (typeof pid !== "number" || !Number.isSafeInteger(pid)) return "not an integer pid";
  if (pid >= -1 && pid <= 1) return "pid -1, 0 or 1";
  const probe = signal === 0 || signal === "0";
  if (pid === self.pid && !probe) return "a signal to this test process";
  if (self.group !== undefined && (pid === -self.group || pid === self.group) && !probe) return "the test runner's own process group";
  return undefined;
}

const GUARDED = Symbol.for("codex-lifecycle-proof.kill-guard");
const target = process as NodeJS.Process & { [GUARDED]?: true };
if (target[GUARDED] !== true) {
  const real = process.kill.bind(process);
  const self = { pid: process.pid, group: ownGroup() };
  const guarded = (pid: number, signal?: string | number): true => {
    if (refusedKill(pid, signal, self) !== undefined) throw new KillRefusedError(pid, signal);
    return real(pid, signal);
  };
  process.kill = guarded;
  target[GUARDED] = true;
}
