/**
 * The fake binary's schema check, off its main thread: receives each message the fake wrote (and
 * the request method of a response), validates it with the precompiled validators (the file named
 * by `workerData.validators`, dist/protocol/validators.cjs) and posts back `{ method, errors }` for
 * each invalid one. Bundled as dist/fake-codex/schema-worker.js.
 */
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import { validateWith, type ValidatorIndex } from "../protocol/check.ts";

const { validators } = workerData as { readonly validators: string };
const { index } = createRequire(import.meta.url)(validators) as { readonly index: ValidatorIndex };

parentPort?.on("message", (job: { readonly message: Readonly<Record<string, unknown>>; readonly requestMethod?: string }) => {
  const result = validateWith(index, job.message, job.requestMethod === undefined ? {} : { requestMethod: job.requestMethod });
  if (result.ok) return;
  const method = typeof job.message["method"] === "string" ? job.message["method"] : (job.requestMethod ?? "?");
  parentPort?.postMessage({ method, errors: [...result.errors] });
});
