/**
 * The scheduler: every delivery is a task on a channel. Channels are FIFO; the ready set is the
 * head of every non-empty channel, ordered by when each head was posted (oldest first). The choice
 * policy picks among them; every pick at a decision point (more than one ready) is recorded, so any
 * run can be replayed exactly with the list policy.
 */
import type { ChoicePolicy } from "./choice-policy.ts";

export interface Task {
  readonly id: number;
  readonly channel: string;
  readonly label: string;
  readonly run: () => void;
}

export interface Pick {
  readonly task: Task;
  /** Ids of the tasks that were ready, oldest first. */
  readonly ready: readonly number[];
  readonly index: number;
}

export class Scheduler {
  private nextTaskId = 1;
  private readonly channels = new Map<string, Task[]>();
  private readonly recorded: number[] = [];
  private readonly pickedIds: number[] = [];

  constructor(private readonly policy: ChoicePolicy) {}

  post(channel: string, label: string, run: () => void): Task {
    const task: Task = { id: this.nextTaskId++, channel, label, run };
    const queue = this.channels.get(channel);
    if (queue === undefined) this.channels.set(channel, [task]);
    else queue.push(task);
    return task;
  }

  readyCount(): number {
    return this.channels.size;
  }

  /** Removes and returns the next task per the policy, or undefined when nothing is ready. */
  pickNext(): Pick | undefined {
    if (this.channels.size === 0) return undefined;
    if (this.channels.size === 1) {
      // One channel: no decision, its head runs.
      const queue = this.channels.values().next().value as Task[];
      const task = queue.shift() as Task;
      if (queue.length === 0) this.channels.delete(task.channel);
      return { task, ready: [task.id], index: 0 };
    }
    const heads = [...this.channels.values()].map((q) => q[0] as Task).sort((a, b) => a.id - b.id);
    let index = 0;
    if (heads.length > 1) {
      index = this.policy.choose(heads.length);
      if (!Number.isInteger(index) || index < 0 || index >= heads.length) {
        throw new RangeError(`choice policy "${this.policy.name}" returned ${index} for ${heads.length} ready tasks`);
      }
      this.recorded.push(index);
      this.pickedIds.push((heads[index] as Task).id);
    }
    const task = heads[index] as Task;
    const queue = this.channels.get(task.channel) as Task[];
    queue.shift();
    if (queue.length === 0) this.channels.delete(task.channel);
    return { task, ready: heads.map((t) => t.id), index };
  }

  /** The choice index taken at every decision point so far. */
  choices(): readonly number[] {
    return this.recorded;
  }

  /** The id of the task picked at every decision point so far (what a replay must reproduce). */
  schedule(): readonly number[] {
    return this.pickedIds;
  }

  pendingLabels(): string[] {
    return [...this.channels.values()].flatMap((q) => q.map((t) => `${t.channel}: ${t.label}`));
  }
}
