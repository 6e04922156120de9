#!/usr/bin/env node
// A client that leaks a detached broker: it starts a detached, unref'd helper that holds its own
// `codex app-server` open and never exits (what codex-plugin-cc's old broker did once its upstream
// was gone: PR #243's test runs left detached `app-server-broker.mjs serve` processes running),
// then runs the turn with the example client and exits with its code. Output and exit code are
// right; only the processes left behind give it away. Usage: node leaky-broker-client.mjs "prompt"
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

if (process.argv[2] === "--serve") {
  const codex = spawn("codex", ["app-server"], { stdio: ["pipe", "ignore", "ignore"] });
  codex.on("error", () => {});
  setInterval(() => {}, 60_000); // the broker stays up whatever its upstream does
} else {
  const self = fileURLToPath(import.meta.url);
  spawn(process.execPath, [self, "--serve"], { detached: true, stdio: "ignore" }).unref();
  const [tsx, runTurn] = [import.meta.resolve("tsx"), fileURLToPath(new URL("../../../src/cli/run-turn.ts", import.meta.url))];
  const turn = spawn(process.execPath, ["--import", tsx, runTurn, ...process.argv.slice(2)], { stdio: "inherit" });
  turn.on("exit", (code) => process.exit(code ?? 1));
}
