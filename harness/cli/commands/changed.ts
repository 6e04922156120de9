/**
 * `--changed [REF]`: narrows the selection to the scenarios whose dependency closure (their file,
 * their kit, the src/ and fakes/ modules they import) contains a file the diff against REF touches.
 * The corpus still replays whole (the caller passes every scenario for it).
 */
import { relative } from "node:path";
import { changedFiles as gitChangedFiles, GitDiffError, touchedScenarios } from "../../changes/index.ts";
import { REPO_ROOT } from "../../runner/run-scenario.ts";
import type { AnyScenario } from "../../scenario/types.ts";
import { UsageError } from "../errors.ts";
import type { Output } from "../output.ts";

export type ChangedFiles = (cwd: string, ref: string) => string[];

export function selectChanged(out: Output, selected: readonly AnyScenario[], options: { ref: string; cwd: string; changedFiles?: ChangedFiles }): AnyScenario[] {
  let files: string[];
  try {
    files = (options.changedFiles ?? gitChangedFiles)(options.cwd, options.ref);
  } catch (error) {
    if (error instanceof GitDiffError) throw new UsageError(`--changed: ${error.message}`);
    throw error;
  }
  const shown = files.slice(0, 3).map((f) => relative(options.cwd, f)).join(", ") + (files.length > 3 ? `, … (${files.length} files)` : "");
  const touched = touchedScenarios(selected, files, REPO_ROOT);
  if (touched.engine !== undefined) {
    out.info(`--changed ${options.ref}: ${touched.engine} is part of every run; running all ${selected.length} selected scenarios`);
  } else if (touched.scenarios.length === 0) {
    out.info(`--changed ${options.ref}: ${files.length === 0 ? "no changed files" : shown}; no scenario depends on them, so only the corpus runs`);
  } else {
    out.info(`--changed ${options.ref}: ${shown}; running the ${touched.scenarios.length} of ${selected.length} scenarios that depend on them, plus the corpus`);
  }
  return touched.scenarios;
}
