/**
 * One pool worker thread: loads each job's scenario file (once), runs the job exactly as the
 * serial path does (`seedRun`: the run, an `error` run if it throws, the proof report) and posts
 * the result back. One job at a time; the main thread orders the output.
 */
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import { runScenario, sourceInfo } from "../runner/run-scenario.ts";
import type { AnyScenario } from "../scenario/types.ts";
import { seedRun } from "./commands/run.ts";
import type { PoolJob, PoolReply, PoolRequest, WorkerData } from "./pool.ts";

const data = workerData as WorkerData;
const port = parentPort;
if (port === null) throw new Error("pool-worker.ts runs only as a worker thread");

const loaded = new Map<string, Promise<AnyScenario>>();

async function load(job: PoolJob): Promise<AnyScenario> {
  const file = job.sourceFile;
  const mod = (await import(pathToFileURL(file).href)) as { default?: AnyScenario };
  const scenario = mod.default;
  if (scenario?.id !== job.scenarioId) throw new Error(`${file}: expected scenario "${job.scenarioId}" as its default export`);
  // As discovery builds it (runner/discover.ts).
  return { ...scenario, sourceFile: file, ...(job.projectRoot === undefined ? {} : { projectRoot: job.projectRoot }) };
}

function scenarioOf(job: PoolJob): Promise<AnyScenario> {
  let found = loaded.get(job.sourceFile);
  if (found === undefined) {
    found = load(job);
    loaded.set(job.sourceFile, found);
  }
  return found;
}

const deps = {
  runScenario,
  sourceInfo,
  environment: data.environment,
  secrets: data.secrets,
  wallMs: () => performance.now(),
};

port.on("message", (request: PoolRequest) => {
  void (async (): Promise<PoolReply> => {
    const { job } = request;
    try {
      const scenario = await scenarioOf(job);
      const done = await seedRun(
        {
          kind: "seed",
          scenario,
          seed: job.seed,
          target: job.target,
          planIndex: job.planIndex,
          ...(job.choices === undefined ? {} : { choices: job.choices }),
          ...(job.params === undefined ? {} : { params: job.params }),
        },
        deps,
      );
      // The main thread reads a result's verdict and line fields; the trace is in the report already,
      // so its events do not cross the thread boundary twice.
      const result = { ...done.result, trace: { ...done.result.trace, events: [] } };
      return { id: request.id, ok: true, done: { result, report: done.report } };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      return { id: request.id, ok: false, message: e.message, ...(e.stack === undefined ? {} : { stack: e.stack }) };
    }
  })().then((reply) => port.postMessage(reply));
});
