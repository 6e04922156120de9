/**
 * Entry point of `pnpm scenarios` (tsx harness/cli/main.ts). Wires the real scenario discovery,
 * runner, environment and streams; SIGINT asks the run to stop after the current scenario run
 * (a second SIGINT exits at once with 130).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { discoverScenarios } from "../runner/discover.ts";
import { runScenario, sourceInfo } from "../runner/run-scenario.ts";
import { collectEnvironment } from "../report/environment.ts";
import { REPO_ROOT } from "../report/normalize-paths.ts";
import { secretsFromEnv } from "../report/redact.ts";
import { EXIT_CODES } from "../scenario/verdict.ts";
import { main } from "./cli.ts";

let interrupted = false;
process.on("SIGINT", () => {
  if (interrupted) process.exit(EXIT_CODES.interrupted);
  interrupted = true;
  process.stderr.write("scenarios: stopping after the current run (Ctrl-C again to quit now)\n");
});

const stepSummaryPath = process.env["GITHUB_STEP_SUMMARY"];
const code = await main(process.argv.slice(2), {
  discover: () => discoverScenarios(),
  runScenario: (request) => runScenario(request),
  sourceInfo,
  environment: collectEnvironment(),
  secrets: secretsFromEnv(process.env),
  toolVersion: toolVersion(),
  ...(stepSummaryPath === undefined || stepSummaryPath === "" ? {} : { stepSummaryPath }),
  interrupted: () => interrupted,
  wallMs: () => performance.now(),
  epochMs: () => Date.now(),
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
});
process.exitCode = code;

function toolVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version?: unknown };
    return typeof manifest.version === "string" ? manifest.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}
