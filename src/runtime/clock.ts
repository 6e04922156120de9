/**
 * Clock port: the only way src/ and fakes/ observe or wait on time.
 * The real implementation lives in real-clock.ts; the deterministic lane passes a virtual clock.
 */
export type TimerId = number;

export interface TimerOptions {
  /** An unref'd timer does not keep the world alive: if only unref'd timers remain, the world is quiescent. */
  readonly unref?: boolean;
  /** A short label for traces ("rpc timeout thread/start", "heartbeat"). */
  readonly label?: string;
}

export interface Clock {
  nowMs(): number;
  setTimer(delayMs: number, fn: () => void, options?: TimerOptions): TimerId;
  clearTimer(id: TimerId): void;
}

/** Resolves after `delayMs` on the given clock. */
export function sleep(clock: Clock, delayMs: number, options?: TimerOptions): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimer(delayMs, resolve, options);
  });
}
