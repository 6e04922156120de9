import { describe, expect, it } from "vitest";
import { processSignals } from "./node-signals.ts";

const added = (signal: "SIGTERM" | "SIGINT", before: readonly unknown[]): Array<() => void> =>
  process.listeners(signal).filter((l) => !before.includes(l)) as Array<() => void>;

describe("the process signal port", () => {
  it("hands SIGTERM and SIGINT to the handler by name, and unsubscribes both", () => {
    const before = { SIGTERM: process.listeners("SIGTERM"), SIGINT: process.listeners("SIGINT") };
    const got: string[] = [];
    const off = processSignals.onSignal((signal) => got.push(signal));
    const term = added("SIGTERM", before.SIGTERM);
    const int = added("SIGINT", before.SIGINT);
    expect([term.length, int.length]).toEqual([1, 1]);
    // Called directly: emitting a signal event would also reach the test runner's own handlers.
    term[0]?.();
    int[0]?.();
    expect(got).toEqual(["SIGTERM", "SIGINT"]);
    off();
    expect(added("SIGTERM", before.SIGTERM)).toEqual([]);
    expect(added("SIGINT", before.SIGINT)).toEqual([]);
  });
});
