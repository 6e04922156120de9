/**
 * `pnpm scenarios merge <dir>...`: one summary (summary.json, summary.md, CTRF, JUnit, and the
 * GitHub step summary when set) from the outputs of a sharded run, e.g. one directory per CI
 * matrix job. Exits with the merged summary's class, like a single run.
 */
import { resolve } from "node:path";
import { mergeOutputs } from "../../report/merge.ts";
import { finalLine, type RunDeps } from "./run.ts";
import type { Output } from "../output.ts";

export async function mergeCommand(
  out: Output,
  dirs: readonly string[],
  options: { readonly outDir: string; readonly cwd: string; readonly command: string; readonly json: boolean },
  deps: RunDeps,
): Promise<number> {
  const startMs = Math.round(deps.epochMs());
  const summary = await mergeOutputs({
    dirs: dirs.map((d) => resolve(options.cwd, d)),
    outDir: options.outDir,
    command: options.command,
    generatedAt: new Date(startMs).toISOString(),
    startMs,
    stopMs: Math.round(deps.epochMs()),
    toolVersion: deps.toolVersion,
    ...(deps.stepSummaryPath === undefined ? {} : { stepSummaryPath: deps.stepSummaryPath }),
  });
  out.info(`merged ${dirs.length} outputs`);
  out.info(finalLine(summary, options.outDir));
  if (options.json) out.data(JSON.stringify(summary, null, 2));
  return summary.exitCode;
}
