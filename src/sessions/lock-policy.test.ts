import { describe, expect, it } from "vitest";
import { MAX_TIMER_DELAY_MS, resolveMaxHoldFromTimeout, resolveSessionWriteLockPolicy, SESSION_WRITE_LOCK_ENV } from "./lock-policy.ts";

describe("resolveSessionWriteLockPolicy", () => {
  it("uses the defaults when nothing is configured", () => {
    expect(resolveSessionWriteLockPolicy()).toEqual({ timeoutMs: 60_000, staleMs: 1_800_000, maxHoldMs: 300_000 });
  });

  it("lets env override config, and config override the fallback", () => {
    const policy = resolveSessionWriteLockPolicy({
      config: { acquireTimeoutMs: 5_000, staleMs: 30_000, maxHoldMs: 40_000 },
      env: { [SESSION_WRITE_LOCK_ENV.staleMs]: "60000" },
      maxHoldMsFallback: 1_020_000,
    });
    expect(policy).toEqual({ timeoutMs: 5_000, staleMs: 60_000, maxHoldMs: 40_000 });
  });

  it("ignores env values that are not all digits or not positive", () => {
    const policy = resolveSessionWriteLockPolicy({
      env: {
        [SESSION_WRITE_LOCK_ENV.acquireTimeoutMs]: "25ms",
        [SESSION_WRITE_LOCK_ENV.staleMs]: "-5",
        [SESSION_WRITE_LOCK_ENV.maxHoldMs]: "0",
      },
      config: { maxHoldMs: 90_000 },
    });
    expect(policy).toEqual({ timeoutMs: 60_000, staleMs: 1_800_000, maxHoldMs: 90_000 });
  });

  it("ignores env values that JavaScript would read as a number but are not plain digits", () => {
    const policy = resolveSessionWriteLockPolicy({
      env: { [SESSION_WRITE_LOCK_ENV.acquireTimeoutMs]: "1e3", [SESSION_WRITE_LOCK_ENV.staleMs]: "0x10", [SESSION_WRITE_LOCK_ENV.maxHoldMs]: "2.5e4" },
    });
    expect(policy).toEqual({ timeoutMs: 60_000, staleMs: 1_800_000, maxHoldMs: 300_000 });
  });

  it("trims whitespace around an env value", () => {
    const policy = resolveSessionWriteLockPolicy({ env: { [SESSION_WRITE_LOCK_ENV.staleMs]: " 45000\n", [SESSION_WRITE_LOCK_ENV.acquireTimeoutMs]: " Infinity " } });
    expect(policy).toMatchObject({ staleMs: 45_000, timeoutMs: Number.POSITIVE_INFINITY });
  });

  it("accepts Infinity only for the acquire timeout", () => {
    const policy = resolveSessionWriteLockPolicy({
      env: { [SESSION_WRITE_LOCK_ENV.acquireTimeoutMs]: "Infinity", [SESSION_WRITE_LOCK_ENV.staleMs]: "Infinity" },
    });
    expect(policy.timeoutMs).toBe(Number.POSITIVE_INFINITY);
    expect(policy.staleMs).toBe(1_800_000);
    const hold = resolveSessionWriteLockPolicy({ env: { [SESSION_WRITE_LOCK_ENV.maxHoldMs]: "Infinity" } });
    expect(hold.maxHoldMs).toBe(300_000);
  });

  it("falls back when a config value is zero", () => {
    expect(resolveSessionWriteLockPolicy({ config: { acquireTimeoutMs: 0 } }).timeoutMs).toBe(60_000);
  });
});

describe("resolveMaxHoldFromTimeout", () => {
  it("derives max hold from the timeout plus a two-minute grace", () => {
    expect(resolveMaxHoldFromTimeout({ timeoutMs: 600_000 })).toBe(720_000);
    expect(resolveMaxHoldFromTimeout({ timeoutMs: 900_000 })).toBe(1_020_000);
    expect(resolveMaxHoldFromTimeout({ timeoutMs: 1_000, minMs: 5_000 })).toBe(121_000);
  });

  it("clamps effectively unbounded runs to the timer range", () => {
    expect(resolveMaxHoldFromTimeout({ timeoutMs: Number.POSITIVE_INFINITY })).toBe(MAX_TIMER_DELAY_MS);
    expect(resolveMaxHoldFromTimeout({ timeoutMs: 10 ** 12 })).toBe(MAX_TIMER_DELAY_MS);
    expect(resolveMaxHoldFromTimeout({ timeoutMs: Number.NaN })).toBe(MAX_TIMER_DELAY_MS);
  });
});
