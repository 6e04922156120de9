// A pool worker's first module: gives the thread a TypeScript loader when its entry is TypeScript
// (worker threads do not inherit the main thread's loader hooks), then loads the entry.
import { workerData } from "node:worker_threads";

// The installed `codex-proof` bin runs built JavaScript, but a consumer's scenarios may be TypeScript.
if (workerData.entry.endsWith(".ts") || process.env.CODEX_PROOF_PROGRAM === "npx codex-proof") {
  const { register } = await import("tsx/esm/api");
  register();
}
await import(workerData.entry);
