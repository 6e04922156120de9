/**
 * The one place a pid is signalled. `kill(-1, sig)` signals every process the user may signal,
 * `kill(0, sig)` this process's own group, `kill(1, sig)` init, and a NaN or fractional pid is
 * coerced by node into one of those; so every pid and process group is checked here first, and a
 * refused target is reported, never sent. Lint forbids `process.kill` everywhere else.
 */

/** Why a pid was refused, or undefined when it may be signalled. */
export function refusePid(pid: unknown): string | undefined {
  if (typeof pid !== "number" || !Number.isSafeInteger(pid)) return `pid ${String(pid)} is not an integer`;
  if (pid <= 1) return `pid ${pid} is ≤ 1 (would signal every process, this group or init)`;
  return undefined;
}

export type SignalOutcome = "sent" | "gone" | "refused";

function send(target: number, signal: NodeJS.Signals | 0): SignalOutcome {
  try {
    // eslint-disable-next-line no-restricted-syntax -- the guarded call site
    process.kill(target, signal);
    return "sent";
  } catch (error) {
    // EPERM: it exists but is not ours. Either way nothing was sent.
    return (error as { code?: string }).code === "EPERM" ? "refused" : "gone";
  }
}

/** Signals one process; refuses pid ≤ 1, non-integers and this process itself. */
export function signalPid(pid: unknown, signal: NodeJS.Signals | 0): SignalOutcome {
  if (refusePid(pid) !== undefined || pid === process.pid) return "refused";
  return send(pid as number, signal);
}

/** Signals the process group `pgid` (as `kill(-pgid)`); refuses pgid ≤ 1, non-integers and this process's group leader pid. */
export function signalGroup(pgid: unknown, signal: NodeJS.Signals | 0): SignalOutcome {
  if (refusePid(pgid) !== undefined || pgid === process.pid) return "refused";
  return send(-(pgid as number), signal);
}

/** True while `pid` exists (signal 0); false for a refused pid, never a probe of a group. */
export function pidExists(pid: unknown): boolean {
  if (refusePid(pid) !== undefined) return false;
  try {
    // eslint-disable-next-line no-restricted-syntax -- the guarded call site
    process.kill(pid as number, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}

/** Re-raises `signal` on this process (a wrapper dying the way its child died). */
export function raiseOnSelf(signal: NodeJS.Signals): void {
  // eslint-disable-next-line no-restricted-syntax -- the guarded call site: our own, positive pid
  process.kill(process.pid, signal);
}

/** Ends this process as `exit` says: by its signal (re-raised; 128 if that fails), else by its code (1 when none). */
export function exitAs(exit: { readonly code: number | null; readonly signal: string | null }): void {
  if (exit.signal !== null) {
    try {
      raiseOnSelf(exit.signal as NodeJS.Signals);
      return;
    } catch {
      process.exit(128);
    }
  }
  process.exit(exit.code ?? 1);
}
