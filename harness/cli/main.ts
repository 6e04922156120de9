/**
 * Entry point of `pnpm scenarios` (tsx harness/cli/main.ts). Wires the real scenario discovery,
 * runner, regression corpus, live-lane preflight, child processes, environment and streams;
 * SIGINT asks the run to stop after the current scenario run and write the summary of what ran
 * (exit 130); a second SIGINT (not the relayed copy of the first) removes temp dirs, kills the
 * run's process groups, cleans up the live lane and exits at once with 130. EPIPE on stdout ends
 * quietly.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { loadCorpus } from "../explore/corpus.ts";
import { discoverScenarios } from "../runner/discover.ts";
import { runScenario, sourceInfo } from "../runner/run-scenario.ts";
import { collectEnvironment } from "../report/environment.ts";
import { REPO_ROOT } from "../report/normalize-paths.ts";
import { secretsFromEnv } from "../report/redact.ts";
import { EXIT_CODES } from "../scenario/verdict.ts";
import { calibrate, DEADLINE_SCALE_ENV } from "../runner/deadline-scale.ts";
import { installInterruptHandler, quietOnEpipe } from "../runner/interrupt.ts";
import { main, type LiveLaneHandle } from "./cli.ts";
import { createWorkerPool } from "./pool.ts";
import { progress } from "./progress.ts";
import { UsageError } from "./errors.ts";
import type { ChildResult } from "./commands/determinism.ts";

let liveLane: LiveLaneHandle | undefined;
quietOnEpipe();
const interrupt = installInterruptHandler({
  code: EXIT_CODES.interrupted,
  onGraceful: () => void process.stderr.write("scenarios: stopping after the current run, then writing the summary of what ran (Ctrl-C again to quit now)\n"),
  beforeForce: () => liveLane?.cleanup(),
});

// The process and black-box lanes spawn the built fake-codex: rebuild it if fakes/ changed since.
// Installed as a package (built JavaScript, no sources) there is nothing to rebuild.
if (import.meta.url.endsWith(".ts")) {
  const { ensureBuilt } = await import("../../scripts/build.mjs");
  await ensureBuilt();
}
const stepSummaryPath = process.env["GITHUB_STEP_SUMMARY"];
const code = await main(process.argv.slice(2), {
  discover: async (dirs, options) => {
    progress("discovering and loading the scenarios…");
    const found = await discoverScenarios(dirs ?? defaultScenariosDir(), options);
    progress(`${found.length} scenarios loaded`);
    return found;
  },
  runScenario: (request) => runScenario(request),
  sourceInfo,
  loadCorpus: () => loadCorpus(),
  liveLane: async (options) => {
    const { ensureLiveLane } = await import("../live/index.ts");
    liveLane = await ensureLiveLane(options);
    return liveLane;
  },
  upstreamLane: async (options) => {
    const { prepareUpstreamLane } = await import("../upstream/index.ts");
    await prepareUpstreamLane(options);
  },
  spawnCli,
  ...(process.env[DEADLINE_SCALE_ENV] === undefined ? {} : { deadlineScaleEnv: process.env[DEADLINE_SCALE_ENV] }),
  calibrate: (explicit) => calibrate({ explicit }),
  cores: availableParallelism(),
  createPool: (jobs) => createWorkerPool({ jobs, environment: collectEnvironment(process.cwd()), secrets: secretsFromEnv(process.env) }),
  environment: collectEnvironment(process.cwd()),
  secrets: secretsFromEnv(process.env),
  toolVersion: toolVersion(),
  ...(stepSummaryPath === undefined || stepSummaryPath === "" ? {} : { stepSummaryPath }),
  interrupted: () => interrupt.interrupted(),
  wallMs: () => performance.now(),
  epochMs: () => Date.now(),
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
});
process.exitCode = code;

/** This same CLI in a fresh Node process (same loader flags, so tsx still applies). */
function spawnCli(argv: readonly string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1] ?? import.meta.filename, ...argv], {
      cwd: process.cwd(),
      env: process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => stdout.push(b));
    child.stderr.on("data", (b: Buffer) => stderr.push(b));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") }));
  });
}

/** ./scenarios of the working directory (this repository's own, under `pnpm scenarios`). */
function defaultScenariosDir(): string {
  const dir = resolve(process.cwd(), "scenarios");
  if (!existsSync(dir)) throw new UsageError(`no scenarios folder: ${dir} does not exist`, { hint: "give --scenarios-dir DIR or scenarioDirs in codex-proof.config.json" });
  return dir;
}

/** This package's version: the package.json above this file (the repo root, or the installed package). */
function toolVersion(): string {
  for (let dir = REPO_ROOT, i = 0; i < 3; dir = dirname(dir), i++) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown; version?: unknown };
      if (manifest.name === "codex-lifecycle-proof" && typeof manifest.version === "string") return manifest.version;
    } catch {
      // Not here; look one folder up (dist/ sits inside the package).
    }
  }
  return "0.0.0";
}
