/**
 * A stand-in `codex` for the black-box lane, used when fakes/bin/fake-codex.mjs is not there: the
 * fake app-server engine over this process's real stdio, on the real clock. Fault script from
 * `FAKE_CODEX_SCRIPT` (a path or inline JSON). The transcript (file named by `FAKE_CODEX_TRANSCRIPT`)
 * has fake-codex's shape, redacted: `{tMs, dir}` with dir `start`, `in`/`out` (protocol lines),
 * `err`, `event` (the engine's appserver.* trace events) and `exit`. stdin EOF and SIGTERM/SIGINT
 * exit 0 at once with no terminal notification, like codex 0.169.0. Run as
 * `node --import tsx stand-in-codex.ts app-server`.
 */
import { appendFileSync, readFileSync } from "node:fs";
import { createProcessWorld } from "../../fakes/app-server/process-world.ts";
import { createFakeAppServer } from "../../fakes/app-server/server.ts";
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import { redactSecrets } from "../../src/codex/redact.ts";
import { createLineSplitter } from "../../src/runtime/line-splitter.ts";
import { realClock } from "../../src/runtime/real-clock.ts";

const transcriptPath = process.env["FAKE_CODEX_TRANSCRIPT"];
const startedAt = realClock.nowMs();
const record = (entry: Readonly<Record<string, unknown>>): void => {
  if (transcriptPath === undefined || transcriptPath === "") return;
  appendFileSync(transcriptPath, `${redactSecrets(JSON.stringify({ tMs: realClock.nowMs() - startedAt, ...entry }))}\n`);
};

function loadScript(): FakeCodexScript {
  const raw = process.env["FAKE_CODEX_SCRIPT"] ?? "";
  if (raw.trim() === "") return {};
  const text = raw.trimStart().startsWith("{") ? raw : readFileSync(raw, "utf8");
  return JSON.parse(text) as FakeCodexScript;
}

function serve(script: FakeCodexScript): void {
  const world = createProcessWorld({ emit: (event) => record({ dir: "event", event }) });
  const server = createFakeAppServer({
    world,
    script,
    name: `codex:${process.pid}`,
    host: {
      writeLine: (line) => {
        record({ dir: "out", line });
        process.stdout.write(`${line}\n`);
      },
      writeStderr: (text) => {
        record({ dir: "err", text });
        process.stderr.write(text);
      },
      exit: (exit) => {
        record({ dir: "exit", code: exit.code, signal: exit.signal });
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
    onLine: (line) => {
      record({ dir: "in", line });
      server.handleLine(line);
    },
    onOverflow: () => server.handleSignal("SIGABRT"),
  });
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => splitter.push(chunk));
  process.stdin.on("end", () => {
    splitter.end();
    server.handleStdinEnd();
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => server.handleSignal(signal));
  record({ dir: "start", pid: process.pid, argv: process.argv.slice(2) });
  server.start();
}

const [command] = process.argv.slice(2);
if (command === "--version") {
  process.stdout.write("codex-cli 0.169.0 (stand-in)\n");
} else if (command === "app-server") {
  serve(loadScript());
} else {
  process.stderr.write(`stand-in codex: unsupported command ${JSON.stringify(process.argv.slice(2))}\n`);
  process.exitCode = 2;
}
