/**
 * The example black-box client: `node --import tsx src/cli/run-turn.ts "prompt"` runs one turn
 * against `codex app-server` from PATH, prints the final message on stdout and exits 0 only when
 * the turn completed (1 otherwise, 2 for a usage error). The logic is runTurnCommand.
 */
// Stryker disable all: process entry point, run only as a child process (black-box lane); its logic is runTurnCommand, tested in-process
import { nodeProcessSpawner } from "../runtime/node-process.ts";
import { realClock } from "../runtime/real-clock.ts";
import { runTurnCommand } from "./run-one-turn.ts";

process.exitCode = await runTurnCommand(process.argv.slice(2), {
  spawner: nodeProcessSpawner,
  clock: realClock,
  cwd: process.cwd(),
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
});
