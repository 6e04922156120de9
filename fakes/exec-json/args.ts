/**
 * `codex exec` command-line parsing for the fake: the flags `@openai/codex-sdk` passes
 * (`--experimental-json`, `--model`, `--sandbox`, `--cd`, `--skip-git-repo-check`, `--output-schema`,
 * `--config`, `--image`, `--add-dir`, `--thread-source`, `resume <id>`…) and a few more of codex
 * 0.169.0's. Faults modelled: a bad command line exits 2 with a clap-style message, as the real one.
 */

export interface ExecArgs {
  /** `--json` / `--experimental-json`: JSONL thread events on stdout (the only mode the fake speaks). */
  readonly json: boolean;
  readonly model?: string;
  readonly sandbox?: SandboxMode;
  /** `--cd` / `-C`: the working directory of the thread. */
  readonly cd?: string;
  readonly skipGitRepoCheck: boolean;
  readonly outputSchema?: string;
  /** `-c` / `--config` pairs, as given (`key=value`, TOML value); applied by the caller's config hook. */
  readonly config: readonly string[];
  readonly images: readonly string[];
  readonly addDirs: readonly string[];
  readonly color?: "always" | "never" | "auto";
  readonly ephemeral: boolean;
  /** `resume <id>`: continue that persisted thread. */
  readonly resume?: string;
  /** The prompt argument; absent or `-` → read it from stdin. */
  readonly prompt?: string;
}

export type SandboxMode = "read-only" | "workspace-write" | "danger-full-access";
const SANDBOX_MODES: readonly SandboxMode[] = ["read-only", "workspace-write", "danger-full-access"];
const COLORS = ["always", "never", "auto"] as const;

export class ExecUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExecUsageError";
  }
}

const USAGE = "Usage: codex exec [OPTIONS] [PROMPT]\n       codex exec [OPTIONS] <COMMAND> [ARGS]\n\nFor more information, try '--help'.";

/** Flags that take a value, by every spelling, mapped to the field they fill. */
const VALUE_FLAGS: Readonly<Record<string, string>> = {
  "-m": "model",
  "--model": "model",
  "-s": "sandbox",
  "--sandbox": "sandbox",
  "-C": "cd",
  "--cd": "cd",
  "--output-schema": "outputSchema",
  "-c": "config",
  "--config": "config",
  "-i": "image",
  "--image": "image",
  "--add-dir": "addDir",
  "--color": "color",
  "--thread-source": "ignored",
  "--cyber-access-program": "ignored",
  "-p": "ignored",
  "--profile": "ignored",
  "-o": "ignored",
  "--output-last-message": "ignored",
};
const SWITCHES = new Set(["--json", "--experimental-json", "--skip-git-repo-check", "--ephemeral", "--full-auto", "--dangerously-bypass-approvals-and-sandbox", "--oss"]);

interface Draft {
  json: boolean;
  skipGitRepoCheck: boolean;
  ephemeral: boolean;
  config: string[];
  images: string[];
  addDirs: string[];
  model?: string;
  sandbox?: SandboxMode;
  cd?: string;
  outputSchema?: string;
  color?: "always" | "never" | "auto";
  resume?: string;
  prompt?: string;
}

function invalid(value: string, flag: string, possible: readonly string[]): ExecUsageError {
  return new ExecUsageError(`error: invalid value '${value}' for '${flag}'\n  [possible values: ${possible.join(", ")}]\n\nFor more information, try '--help'.`);
}

function setValue(draft: Draft, field: string, flag: string, value: string): void {
  switch (field) {
    case "model":
      draft.model = value;
      return;
    case "sandbox":
      if (!SANDBOX_MODES.includes(value as SandboxMode)) throw invalid(value, `--sandbox <SANDBOX_MODE>`, SANDBOX_MODES);
      draft.sandbox = value as SandboxMode;
      return;
    case "cd":
      draft.cd = value;
      return;
    case "outputSchema":
      draft.outputSchema = value;
      return;
    case "config":
      if (!value.includes("=")) throw new ExecUsageError(`error: invalid value '${value}' for '${flag} <key=value>': expected key=value`);
      draft.config.push(value);
      return;
    case "image":
      // clap splits `--image a.png,b.png` on commas, as the real one does.
      draft.images.push(...value.split(",").filter((p) => p !== ""));
      return;
    case "addDir":
      draft.addDirs.push(value);
      return;
    case "color":
      if (!(COLORS as readonly string[]).includes(value)) throw invalid(value, "--color <COLOR>", COLORS);
      draft.color = value as "always" | "never" | "auto";
      return;
  }
}

/** Parses the arguments after `exec`. Throws ExecUsageError with the message to print (exit 2). */
export function parseExecArgs(argv: readonly string[]): ExecArgs {
  const draft: Draft = { json: false, skipGitRepoCheck: false, ephemeral: false, config: [], images: [], addDirs: [] };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const field = VALUE_FLAGS[flag];
    if (field !== undefined) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new ExecUsageError(`error: a value is required for '${flag}' but none was supplied\n\n${USAGE}`);
      setValue(draft, field, flag, value);
    } else if (SWITCHES.has(arg)) {
      if (arg === "--json" || arg === "--experimental-json") draft.json = true;
      else if (arg === "--skip-git-repo-check") draft.skipGitRepoCheck = true;
      else if (arg === "--ephemeral") draft.ephemeral = true;
    } else if (arg.startsWith("-") && arg !== "-") {
      throw new ExecUsageError(`error: unexpected argument '${arg}' found\n\n${USAGE}`);
    } else positional.push(arg);
  }
  if (positional[0] === "resume") {
    const id = positional[1];
    if (id === undefined) throw new ExecUsageError(`error: the fake supports only 'resume <SESSION_ID> [PROMPT]'\n\n${USAGE}`);
    draft.resume = id;
    positional.splice(0, 2);
  }
  if (positional.length > 1) throw new ExecUsageError(`error: unexpected argument '${positional[1] ?? ""}' found\n\n${USAGE}`);
  if (positional[0] !== undefined) draft.prompt = positional[0];
  return draft;
}
