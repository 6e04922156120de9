/**
 * The exploration baseline: a plain fast-check `fc.scheduler()` property over a model of the
 * heartbeat-vs-channel race. Two rounds; in each, the heartbeat lane and the channel lane run one
 * attempt on the same transcript: resolve the file key → take the per-file owner → create the write
 * lock → append the prompt → release the lock for the model call → model → reacquire → append the
 * reply → unlink the lock → release the owner. Every step is a scheduled promise, so fast-check
 * picks the interleaving. The property: each attempt's prompt and reply are adjacent in the
 * transcript (no lane writes inside another's released window).
 *
 * What it models and what it does not: only the ordering skeleton of the race. No file system, no
 * src/sessions modules, no fence, no trace, no judgement or report; each step is one scheduled
 * promise. It is the cheapest honest way to explore "the same race" with fast-check alone.
 */
import * as fc from "fast-check";

export const RACE_ROUNDS = 2;
const LANES = ["heartbeat", "channel"] as const;

export interface RaceModelOptions {
  readonly runs: number;
  readonly seed: number;
  /** false models the no-owner-registry mutant: the lanes interleave inside a released window. */
  readonly withOwner: boolean;
}

export interface RaceModelResult {
  readonly runs: number;
  readonly failed: boolean;
  /** Scheduled steps across every run (for a steps-per-second comparison). */
  readonly steps: number;
}

/** A FIFO mutex whose hand-over is itself a scheduled step. */
function createOwner(s: fc.Scheduler, enabled: boolean) {
  let held = false;
  const waiters: (() => void)[] = [];
  return {
    async acquire(label: string): Promise<() => void> {
      // Claimed synchronously (or handed over by the releaser), so two lanes cannot both see it free.
      if (enabled && held) await new Promise<void>((resolve) => waiters.push(resolve));
      held = true;
      await s.schedule(Promise.resolve(), `${label} owner acquired`);
      return () => {
        const next = waiters.shift();
        if (next === undefined) held = false;
        else next();
      };
    },
  };
}

async function attempt(s: fc.Scheduler, owner: ReturnType<typeof createOwner>, transcript: string[], runId: string): Promise<void> {
  const step = (what: string): PromiseLike<void> => s.schedule(Promise.resolve(), `${runId} ${what}`);
  await step("resolve file key");
  const release = await owner.acquire(runId);
  await step("create lock");
  await step("append prompt");
  transcript.push(`${runId}:prompt`);
  await step("release lock for the model call");
  await step("model");
  await step("reacquire lock");
  await step("append reply");
  transcript.push(`${runId}:reply`);
  await step("unlink lock");
  release();
}

/** Adjacent prompt/reply pairs, or the first run whose window another lane wrote into. */
export function firstInterleavedRun(transcript: readonly string[]): string | undefined {
  for (let i = 0; i < transcript.length; i += 2) {
    const prompt = transcript[i] ?? "";
    const runId = prompt.slice(0, prompt.indexOf(":"));
    if (!prompt.endsWith(":prompt") || transcript[i + 1] !== `${runId}:reply`) return runId || prompt;
  }
  return undefined;
}

export async function runRaceModel(options: RaceModelOptions): Promise<RaceModelResult> {
  let runs = 0;
  let steps = 0;
  const property = fc.asyncProperty(fc.scheduler(), async (s) => {
    runs++;
    const transcript: string[] = [];
    const owner = createOwner(s, options.withOwner);
    for (let round = 0; round < RACE_ROUNDS; round++) {
      const lanes = Promise.all(LANES.map((lane) => attempt(s, owner, transcript, `${lane}-${round}`)));
      await s.waitFor(lanes);
    }
    steps += s.report().length;
    return firstInterleavedRun(transcript) === undefined;
  });
  const details = await fc.check(property, { numRuns: options.runs, seed: options.seed, endOnFailure: true });
  return { runs, failed: details.failed, steps };
}
