/**
 * ProcessInfo port: what the write lock needs to know about processes to judge a lock stale
 * (dead pid, recycled pid). The deterministic lane passes a process table; production passes
 * the node implementation.
 */
export interface ProcessInfo {
  /** This process's pid. */
  readonly pid: number;
  isAlive(pid: number): boolean;
  /** The process start time (clock ticks since boot), or undefined where it cannot be known. */
  starttime(pid: number): number | undefined;
}

export interface ProcessTableEntry {
  readonly pid: number;
  readonly starttime?: number;
}

/** A mutable process table: `self` plus other live processes; `kill` and `recycle` model faults. */
export interface ProcessTable extends ProcessInfo {
  spawn(entry: ProcessTableEntry): void;
  kill(pid: number): void;
  /** The pid is reused by a new process with a different start time. */
  recycle(pid: number, starttime: number): void;
}

export function createProcessTable(options: { readonly self: ProcessTableEntry }): ProcessTable {
  const live = new Map<number, number | undefined>([[options.self.pid, options.self.starttime]]);
  return {
    pid: options.self.pid,
    isAlive: (pid) => live.has(pid),
    starttime: (pid) => live.get(pid),
    spawn: (entry) => void live.set(entry.pid, entry.starttime),
    kill: (pid) => void live.delete(pid),
    recycle: (pid, starttime) => void live.set(pid, starttime),
  };
}
