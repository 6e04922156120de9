/**
 * The session write-lock file's payload `{pid, createdAt, starttime?, maxHoldMs?}` and the stale
 * reasons judged from it. Only reasons that prove the holder is gone are removable; age-based
 * reasons (too old, hold exceeded) are reported but never reclaimed.
 */
import type { ProcessInfo } from "./process-info.ts";

export interface LockPayload {
  readonly pid?: number;
  readonly createdAt?: string;
  readonly starttime?: number;
  readonly maxHoldMs?: number;
}

export type StaleReason =
  | "missing-pid"
  | "dead-pid"
  | "recycled-pid"
  | "invalid-createdAt"
  | "too-old"
  | "hold-exceeded"
  | "orphan-self-pid"
  | "malformed-payload";

const REPORT_ONLY: ReadonlySet<StaleReason> = new Set<StaleReason>(["too-old", "hold-exceeded"]);

export function isRemovableReason(reason: StaleReason): boolean {
  return !REPORT_ONLY.has(reason);
}

export { formatIsoUtc } from "../runtime/utc.ts";

export function serializeLockPayload(payload: LockPayload): string {
  return JSON.stringify(payload);
}

/** Parses a lock file's text; undefined when it is not a JSON object (empty, truncated, foreign). */
export function parseLockPayload(text: string): LockPayload | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const out: { pid?: number; createdAt?: string; starttime?: number; maxHoldMs?: number } = {};
  if (typeof record.pid === "number" && Number.isSafeInteger(record.pid)) out.pid = record.pid;
  if (typeof record.createdAt === "string") out.createdAt = record.createdAt;
  if (typeof record.starttime === "number") out.starttime = record.starttime;
  if (typeof record.maxHoldMs === "number") out.maxHoldMs = record.maxHoldMs;
  return out;
}

export interface InspectLockOptions {
  readonly payload: LockPayload;
  readonly nowMs: number;
  readonly staleMs: number;
  readonly processInfo: ProcessInfo;
  /** True when this process holds the lock (its own max hold is then not held against it). */
  readonly heldByThisProcess: boolean;
}

/** Age of the lock in ms, or undefined when createdAt is missing or unparsable. */
export function lockAgeMs(payload: LockPayload, nowMs: number): number | undefined {
  if (payload.createdAt === undefined) return undefined;
  const created = Date.parse(payload.createdAt);
  return Number.isNaN(created) ? undefined : nowMs - created;
}

function pidReasons(options: InspectLockOptions): StaleReason[] {
  const { payload, processInfo } = options;
  if (payload.pid === undefined) return ["missing-pid"];
  const current = processInfo.starttime(payload.pid);
  const startMatches = payload.starttime === undefined || current === undefined || current === payload.starttime;
  if (payload.pid === processInfo.pid) {
    if (options.heldByThisProcess) return [];
    return startMatches ? ["orphan-self-pid"] : ["recycled-pid"];
  }
  if (!processInfo.isAlive(payload.pid)) return ["dead-pid"];
  return startMatches ? [] : ["recycled-pid"];
}

/** Every stale reason that applies to the payload, in a fixed order. Empty = a live, fresh holder. */
export function inspectLockPayload(options: InspectLockOptions): StaleReason[] {
  const reasons = pidReasons(options);
  const ageMs = lockAgeMs(options.payload, options.nowMs);
  if (ageMs === undefined) {
    reasons.push("invalid-createdAt");
    return reasons;
  }
  if (ageMs > options.staleMs) reasons.push("too-old");
  const maxHoldMs = options.payload.maxHoldMs;
  if (!options.heldByThisProcess && maxHoldMs !== undefined && ageMs > maxHoldMs) reasons.push("hold-exceeded");
  return reasons;
}
