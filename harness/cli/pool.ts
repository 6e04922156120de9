/**
 * The worker pool behind `--jobs N`: independent scenario runs on N worker threads. A worker loads
 * the scenario's file itself, runs it and builds its proof report, exactly as the serial path does
 * (commands/run.ts `seedRun`); the main thread writes reports and prints lines in plan order, so
 * output, reports and digests do not depend on N. Workers start on first use; `close()` lets the
 * runs in flight finish (each cleans up its own temp dirs and children), drops the queued ones and
 * ends the threads.
 */
import { Worker } from "node:worker_threads";
import type { Environment } from "../report/environment.ts";
import type { ProofReport } from "../report/proof-report.ts";
import type { RunResult } from "../runner/types.ts";
import type { Json } from "../scenario/types.ts";
import type { PlanItem } from "./plan.ts";

export interface PoolJob {
  readonly scenarioId: string;
  readonly sourceFile: string;
  /** The project the scenario belongs to (set by discovery for another repository's scenarios). */
  readonly projectRoot?: string;
  readonly seed: number;
  readonly target: PlanItem["target"];
  readonly planIndex: number;
  readonly choices?: readonly number[];
  readonly params?: Json;
}

export interface PoolDone {
  readonly result: RunResult;
  readonly report: ProofReport;
}

export interface WorkerData {
  readonly entry: string;
  readonly environment: Environment;
  readonly secrets: readonly string[];
}

export type PoolRequest = { readonly id: number; readonly job: PoolJob };
export type PoolReply = { readonly id: number; readonly ok: true; readonly done: PoolDone } | { readonly id: number; readonly ok: false; readonly message: string; readonly stack?: string };

export interface RunPool {
  readonly size: number;
  run(job: PoolJob): Promise<PoolDone>;
  /** Finishes the runs in flight, rejects the queued ones, ends every worker. */
  close(): Promise<void>;
}

export class PoolClosedError extends Error {
  constructor() {
    super("the worker pool was closed before this run started");
    this.name = "PoolClosedError";
  }
}

interface Pending {
  readonly id: number;
  readonly job: PoolJob;
  resolve(done: PoolDone): void;
  reject(error: Error): void;
}

interface Slot {
  readonly worker: Worker;
  current: Pending | undefined;
}

const BOOT = new URL("./pool-boot.mjs", import.meta.url);
const ENTRY = new URL("./pool-worker.ts", import.meta.url).href;

export function createWorkerPool(options: { readonly jobs: number; readonly environment: Environment; readonly secrets: readonly string[] }): RunPool {
  const size = Math.max(1, Math.floor(options.jobs));
  const queue: Pending[] = [];
  const slots: Slot[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let nextId = 1;
  let closed = false;

  function start(): Slot {
    const data: WorkerData = { entry: ENTRY, environment: options.environment, secrets: options.secrets };
    const worker = new Worker(BOOT, { workerData: data, stdout: false, stderr: false });
    const slot: Slot = { worker, current: undefined };
    worker.on("message", (reply: PoolReply) => {
      const pending = slot.current;
      if (pending === undefined || pending.id !== reply.id) return;
      slot.current = undefined;
      if (reply.ok) pending.resolve(reply.done);
      else pending.reject(Object.assign(new Error(reply.message), reply.stack === undefined ? {} : { stack: reply.stack }));
      pump();
    });
    const lost = (why: Error): void => {
      const index = slots.indexOf(slot);
      if (index >= 0) slots.splice(index, 1);
      const pending = slot.current;
      slot.current = undefined;
      pending?.reject(why);
      pump();
    };
    worker.on("error", (error) => lost(error instanceof Error ? error : new Error(String(error))));
    worker.on("exit", (code) => lost(new Error(`a pool worker exited (code ${code}) during the run`)));
    slots.push(slot);
    return slot;
  }

  function pump(): void {
    if (closed) return;
    while (queue.length > 0) {
      let slot = slots.find((s) => s.current === undefined);
      if (slot === undefined && slots.length < size) slot = start();
      if (slot === undefined) return;
      const pending = queue.shift() as Pending;
      slot.current = pending;
      const request: PoolRequest = { id: pending.id, job: pending.job };
      slot.worker.postMessage(request);
    }
  }

  return {
    size,
    run(job) {
      if (closed) return Promise.reject(new PoolClosedError());
      const promise = new Promise<PoolDone>((resolve, reject) => {
        queue.push({ id: nextId++, job, resolve, reject });
      });
      const settled = promise.then(
        () => undefined,
        () => undefined,
      );
      inFlight.add(settled);
      void settled.then(() => inFlight.delete(settled));
      pump();
      return promise;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const pending of queue.splice(0)) pending.reject(new PoolClosedError());
      await Promise.all([...inFlight]);
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };
}
