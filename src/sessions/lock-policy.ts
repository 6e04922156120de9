/**
 * Session write-lock policy: acquire timeout, stale age and maximum hold, resolved
 * env > config > defaults. Env values must be all digits and a safe positive integer
 * ("Infinity" only for the acquire timeout); anything else is ignored and falls through.
 */
export const DEFAULT_SESSION_WRITE_LOCK_ACQUIRE_TIMEOUT_MS = 60_000;
export const DEFAULT_SESSION_WRITE_LOCK_STALE_MS = 1_800_000;
export const DEFAULT_SESSION_WRITE_LOCK_MAX_HOLD_MS = 300_000;
/** The largest delay a timer accepts (2^31 - 1 ms). */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;
const MAX_HOLD_GRACE_MS = 120_000;

export const SESSION_WRITE_LOCK_ENV = {
  acquireTimeoutMs: "OPENCLAW_SESSION_WRITE_LOCK_ACQUIRE_TIMEOUT_MS",
  staleMs: "OPENCLAW_SESSION_WRITE_LOCK_STALE_MS",
  maxHoldMs: "OPENCLAW_SESSION_WRITE_LOCK_MAX_HOLD_MS",
} as const;

export interface SessionWriteLockConfig {
  readonly acquireTimeoutMs?: number;
  readonly staleMs?: number;
  readonly maxHoldMs?: number;
}

export interface SessionWriteLockPolicy {
  readonly timeoutMs: number;
  readonly staleMs: number;
  readonly maxHoldMs: number;
}

export type EnvRecord = Readonly<Record<string, string | undefined>>;

function envMs(env: EnvRecord, name: string, options: { readonly allowInfinity: boolean }): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined) return undefined;
  if (options.allowInfinity && raw === "Infinity") return Number.POSITIVE_INFINITY;
  if (!/^\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function configMs(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;
}

/** Resolves the policy: env first, then config, then `maxHoldMsFallback` / the defaults. */
export function resolveSessionWriteLockPolicy(
  options: {
    readonly config?: SessionWriteLockConfig;
    readonly env?: EnvRecord;
    readonly maxHoldMsFallback?: number;
  } = {},
): SessionWriteLockPolicy {
  const env = options.env ?? {};
  const config = options.config ?? {};
  return {
    timeoutMs:
      envMs(env, SESSION_WRITE_LOCK_ENV.acquireTimeoutMs, { allowInfinity: true }) ??
      configMs(config.acquireTimeoutMs) ??
      DEFAULT_SESSION_WRITE_LOCK_ACQUIRE_TIMEOUT_MS,
    staleMs:
      envMs(env, SESSION_WRITE_LOCK_ENV.staleMs, { allowInfinity: false }) ??
      configMs(config.staleMs) ??
      DEFAULT_SESSION_WRITE_LOCK_STALE_MS,
    maxHoldMs:
      envMs(env, SESSION_WRITE_LOCK_ENV.maxHoldMs, { allowInfinity: false }) ??
      configMs(config.maxHoldMs) ??
      options.maxHoldMsFallback ??
      DEFAULT_SESSION_WRITE_LOCK_MAX_HOLD_MS,
  };
}

/** Max hold derived from a run timeout: the timeout plus a 2 min grace, at least `minMs`, at most a timer's range. */
export function resolveMaxHoldFromTimeout(options: { readonly timeoutMs: number; readonly minMs?: number }): number {
  const minMs = options.minMs ?? DEFAULT_SESSION_WRITE_LOCK_MAX_HOLD_MS;
  if (!Number.isFinite(options.timeoutMs)) return MAX_TIMER_DELAY_MS;
  return Math.min(MAX_TIMER_DELAY_MS, Math.max(minMs, options.timeoutMs + MAX_HOLD_GRACE_MS));
}
