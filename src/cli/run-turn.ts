/**
 * The example black-box client: `node --import tsx src/cli/run-turn.ts "prompt"` runs one turn
 * against `codex app-server` from PATH, prints the final message on stdout and exits 0 only when
 * the turn completed (1 otherwise, 2 for a usage error).
 */
import { nodeProcessSpawner } from "../runtime/node-process.ts";
import { realClock } from "../runtime/real-clock.ts";
import { runOneTurn } from "./run-one-turn.ts";

const prompt = process.argv.slice(2).join(" ").trim();
if (prompt === "") {
  process.stderr.write('usage: run-turn "<prompt>"\n');
  process.exitCode = 2;
} else {
  process.exitCode = await runOneTurn({
    prompt,
    spawner: nodeProcessSpawner,
    clock: realClock,
    cwd: process.cwd(),
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
  });
}
