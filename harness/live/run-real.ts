/**
 * Runs one golden case on a codex binary in a fresh temp home, and cleans up after it: the real
 * binary (`runGoldenOnReal`), or any `codex` executable launched the same way — in the same
 * namespace, against the same loopback model server, with the same client flags — such as the
 * fake's `codex` launcher (`runGoldenOnBinary`, see ./run-fake-binary.ts).
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { nodeProcessSpawner } from "../../src/runtime/node-process.ts";
import type { Clock } from "../../src/runtime/clock.ts";
import type { ConfigVia } from "./codex-config.ts";
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

export interface LiveHomeOptions {
  readonly lane: LiveLane;
  readonly model: GoldenCase["model"];
  readonly streamIdleTimeoutMs: number;
  /** The codex executable, or a function that puts one into the fresh home; the lane's real binary when absent. */
  readonly codexBin?: CodexBin;
  readonly configVia?: ConfigVia;
  readonly codexEnv?: Readonly<Record<string, string>>;
}

export type CodexBin = string | ((homeDir: string) => string);

export function prepareLiveHome(options: LiveHomeOptions): LiveHome {
  const homeDir = makeTempDir("home");
  const workDir = join(homeDir, "work");
  mkdirSync(workDir);
  const bin = options.codexBin ?? options.lane.codexBin;
  const launch = liveLaunch({
    codexBin: typeof bin === "string" ? bin : bin(homeDir),
    homeDir,
    workDir,
    model: options.model,
    streamIdleTimeoutMs: options.streamIdleTimeoutMs,
    isolation: options.lane.isolation,
    ...(options.configVia === undefined ? {} : { configVia: options.configVia }),
    ...(options.codexEnv === undefined ? {} : { codexEnv: options.codexEnv }),
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

export interface BinaryGoldenOptions {
  readonly lane: LiveLane;
  readonly golden: GoldenCase;
  readonly clock: Clock;
  readonly timeoutMs: number;
  /** How the provider configuration reaches codex; the golden cases use `-c` flags, as a client does. */
  readonly configVia?: ConfigVia;
  readonly codexBin?: CodexBin;
  readonly codexEnv?: Readonly<Record<string, string>>;
}

/** The golden client against one codex executable in the lane's namespace. */
export async function runGoldenOnBinary(options: BinaryGoldenOptions): Promise<RealGoldenRun> {
  const { golden } = options;
  const home = prepareLiveHome({
    lane: options.lane,
    model: golden.model,
    streamIdleTimeoutMs: golden.streamIdleTimeoutMs,
    configVia: options.configVia ?? "flags",
    ...(options.codexBin === undefined ? {} : { codexBin: options.codexBin }),
    ...(options.codexEnv === undefined ? {} : { codexEnv: options.codexEnv }),
  });
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

/** The golden case on the lane's real codex binary, configured through `-c` flags. */
export function runGoldenOnReal(options: Omit<BinaryGoldenOptions, "codexBin" | "codexEnv">): Promise<RealGoldenRun> {
  return runGoldenOnBinary(options);
}
