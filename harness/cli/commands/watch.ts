/**
 * `pnpm scenarios --watch`: runs the selection once, then, each time a file is saved, reruns the
 * selected scenarios that depend on it (their file, kit, src/ and fakes/ modules), each time in a
 * fresh process so the edit is what runs. Ctrl-C stops it: the watchers close, a running child
 * finishes its current run (it gets the same Ctrl-C), and the command exits 130 with nothing left.
 */
import { watch } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { touchedScenarios } from "../../changes/index.ts";
import { SCENARIOS_DIR } from "../../runner/discover.ts";
import { REPO_ROOT } from "../../runner/run-scenario.ts";
import type { AnyScenario } from "../../scenario/types.ts";
import { EXIT_CODES } from "../../scenario/verdict.ts";
import { parseArgs } from "../args.ts";
import type { Output, Streams } from "../output.ts";
import type { ChildResult } from "./determinism.ts";

/** Starts watching `dirs` (recursively); returns the function that stops it. */
export type WatchFolders = (dirs: readonly string[], onChange: (file: string) => void) => () => void;

export interface WatchDeps extends Streams {
  spawnCli?(argv: readonly string[]): Promise<ChildResult>;
  interrupted(): boolean;
  readonly watchFolders?: WatchFolders;
}

const IGNORED = /(?:^|\/)(?:node_modules|\.cache|\.git|reports\/out|dist)(?:\/|$)/;
const DEBOUNCE_MS = 200;
const POLL_MS = 100;

export const fsWatchFolders: WatchFolders = (dirs, onChange) => {
  const watchers = dirs.map((dir) => watch(dir, { recursive: true }, (_event, name) => name !== null && onChange(join(dir, name.toString()))));
  return () => watchers.forEach((w) => w.close());
};

/** The argv without --watch and without its filters (the child gets scenario ids instead). */
function childOptions(argv: readonly string[]): string[] {
  const filters = [...parseArgs(argv).filters];
  return argv.filter((token) => {
    if (token === "--watch") return false;
    const at = filters.indexOf(token);
    if (at === -1) return true;
    filters.splice(at, 1);
    return false;
  });
}

export async function watchCommand(out: Output, argv: readonly string[], selection: { scenarios: readonly AnyScenario[]; dirs: readonly string[] }, deps: WatchDeps): Promise<number> {
  const spawnCli = deps.spawnCli;
  if (spawnCli === undefined) throw new Error("--watch needs a way to start child processes");
  const scenarios = [...selection.scenarios];
  const known = new Set(scenarios.map((s) => s.sourceFile));
  const options = childOptions(argv);
  const runChild = async (args: readonly string[]): Promise<void> => {
    const result = await spawnCli(args);
    deps.stdout(result.stdout);
    deps.stderr(result.stderr);
    out.info(`--watch: exit ${result.code}; waiting for a saved file (Ctrl-C to stop)`);
  };

  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = runChild(argv.filter((t) => t !== "--watch"));
  const rerun = async (): Promise<void> => {
    const files = [...pending];
    pending.clear();
    for (const file of files.filter((f) => f.endsWith(".scenario.ts") && !known.has(f))) {
      const added = await newScenario(file);
      if (added === undefined) continue;
      known.add(file);
      scenarios.push(added);
    }
    const touched = touchedScenarios(scenarios, files, REPO_ROOT).scenarios;
    if (touched.length === 0) return;
    out.info(`--watch: ${files.length} file(s) saved; rerunning ${touched.map((s) => s.id).join(", ")}`);
    await runChild([...touched.map((s) => s.id), ...options]);
  };
  const stop = (deps.watchFolders ?? fsWatchFolders)(
    [join(REPO_ROOT, "src"), join(REPO_ROOT, "fakes"), join(REPO_ROOT, "harness"), ...(selection.dirs.length > 0 ? selection.dirs : [SCENARIOS_DIR])],
    (file) => {
      if (IGNORED.test(file) || !/\.(?:ts|mts|mjs|js|json)$/.test(file)) return;
      pending.add(file);
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        running = running.then(rerun, rerun);
      }, DEBOUNCE_MS);
    },
  );
  try {
    while (!deps.interrupted()) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  } finally {
    stop();
    if (timer !== undefined) clearTimeout(timer);
    await running.catch(() => undefined);
  }
  out.info("--watch: stopped");
  return EXIT_CODES.interrupted;
}

/** A scenario file saved for the first time: not in the module cache yet, so importing it here is safe. */
async function newScenario(file: string): Promise<AnyScenario | undefined> {
  try {
    const mod = (await import(pathToFileURL(file).href)) as { default?: AnyScenario };
    return mod.default === undefined ? undefined : { ...mod.default, sourceFile: file };
  } catch {
    return undefined;
  }
}
