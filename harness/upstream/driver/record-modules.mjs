/**
 * Preloaded (`node --import`) into a real OpenClaw CLI run: records every file module the main
 * thread loads and writes the list, one path a line, to `$UPSTREAM_MODULES_DIR/<pid>.txt` when the
 * process exits (one file per process: the CLI respawns itself with the same flags to move its
 * compile cache). The harness hashes the files afterwards. Changes nothing else.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import module from "node:module";
import { fileURLToPath } from "node:url";

const dir = process.env.UPSTREAM_MODULES_DIR;
const loaded = new Set();

module.registerHooks({
  load(url, context, nextLoad) {
    if (url.startsWith("file:")) loaded.add(fileURLToPath(url));
    return nextLoad(url, context);
  },
});

process.on("exit", () => {
  if (dir === undefined || dir === "") return;
  try {
    writeFileSync(join(dir, `${process.pid}.txt`), `${[...loaded].join("\n")}\n`);
  } catch {
    // the run's temp dir is gone: nothing to record into
  }
});
