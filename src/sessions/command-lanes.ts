/**
 * Command lanes: per session key, one task runs at a time and the rest queue behind it.
 * Resetting a lane abandons its active task (it may never settle) and starts the next queued one;
 * that is what stuck-session recovery does to release a lane.
 */
import type { EventSink } from "../runtime/events.ts";

export interface LaneTask {
  readonly label: string;
  run(): Promise<void>;
}

export interface CommandLanes {
  enqueue(laneKey: string, task: LaneTask): void;
  activeCount(laneKey: string): number;
  queuedCount(laneKey: string): number;
  /** Active plus queued. */
  size(laneKey: string): number;
  /** Abandons the active task and starts the next queued one. Returns how many tasks were abandoned. */
  reset(laneKey: string): number;
  /** Labels of tasks started so far on the lane, in order. */
  started(laneKey: string): readonly string[];
}

interface Lane {
  active: { readonly task: LaneTask; readonly generation: number } | undefined;
  readonly queue: LaneTask[];
  readonly started: string[];
  generation: number;
}

export function createCommandLanes(options: { readonly emit: EventSink }): CommandLanes {
  const lanes = new Map<string, Lane>();

  function lane(laneKey: string): Lane {
    let found = lanes.get(laneKey);
    if (found === undefined) {
      found = { active: undefined, queue: [], started: [], generation: 0 };
      lanes.set(laneKey, found);
    }
    return found;
  }

  function pump(laneKey: string, current: Lane): void {
    if (current.active !== undefined) return;
    const task = current.queue.shift();
    if (task === undefined) return;
    const generation = ++current.generation;
    current.active = { task, generation };
    current.started.push(task.label);
    options.emit({ kind: "lane.task.start", lane: laneKey, label: task.label });
    const finish = (): void => {
      // An abandoned task settling late must not release the lane's current task.
      if (current.active?.generation !== generation) return;
      current.active = undefined;
      pump(laneKey, current);
    };
    task.run().then(finish, finish);
  }

  return {
    enqueue(laneKey, task) {
      const current = lane(laneKey);
      current.queue.push(task);
      pump(laneKey, current);
    },
    activeCount: (laneKey) => (lanes.get(laneKey)?.active === undefined ? 0 : 1),
    queuedCount: (laneKey) => lanes.get(laneKey)?.queue.length ?? 0,
    size: (laneKey) => {
      const current = lanes.get(laneKey);
      return current === undefined ? 0 : current.queue.length + (current.active === undefined ? 0 : 1);
    },
    reset(laneKey) {
      const current = lane(laneKey);
      const abandoned = current.active === undefined ? 0 : 1;
      current.active = undefined;
      options.emit({ kind: "lane.reset", lane: laneKey, abandoned, queued: current.queue.length });
      pump(laneKey, current);
      return abandoned;
    },
    started: (laneKey) => [...(lanes.get(laneKey)?.started ?? [])],
  };
}
