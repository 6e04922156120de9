/**
 * How the live lane starts the real binary: `unshare -rn node --import tsx ns-entry.ts`, so the
 * fake model API and `codex app-server` share a network namespace that has only loopback. The
 * environment is built from scratch (no user keys or base URLs leak in). With isolation "none"
 * (the explicit override) the same entry runs without the namespace.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ModelScript } from "../../fakes/app-server/script.ts";
import type { ConfigVia } from "./codex-config.ts";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");
/** One live-lane turn's (or request's) real-time bound on either binary, before the run's deadline scale widens it. */
export const LIVE_TURN_BOUND_MS = 30_000;
export const NS_ENTRY = join(REPO_ROOT, "harness/live/ns-entry.ts");
/** Absolute, so the wrapper starts from any working directory. */
const TSX_LOADER = import.meta.resolve("tsx");

export type Isolation = "netns" | "none";

export interface LiveLaunchOptions {
  readonly codexBin: string;
  /** A fresh directory: CODEX_HOME, HOME and the model request log live here. */
  readonly homeDir: string;
  /** The working directory codex runs in (thread cwd). */
  readonly workDir: string;
  readonly model: ModelScript;
  readonly streamIdleTimeoutMs: number;
  readonly isolation: Isolation;
  /** How codex gets the provider configuration: config.toml (default) or `-c` flags before the subcommand. */
  readonly configVia?: ConfigVia;
  /** Extra environment for the codex process (e.g. the fake binary's FAKE_CODEX_SCRIPT); never secrets. */
  readonly codexEnv?: Readonly<Record<string, string>>;
}

export interface LiveLaunch {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** JSONL of every request the fake model API saw (hashes only, never headers). */
  readonly modelLogFile: string;
}

export function liveLaunch(options: LiveLaunchOptions): LiveLaunch {
  const codexHome = join(options.homeDir, "codex-home");
  mkdirSync(codexHome, { recursive: true });
  const modelLogFile = join(options.homeDir, "model-requests.jsonl");
  const node = [process.execPath, "--import", TSX_LOADER, NS_ENTRY];
  const [command, ...args] = options.isolation === "netns" ? ["unshare", "-rn", ...node] : node;
  return {
    command: command as string,
    args,
    cwd: REPO_ROOT,
    modelLogFile,
    env: {
      PATH: process.env["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
      HOME: options.homeDir,
      CODEX_HOME: codexHome,
      LIVE_CODEX_BIN: options.codexBin,
      LIVE_WORKDIR: options.workDir,
      LIVE_MODEL_SCRIPT: JSON.stringify(options.model),
      LIVE_STREAM_IDLE_MS: String(options.streamIdleTimeoutMs),
      LIVE_MODEL_LOG: modelLogFile,
      LIVE_NETNS: options.isolation === "netns" ? "1" : "0",
      LIVE_CONFIG_VIA: options.configVia ?? "toml",
      ...(options.codexEnv === undefined ? {} : { LIVE_CODEX_ENV: JSON.stringify(options.codexEnv) }),
    },
  };
}
