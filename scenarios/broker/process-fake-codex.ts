/**
 * A stand-in `codex app-server` for the process lane: the fake app-server engine over this
 * process's real stdio, on the real clock, with its fault script from `FAKE_CODEX_SCRIPT` (inline
 * JSON). stdin EOF and SIGTERM/SIGINT exit 0 at once with no terminal notification; an `exit`
 * rule with a signal kills this process with that signal. Used until fakes/bin/fake-codex.mjs is
 * available; run it as `node --import tsx process-fake-codex.ts app-server`.
 */
import { createFakeAppServer } from "../../fakes/app-server/server.ts";
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import type { FakeWorld } from "../../fakes/world.ts";
import { createLineSplitter } from "../../src/runtime/line-splitter.ts";
import { realClock } from "../../src/runtime/real-clock.ts";
import { realRandom } from "../../src/runtime/real-random.ts";

const world: FakeWorld = {
  clock: realClock,
  random: () => realRandom,
  post: (_channel, _label, deliver) => queueMicrotask(deliver),
  emit: () => {},
};

const script = JSON.parse(process.env["FAKE_CODEX_SCRIPT"] ?? "{}") as FakeCodexScript;

const server = createFakeAppServer({
  world,
  script,
  name: `codex:${process.pid}`,
  emitTrace: false,
  host: {
    writeLine: (line) => void process.stdout.write(`${line}\n`),
    writeStderr: (text) => void process.stderr.write(text),
    exit: (exit) => {
      // Flush what was written, then end the way the rule says.
      process.stdout.write("", () => {
        if (exit.signal !== null) process.kill(process.pid, exit.signal as NodeJS.Signals);
        else process.exit(exit.code ?? 1);
      });
    },
    closeStdin: () => process.stdin.destroy(),
  },
});

const splitter = createLineSplitter({
  maxLineChars: 64 * 1024 * 1024,
  onLine: (line) => server.handleLine(line),
  onOverflow: () => server.handleSignal("SIGABRT"),
});
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk: string) => splitter.push(chunk));
process.stdin.on("end", () => {
  splitter.end();
  server.handleStdinEnd();
});
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => server.handleSignal(signal));
server.start();
