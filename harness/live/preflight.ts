/**
 * The live lane's preflight, for the CLI (`pnpm scenarios --lane live`) and for the live scenarios
 * themselves: install the pinned codex if missing, and make sure a loopback-only network namespace
 * can be made. Without one the lane refuses, unless the user explicitly allows running the real
 * binary without it (`--allow-no-netns`, or CODEX_LIVE_ALLOW_NO_NETNS=1).
 */
import { CODEX_VERSION, ensureCodexInstalled } from "./install.ts";
import type { Isolation } from "./launch.ts";
import { probeLoopbackNamespace, type NamespaceProbe } from "./namespace.ts";
import { disposeAll } from "./resources.ts";

export const ALLOW_NO_NETNS_ENV = "CODEX_LIVE_ALLOW_NO_NETNS";

export class LiveLaneUnavailableError extends Error {
  constructor(reason: string) {
    super(
      `live lane refused: cannot create a loopback-only network namespace (${reason}). ` +
        `The real codex binary must not reach the network. Run as a user that may call "unshare -rn", ` +
        `or pass --allow-no-netns (${ALLOW_NO_NETNS_ENV}=1) to run it without isolation at your own risk.`,
    );
    this.name = "LiveLaneUnavailableError";
  }
}

export interface LiveLane {
  readonly codexBin: string;
  readonly codexVersion: string;
  readonly isolation: Isolation;
  /** True when this call installed codex (first run). */
  readonly installed: boolean;
  readonly installMs: number;
  /** Ends every live process and removes every temp home the lane created. Idempotent. */
  cleanup(): Promise<void>;
}

export interface EnsureLiveLaneOptions {
  readonly allowNoNamespace?: boolean;
  readonly log?: (line: string) => void;
  /** For tests: how the namespace is probed and codex installed. */
  readonly probe?: () => NamespaceProbe;
  readonly install?: typeof ensureCodexInstalled;
}

function allowFromEnv(): boolean {
  const v = process.env[ALLOW_NO_NETNS_ENV];
  return v === "1" || v === "true";
}

let cached: Promise<LiveLane> | undefined;

/** The preflight itself, unmemoized. */
export async function prepareLiveLane(options: EnsureLiveLaneOptions = {}): Promise<LiveLane> {
  const probe = (options.probe ?? probeLoopbackNamespace)();
  const allow = options.allowNoNamespace ?? allowFromEnv();
  if (!probe.ok && !allow) throw new LiveLaneUnavailableError(probe.reason);
  if (!probe.ok) options.log?.(`live lane: WARNING running the real codex WITHOUT a network namespace (${probe.reason})`);
  const install = await (options.install ?? ensureCodexInstalled)(options.log === undefined ? {} : { log: options.log });
  return {
    codexBin: install.codexBin,
    codexVersion: CODEX_VERSION,
    isolation: probe.ok ? "netns" : "none",
    installed: install.installed,
    installMs: install.installMs,
    cleanup: () => disposeAll(),
  };
}

/** Memoized per process: the first caller installs and probes; later callers share the result. */
export function ensureLiveLane(options: EnsureLiveLaneOptions = {}): Promise<LiveLane> {
  cached ??= prepareLiveLane(options).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
