import { describe, expect, it } from "vitest";
import { formatIsoUtc, inspectLockPayload, isRemovableReason, parseLockPayload } from "./lock-payload.ts";
import { createProcessTable } from "./process-info.ts";

const T0 = Date.UTC(2026, 0, 1);

describe("formatIsoUtc", () => {
  it("matches Date#toISOString across eras, leap days and millisecond edges", () => {
    for (const ms of [0, T0, Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(2000, 2, 1), Date.UTC(1969, 11, 31, 12), 4_102_444_800_123]) {
      expect(formatIsoUtc(ms)).toBe(new Date(ms).toISOString());
    }
  });
});

describe("parseLockPayload", () => {
  it("returns undefined for empty or non-object text", () => {
    expect(parseLockPayload("")).toBeUndefined();
    expect(parseLockPayload("[1]")).toBeUndefined();
    expect(parseLockPayload('{"pid":')).toBeUndefined();
    expect(parseLockPayload("5")).toBeUndefined();
    expect(parseLockPayload('"text"')).toBeUndefined();
    expect(parseLockPayload("null")).toBeUndefined();
  });

  it("keeps the typed fields and drops the rest", () => {
    expect(parseLockPayload('{"pid":7,"createdAt":"x","maxHoldMs":5,"starttime":9,"extra":1}')).toEqual({
      pid: 7,
      createdAt: "x",
      maxHoldMs: 5,
      starttime: 9,
    });
  });
});

describe("inspectLockPayload", () => {
  const table = createProcessTable({ self: { pid: 100, starttime: 1 } });
  table.spawn({ pid: 200, starttime: 50 });
  const base = { nowMs: T0 + 10_000, staleMs: 60_000, processInfo: table, heldByThisProcess: false };
  const createdAt = formatIsoUtc(T0);

  it("finds no reason for a fresh lock of a live process", () => {
    expect(inspectLockPayload({ ...base, payload: { pid: 200, createdAt, starttime: 50, maxHoldMs: 60_000 } })).toEqual([]);
  });

  it("reports dead and recycled pids as removable", () => {
    expect(inspectLockPayload({ ...base, payload: { pid: 999, createdAt } })).toEqual(["dead-pid"]);
    expect(inspectLockPayload({ ...base, payload: { pid: 200, createdAt, starttime: 49 } })).toEqual(["recycled-pid"]);
    expect(isRemovableReason("dead-pid")).toBe(true);
    expect(isRemovableReason("recycled-pid")).toBe(true);
  });

  it("reports too-old and hold-exceeded as report-only", () => {
    const reasons = inspectLockPayload({ ...base, nowMs: T0 + 120_000, payload: { pid: 200, createdAt, maxHoldMs: 90_000 } });
    expect(reasons).toEqual(["too-old", "hold-exceeded"]);
    expect(reasons.some(isRemovableReason)).toBe(false);
  });

  it("does not hold its own max hold against a lock this process holds", () => {
    const payload = { pid: 100, createdAt, maxHoldMs: 1_000 };
    expect(inspectLockPayload({ ...base, payload, heldByThisProcess: true })).toEqual([]);
    expect(inspectLockPayload({ ...base, payload, heldByThisProcess: false })).toEqual(["orphan-self-pid", "hold-exceeded"]);
  });

  it("flags a missing pid and an unparsable createdAt", () => {
    expect(inspectLockPayload({ ...base, payload: { createdAt: "yesterday" } })).toEqual(["missing-pid", "invalid-createdAt"]);
  });

  it("does not call a pid recycled when its current start time is unknown", () => {
    const t = createProcessTable({ self: { pid: 100, starttime: 1 } });
    t.spawn({ pid: 300 });
    expect(inspectLockPayload({ ...base, processInfo: t, payload: { pid: 300, createdAt, starttime: 5 } })).toEqual([]);
  });

  it("calls a lock of this process's pid with another start time recycled", () => {
    expect(inspectLockPayload({ ...base, payload: { pid: 100, createdAt, starttime: 2 } })).toEqual(["recycled-pid"]);
  });

  it("an age exactly at staleMs or maxHoldMs is not yet too old / hold-exceeded", () => {
    expect(inspectLockPayload({ ...base, nowMs: T0 + 60_000, payload: { pid: 200, createdAt, maxHoldMs: 60_000 } })).toEqual([]);
    expect(inspectLockPayload({ ...base, nowMs: T0 + 60_001, payload: { pid: 200, createdAt, maxHoldMs: 60_000 } })).toEqual(["too-old", "hold-exceeded"]);
  });
});
