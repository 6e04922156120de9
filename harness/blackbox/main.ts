/**
 * `pnpm blackbox [options] -- <client command…>`: runs any client against fake-codex
 * first on PATH, under a wall-clock deadline, and judges it. Exit 0 pass, 1 fail, 2 usage, 3 hang,
 * 4 error, 5 unknown (the fake never ran or a script rule never fired).
 */
import { readFileSync, realpathSync } from "node:fs";
import { parseArgs } from "node:util";
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import { FakeCodexScriptError, parseFakeCodexScript } from "../../fakes/app-server/validate-script.ts";
import { ensureBuilt } from "../../scripts/build.mjs";
import { redactSecrets } from "../../src/codex/redact.ts";
import { EXIT_CODES } from "../scenario/verdict.ts";
import { DEFAULT_CLIENT_DEADLINE_MS } from "./define.ts";
import { judgeClientRun, type ClientExpectations } from "./judge.ts";
import { runBlackBoxClient } from "./run-client.ts";
import { summarizeClientRun } from "./scenario-kit.ts";

const USAGE = `Usage: pnpm blackbox [options] -- <client command> [args...]

Runs the client with a fake \`codex\` first on PATH and judges: exit code, hang (the deadline passed;
the client's process tree is then killed), output patterns, leftover processes.

Options:
      --script S          fake-codex fault script: a file path or inline JSON (default: one normal turn)
      --deadline-ms N     wall-clock deadline (default ${DEFAULT_CLIENT_DEADLINE_MS})
      --expect-exit E     an exit code, or "nonzero" (default: any)
      --expect-output RE  a regular expression some stdout/stderr line must match (repeatable)
      --json              print the judgement and evidence as JSON
  -h, --help              show this help

Verdicts need evidence: a run whose fake codex never started, or whose script rules did not all
fire, is unknown whatever the client did. The script is validated before the client starts.

Exit: 0 pass, 1 fail, 2 usage (or an invalid --script), 3 hang, 4 error (the client could not
be started), 5 unknown (the fake never ran, or a rule never fired).`;

class UsageError extends Error {}

const EXIT_BY_VERDICT = { pass: EXIT_CODES.ok, fail: EXIT_CODES.fail, hang: EXIT_CODES.hang, error: EXIT_CODES.error, unknown: EXIT_CODES.unknown } as const;

/** Validated here, before the client starts, with the fake's own message (it would exit 2 with it). */
function parseScript(value: string | undefined): FakeCodexScript {
  if (value === undefined) return {};
  try {
    if (value.trimStart().startsWith("{")) return parseFakeCodexScript(value, "--script (inline JSON)");
    let text: string;
    try {
      text = readFileSync(value, "utf8");
    } catch (error) {
      throw new FakeCodexScriptError(value, "", "a readable fault-script file", (error as { code?: string }).code ?? String(error));
    }
    return parseFakeCodexScript(text, value);
  } catch (error) {
    if (error instanceof FakeCodexScriptError) throw new UsageError(`fake-codex: ${error.message}`);
    throw error;
  }
}

function parseExpectations(exit: string | undefined, output: readonly string[]): ClientExpectations {
  if (exit !== undefined && exit !== "nonzero" && !/^\d+$/.test(exit)) throw new UsageError(`--expect-exit "${exit}" is not a code or "nonzero"`);
  return {
    ...(exit === undefined ? {} : { exitCode: exit === "nonzero" ? "nonzero" : Number(exit) }),
    output: output.map((source) => new RegExp(source)),
  };
}

export async function main(argv: readonly string[], write: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      script: { type: "string" },
      "deadline-ms": { type: "string" },
      "expect-exit": { type: "string" },
      "expect-output": { type: "string", multiple: true },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help === true) {
    write(`${USAGE}\n`);
    return EXIT_CODES.ok;
  }
  const [command, ...args] = positionals;
  if (command === undefined) throw new UsageError("no client command given (put it after --)");
  const deadlineMs = Number(values["deadline-ms"] ?? DEFAULT_CLIENT_DEADLINE_MS);
  if (!Number.isInteger(deadlineMs) || deadlineMs <= 0) throw new UsageError(`--deadline-ms "${values["deadline-ms"] ?? ""}" is not a positive integer`);
  const expect = parseExpectations(values["expect-exit"], values["expect-output"] ?? []);
  const script = parseScript(values.script);
  const result = await runBlackBoxClient({ command, args, deadlineMs, fakeCodexScript: script });
  const judgement = judgeClientRun(result, expect, script);
  if (values.json === true) {
    write(`${redactSecrets(JSON.stringify({ ...judgement, evidence: summarizeClientRun(result) }, null, 2))}\n`);
  } else {
    write(`${judgement.verdict.toUpperCase()}  ${command} ${args.join(" ")}  (exit ${result.exitCode ?? "null"}, signal ${result.signal ?? "null"}, ${Math.round(result.durationMs)} ms, fake: ${result.fakeCodex})\n`);
    for (const c of judgement.checks) write(`  ${c.ok ? "ok  " : "FAIL"} ${c.id}${c.message === undefined ? "" : `: ${redactSecrets(c.message)}`}\n`);
  }
  return EXIT_BY_VERDICT[judgement.verdict];
}

if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === import.meta.filename) {
  // The client meets the built fake-codex: rebuild it first if fakes/ changed since.
  ensureBuilt({ log: (line) => void process.stderr.write(`blackbox: ${line}\n`) }).then(() => main(process.argv.slice(2), (text) => void process.stdout.write(text))).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") === true;
      process.stderr.write(`${usage ? "" : "error: "}${error instanceof Error ? error.message : String(error)}\n${usage ? "Try --help.\n" : ""}`);
      process.exitCode = usage ? EXIT_CODES.usage : EXIT_CODES.error;
    },
  );
}
