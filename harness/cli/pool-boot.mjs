// A pool worker's first module: gives the thread a TypeScript loader when its entry is TypeScript
// (worker threads do not inherit the main thread's loader hooks), then loads the entry.
import { workerData } from "node:worker_threads";

if (workerData.entry.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
await import(workerData.entry);
