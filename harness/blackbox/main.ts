/**
 * `pnpm blackbox [options] -- <client command…>`: runs any client against fake-codex
 * first on PATH, under a wall-clock deadline, and judges it. Exit 0 pass, 1 fail, 2 usage, 3 hang,
 * 4 error, 5 unknown (the fake never ran or a script rule never fired).
 */
import { readFileSync, realpathSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import { FakeCodexScriptError, parseFakeCodexScript } from "../../fakes/app-server/validate-script.ts";
import { ensureBuilt } from "../../scripts/build.mjs";
import { redactSecrets } from "../../src/codex/redact.ts";
import { calibrate, DEADLINE_SCALE_ENV, describeCalibration, explicitScale, parseScale, type Calibration } from "../runner/deadline-scale.ts";
import { emergencyCleanup, installInterruptHandler, quietOnEpipe } from "../runner/interrupt.ts";
import { EXIT_CODES } from "../scenario/verdict.ts";
import { DEFAULT_CLIENT_DEADLINE_MS } from "./define.ts";
import { firedRules, judgeClientRun, scriptRuleNames, type ClientExpectations } from "./judge.ts";
import { runBlackBoxClient, type BlackBoxClientResult } from "./run-client.ts";
import { DEFAULT_SETTLE_MS, summarizeClientRun } from "./scenario-kit.ts";
import { viewTranscript } from "./transcript.ts";

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const USAGE = `Usage: pnpm blackbox [options] -- <client command> [args...]

Runs the client with a fake \`codex\` first on PATH and judges: exit code, hang (the deadline passed;
the client's process tree is then killed), output patterns, leftover processes.

Options:
      --script S          fake-codex fault script: a file path or inline JSON (default: one normal turn)
      --deadline-ms N     wall-clock deadline (default ${DEFAULT_CLIENT_DEADLINE_MS}), multiplied by the deadline scale
      --deadline-scale N  multiply the deadline by N (1-100; also ${DEADLINE_SCALE_ENV}); a slow machine
                          is calibrated too (the fake's own start-up is timed), unless --no-calibrate
      --cwd DIR           run the client in DIR (default: the current directory)
      --transcript FILE   keep the fake's full transcript (both directions, redacted) in FILE
      --grace-ms N        how long the client's process tree gets to exit after the client
                          returned, before what is left is killed and reported (default ${DEFAULT_SETTLE_MS})
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

/** What happened, for a person: the deadline, fake starts, which faults fired, the methods called, what was left behind. */
export function humanSummary(result: BlackBoxClientResult, script: FakeCodexScript, deadline: { ms: number; givenMs: number; scale: number; calibration?: Calibration }, transcriptFile?: string): string[] {
  const view = viewTranscript(result.transcript);
  const fired = firedRules(result);
  const names = [...new Set([...scriptRuleNames(script), ...fired.keys()])];
  const methods = view.methods("in");
  const counted = [...new Set(methods)].map((m) => {
    const n = methods.filter((x) => x === m).length;
    return n === 1 ? m : `${m} ×${n}`;
  });
  const scaleNote = deadline.calibration === undefined ? (deadline.scale === 1 ? "" : ` (${deadline.givenMs} ms × ${deadline.scale})`) : ` (${deadline.givenMs} ms × ${deadline.scale}: ${describeCalibration(deadline.calibration)})`;
  const temp = result.tempLeftovers ?? [];
  return [
    `deadline: ${deadline.ms} ms${scaleNote}`,
    `fake codex: ${view.starts()} start(s); exits: ${view.exits().map((e) => `code=${e.code ?? "null"} signal=${e.signal ?? "null"}`).join(", ") || "none"}`,
    `faults fired: ${names.length === 0 ? "none (the script has no rules)" : names.map((n) => `${n} ×${fired.get(n) ?? 0}`).join(", ")}`,
    `methods the client called: ${counted.join(", ") || "none"}`,
    `left in the client's TMPDIR: ${temp.length === 0 ? "nothing" : temp.map((t) => `${t.kind} ${t.path}`).join(", ")}`,
    ...(transcriptFile === undefined ? [] : [`transcript: ${transcriptFile}`]),
  ];
}

export interface BlackBoxDeps {
  /** Measures the machine (deadline-scale.ts); tests pass a fixed one. */
  calibrate?(explicit: ReturnType<typeof explicitScale>): Promise<Calibration>;
}

export async function main(argv: readonly string[], write: (text: string) => void, deps: BlackBoxDeps = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      script: { type: "string" },
      "deadline-ms": { type: "string" },
      "deadline-scale": { type: "string" },
      "no-calibrate": { type: "boolean" },
      cwd: { type: "string" },
      transcript: { type: "string" },
      "grace-ms": { type: "string" },
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
  let explicit: ReturnType<typeof explicitScale>;
  try {
    const env = process.env[DEADLINE_SCALE_ENV];
    explicit = explicitScale({ ...(values["deadline-scale"] === undefined ? {} : { flag: parseScale(values["deadline-scale"], "--deadline-scale") }), ...(env === undefined ? {} : { env }) });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const calibration = values["no-calibrate"] === true ? undefined : await (deps.calibrate ?? ((e) => calibrate({ explicit: e })))(explicit);
  const scale = calibration?.effectiveScale ?? explicit.scale;
  const cwd = values.cwd === undefined ? undefined : resolve(values.cwd);
  if (cwd !== undefined && !isDirectory(cwd)) throw new UsageError(`--cwd: ${cwd} is not a directory`);
  const graceMs = values["grace-ms"] === undefined ? DEFAULT_SETTLE_MS : Number(values["grace-ms"]);
  if (!Number.isInteger(graceMs) || graceMs < 0) throw new UsageError(`--grace-ms "${values["grace-ms"] ?? ""}" is not a whole number of milliseconds`);
  const transcriptFile = values.transcript === undefined ? undefined : resolve(values.transcript);
  const scaledDeadlineMs = Math.round(deadlineMs * scale);
  const result = await runBlackBoxClient({
    command,
    args,
    deadlineMs: scaledDeadlineMs,
    settleMs: Math.round(graceMs * scale),
    fakeCodexScript: script,
    ...(cwd === undefined ? {} : { cwd }),
    ...(transcriptFile === undefined ? {} : { transcriptFile }),
  });
  const judgement = judgeClientRun(result, expect, script);
  const deadline = { ms: scaledDeadlineMs, givenMs: deadlineMs, scale, ...(calibration === undefined ? {} : { calibration }) };
  if (values.json === true) {
    write(`${redactSecrets(JSON.stringify({ ...judgement, deadline, evidence: summarizeClientRun(result), ...(transcriptFile === undefined ? {} : { transcriptFile }) }, null, 2))}\n`);
  } else {
    write(`${judgement.verdict.toUpperCase()}  ${command} ${args.join(" ")}  (exit ${result.exitCode ?? "null"}, signal ${result.signal ?? "null"}, ${Math.round(result.durationMs)} ms, fake: ${result.fakeCodex})\n`);
    for (const c of judgement.checks) write(`  ${c.ok ? "ok  " : "FAIL"} ${c.id}${c.message === undefined ? "" : `: ${redactSecrets(c.message)}`}\n`);
    for (const line of humanSummary(result, script, deadline, transcriptFile)) write(`  ${redactSecrets(line)}\n`);
  }
  return EXIT_BY_VERDICT[judgement.verdict];
}

if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === import.meta.filename) {
  quietOnEpipe();
  // Ctrl-C: the client runs detached, so kill its group and remove the work dir before exiting.
  installInterruptHandler({
    code: EXIT_CODES.interrupted,
    onGraceful: () => {
      process.stderr.write("blackbox: interrupted; the client's process group was killed\n");
      emergencyCleanup.run();
      process.exit(EXIT_CODES.interrupted);
    },
  });
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
