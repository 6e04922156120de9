/**
 * Spawn counting across real processes: each fake-codex process claims the lowest free
 * `spawn-<n>` file in FAKE_CODEX_STATE_DIR with an exclusive create, so fault rules can target
 * "the second app-server process" (`when.process: 1`) even when processes start concurrently.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function claimSpawnIndex(stateDir: string | undefined, pid: number): number {
  if (stateDir === undefined || stateDir === "") return 0;
  mkdirSync(stateDir, { recursive: true });
  for (let index = 0; index < 10_000; index++) {
    try {
      writeFileSync(join(stateDir, `spawn-${index}`), `${pid}\n`, { flag: "wx" });
      return index;
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw error;
    }
  }
  throw new Error(`fake-codex: more than 10000 spawns recorded in ${stateDir}`);
}
