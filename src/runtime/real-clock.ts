/** The one file in src/ that touches the wall clock. */
import type { Clock, TimerId, TimerOptions } from "./clock.ts";

// Taken when this module loads: a run that swaps the globals for virtual timers (a mock-socket
// bridge) must not turn a real-time bound of another run in the same thread into one that never fires.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

export function createRealClock(): Clock {
  const timers = new Map<TimerId, NodeJS.Timeout>();
  let nextId = 1;
  return {
    nowMs: () => Date.now(),
    setTimer(delayMs: number, fn: () => void, options?: TimerOptions): TimerId {
      const id = nextId++;
      const handle = realSetTimeout(() => {
        timers.delete(id);
        fn();
      }, Math.max(0, delayMs));
      if (options?.unref) handle.unref();
      timers.set(id, handle);
      return id;
    },
    clearTimer(id: TimerId): void {
      const handle = timers.get(id);
      if (handle !== undefined) {
        realClearTimeout(handle);
        timers.delete(id);
      }
    },
  };
}

export const realClock: Clock = createRealClock();
