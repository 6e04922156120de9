/**
 * The fake `codex` command line: `--version`, `login status`, `app-server [--help]`. Environment:
 * FAKE_CODEX_SCRIPT (a path or inline JSON fault script), FAKE_CODEX_TRANSCRIPT (append a redacted
 * transcript there), FAKE_CODEX_STATE_DIR (count spawns across processes for `when.process`),
 * FAKE_CODEX_SEED (ids and randomness), FAKE_CODEX_MODEL_URL / FAKE_CODEX_MODEL_KEY (ask a model
 * API on that base URL instead of the in-process scripted model). A malformed fault script exits 2
 * with a one-line message naming the file, the field path and what was expected.
 *
 * This module stays light (no server, no model, no schema): `--version`, `login status` and
 * `app-server --help` answer from it alone; serving imports ./serve.ts on demand.
 */
import { readFileSync } from "node:fs";
import type { FakeCodexScript } from "../app-server/script.ts";
import { FakeCodexScriptError, parseFakeCodexScript } from "../app-server/validate-script.ts";
import { FAKE_CODEX_VERSION } from "../app-server/version.ts";
import { CodexArgvError, parseCodexArgv, type CodexArgv } from "../config/argv.ts";
import { ConfigOverrideError, type ConfigOverride } from "../config/overrides.ts";

export type Env = Readonly<Record<string, string | undefined>>;

/** What the CLI does: print and exit, or keep serving. */
export type CliOutcome =
  | { readonly kind: "exit"; readonly code: number; readonly stdout?: string; readonly stderr?: string }
  | { readonly kind: "serve"; readonly overrides: readonly ConfigOverride[] }
  | { readonly kind: "generate-json-schema"; readonly out: string; readonly experimental: boolean };

const APP_SERVER_HELP = `[experimental] Run the app server or related tooling (fake-codex ${FAKE_CODEX_VERSION})

Usage: codex app-server [OPTIONS] [COMMAND]

Commands:
  generate-json-schema  [experimental] Generate JSON Schema for the app server protocol (the committed 0.169.0 schema)
  help                  Print this message

Options:
  -c, --config <key=value>  Override a configuration value that would otherwise be loaded from
                            \`$CODEX_HOME/config.toml\` (dotted path; the value is parsed as TOML, else taken
                            as a literal string). Also accepted before the subcommand.
      --enable <FEATURE>    Equivalent to \`-c features.<name>=true\`
      --disable <FEATURE>   Equivalent to \`-c features.<name>=false\`
      --listen <URL>        Transport endpoint URL. Supported by the fake: \`stdio://\` (default)
      --stdio               Use stdio as the transport (equivalent to \`--listen stdio://\`)
  -h, --help                Print help

Configuration read: model, model_provider, model_providers.<id>.{name, base_url, env_key, wire_api,
request_max_retries, stream_max_retries, stream_idle_timeout_ms, http_headers, query_params}.
Fake-only environment: FAKE_CODEX_SCRIPT, FAKE_CODEX_TRANSCRIPT, FAKE_CODEX_TRANSCRIPT_MAX_BYTES,
FAKE_CODEX_STATE_DIR, FAKE_CODEX_SEED, FAKE_CODEX_VALIDATE, FAKE_CODEX_MODEL_URL, FAKE_CODEX_MODEL_KEY
(see fakes/README.md).
`;

const PROFILE_ERROR =
  "Error: --profile only applies to runtime commands, `codex mcp`, and `codex migrate-nfs-db`: `codex`, `codex exec`, `codex review`, `codex resume`, `codex queue`, `codex archive`, `codex delete`, `codex unarchive`, `codex fork`, `codex mcp`, `codex migrate-nfs-db`, `codex sandbox`, and `codex debug prompt-input`.\n";

/** Loads FAKE_CODEX_SCRIPT (inline JSON when it starts with `{`, else a file path). */
export function loadScript(env: Env, readText: (path: string) => string = (p) => readFileSync(p, "utf8")): FakeCodexScript {
  const value = env["FAKE_CODEX_SCRIPT"]?.trim();
  if (value === undefined || value === "") return {};
  if (value.startsWith("{")) return parseFakeCodexScript(value, "FAKE_CODEX_SCRIPT (inline JSON)");
  let text: string;
  try {
    text = readText(value);
  } catch (error) {
    throw new FakeCodexScriptError(value, "", "a readable fault-script file", (error as { code?: string }).code ?? String(error));
  }
  return parseFakeCodexScript(text, value);
}

function loginStatus(script: FakeCodexScript): CliOutcome {
  switch (script.auth ?? "apiKey") {
    case "apiKey":
      return { kind: "exit", code: 0, stdout: "Logged in using an API key - sk-***\n" };
    case "chatgpt":
      return { kind: "exit", code: 0, stdout: "Logged in using ChatGPT\n" };
    default:
      return { kind: "exit", code: 1, stdout: "Not logged in\n" };
  }
}

/** Real app-server flags that change nothing the fake models. */
const IGNORED_FLAGS = new Set(["--analytics-default-enabled", "--strict-config"]);

/** Checks the app-server flags the fake understands (`-c` and friends already taken out); returns an error line or undefined. */
function appServerArgsError(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--stdio" || IGNORED_FLAGS.has(arg)) continue;
    if (arg === "--listen" || arg.startsWith("--listen=")) {
      const url = arg === "--listen" ? args[++i] : arg.slice("--listen=".length);
      if (url !== "stdio://") return `fake-codex: only --listen stdio:// is supported, got ${url ?? "nothing"}`;
    } else return `error: unexpected argument '${arg}' found\n\nUsage: codex app-server [OPTIONS] [COMMAND]`;
  }
  return undefined;
}

function generateSchemaPlan(args: readonly string[]): CliOutcome {
  let out: string | undefined;
  let experimental = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--experimental") experimental = true;
    else if (arg === "-o" || arg === "--out") out = args[++i];
    else if (arg.startsWith("--out=")) out = arg.slice("--out=".length);
    else if (arg === "--help" || arg === "-h") return { kind: "exit", code: 0, stdout: "Usage: codex app-server generate-json-schema [--experimental] --out <DIR>\n" };
    else return { kind: "exit", code: 2, stderr: `error: unexpected argument '${arg}' found\n\nUsage: codex app-server generate-json-schema [OPTIONS] --out <DIR>\n` };
  }
  if (out === undefined || out === "")
    return { kind: "exit", code: 2, stderr: "error: the following required arguments were not provided:\n  --out <DIR>\n\nUsage: codex app-server generate-json-schema --out <DIR>\n" };
  return { kind: "generate-json-schema", out, experimental };
}

/** Decides what to do for `argv` without side effects (so it is unit-testable). */
export function planCli(argv: readonly string[], env: Env): CliOutcome {
  let parsed: CodexArgv;
  try {
    parsed = parseCodexArgv(argv);
  } catch (error) {
    if (error instanceof ConfigOverrideError) return { kind: "exit", code: 1, stderr: `Error: error parsing -c overrides: ${error.message}\n` };
    if (error instanceof CodexArgvError) return { kind: "exit", code: 2, stderr: `${error.message}\n` };
    throw error;
  }
  if (parsed.topLevel === "version") return { kind: "exit", code: 0, stdout: `${FAKE_CODEX_VERSION}\n` };
  const [command, ...rest] = parsed.command;
  try {
    if (command === "login" && rest[0] === "status") return loginStatus(loadScript(env));
    if (command !== "app-server") return { kind: "exit", code: 2, stderr: `fake-codex: unsupported command '${argv.join(" ")}' (supported: --version, login status, app-server)\n` };
    if (rest[0] === "generate-json-schema") return generateSchemaPlan(rest.slice(1));
    if (rest.includes("--help") || rest.includes("-h") || rest[0] === "help") return { kind: "exit", code: 0, stdout: APP_SERVER_HELP };
    if (parsed.profile !== undefined) return { kind: "exit", code: 1, stderr: PROFILE_ERROR };
    const argsError = appServerArgsError(rest);
    if (argsError !== undefined) return { kind: "exit", code: 2, stderr: `${argsError}\n` };
    loadScript(env);
    return { kind: "serve", overrides: parsed.overrides };
  } catch (error) {
    if (error instanceof FakeCodexScriptError) return { kind: "exit", code: 2, stderr: `fake-codex: ${error.message}\n` };
    throw error;
  }
}

/**
 * Runs the CLI in this process: prints and exits, or serves the app-server until it ends.
 * `bundleUrl`: the built entry (dist/fake-codex/cli.js), beside which the schema worker lives.
 */
export async function runFakeCodex(argv: readonly string[], env: Env = process.env, bundleUrl: string = import.meta.url): Promise<void> {
  const plan = planCli(argv, env);
  if (plan.kind === "exit") {
    if (plan.stdout !== undefined) process.stdout.write(plan.stdout);
    if (plan.stderr !== undefined) process.stderr.write(plan.stderr);
    process.exitCode = plan.code;
    return;
  }
  if (plan.kind === "generate-json-schema") {
    const { writeSchema } = await import("./generate-schema.ts");
    process.exitCode = writeSchema(plan, bundleUrl);
    return;
  }
  const { serveFakeCodex } = await import("./serve.ts");
  serveFakeCodex({ argv, env, script: loadScript(env), overrides: plan.overrides, bundleUrl });
}
