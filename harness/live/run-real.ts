/** Runs one golden case on the real binary in a fresh temp home, and cleans up after it. */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { nodeProcessSpawner } from "../../src/runtime/node-process.ts";
import type { Clock } from "../../src/runtime/clock.ts";
import { runGoldenClient } from "./golden-driver.ts";
import type { GoldenCase } from "./golden-cases.ts";
import { liveLaunch, type LiveLaunch } from "./launch.ts";
import type { ModelApiRequestLog } from "../../fakes/model-api/index.ts";
import type { LiveLane } from "./preflight.ts";
import { makeTempDir, removeTempDir, trackProcess } from "./resources.ts";
import type { Transcript } from "./transcript.ts";

export interface LiveHome {
  readonly homeDir: string;
  readonly workDir: string;
  readonly launch: LiveLaunch;
  /** Every request the fake model API saw so far. */
  modelRequests(): ModelApiRequestLog[];
  dispose(): void;
}

export function prepareLiveHome(options: { lane: LiveLane; model: GoldenCase["model"]; streamIdleTimeoutMs: number }): LiveHome {
  const homeDir = makeTempDir("home");
  const workDir = join(homeDir, "work");
  mkdirSync(workDir);
  const launch = liveLaunch({
    codexBin: options.lane.codexBin,
    homeDir,
    workDir,
    model: options.model,
    streamIdleTimeoutMs: options.streamIdleTimeoutMs,
    isolation: options.lane.isolation,
  });
  return {
    homeDir,
    workDir,
    launch,
    modelRequests() {
      if (!existsSync(launch.modelLogFile)) return [];
      const text = readFileSync(launch.modelLogFile, "utf8");
      return text.split("\n").flatMap((line) => (line.trim() === "" ? [] : [JSON.parse(line) as ModelApiRequestLog]));
    },
    dispose: () => removeTempDir(homeDir),
  };
}

export interface RealGoldenRun {
  readonly transcript: Transcript;
  readonly modelRequests: readonly ModelApiRequestLog[];
  /** Temp paths to replace by placeholders when normalizing. */
  readonly paths: { readonly homeDir: string; readonly workDir: string };
  readonly stderrTail: string;
}

export async function runGoldenOnReal(options: { lane: LiveLane; golden: GoldenCase; clock: Clock; timeoutMs: number }): Promise<RealGoldenRun> {
  const { golden } = options;
  const home = prepareLiveHome({ lane: options.lane, model: golden.model, streamIdleTimeoutMs: golden.streamIdleTimeoutMs });
  try {
    const child = trackProcess(nodeProcessSpawner.spawn(home.launch.command, home.launch.args, { env: home.launch.env, cwd: home.launch.cwd }));
    let stderr = "";
    child.onStderr((chunk) => {
      stderr = (stderr + chunk).slice(-4096);
    });
    const transcript = await runGoldenClient({ child, golden, clock: options.clock, timeoutMs: options.timeoutMs });
    return { transcript, modelRequests: home.modelRequests(), paths: { homeDir: home.homeDir, workDir: home.workDir }, stderrTail: stderr };
  } finally {
    home.dispose();
  }
}
