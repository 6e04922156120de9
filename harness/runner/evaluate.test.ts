import { describe, expect, it } from "vitest";
import type { AnyScenario, TraceRecord } from "../scenario/types.ts";
import { FAKE_CONFORMANCE, holdToExpectation, judge } from "./evaluate.ts";

const scenario = { id: "t/x", checks: [], probes: [], mutants: [] } as unknown as AnyScenario;
const rec = (step: number, event: TraceRecord["event"]): TraceRecord => ({ step, tMs: step, event });

describe("judge", () => {
  it("fails a run whose fake app-server sent a message that violates the protocol schema", () => {
    const trace = [
      rec(1, { kind: "appserver.send", method: "turn/started" }),
      rec(2, { kind: "appserver.schema-violation", method: "turn/started", errors: ["/params/turn: must have required property 'id'"] }),
    ];
    const j = judge(scenario, { kind: "settled", value: {} }, trace, new Map());
    expect(j.verdict).toBe("fail");
    const inv = j.invariants.find((i) => i.id === FAKE_CONFORMANCE);
    expect(inv?.status).toBe("fail");
    expect(inv?.firstViolation?.step).toBe(2);
    expect(j.reason).toContain("turn/started");
  });

  it("passes the conformance invariant with the count of messages checked", () => {
    const trace = [rec(1, { kind: "appserver.send", method: "initialize" }), rec(2, { kind: "appserver.send", method: "thread/started" })];
    const j = judge(scenario, { kind: "settled", value: {} }, trace, new Map());
    expect(j.verdict).toBe("pass");
    expect(j.invariants.find((i) => i.id === FAKE_CONFORMANCE)?.evidence).toEqual({ messagesChecked: 2 });
  });

  it("adds no conformance invariant to runs without a fake app-server", () => {
    const j = judge(scenario, { kind: "settled", value: {} }, [], new Map());
    expect(j.invariants).toEqual([]);
  });
});

describe("holdToExpectation", () => {
  const invariant = (id: string, status: "pass" | "fail") => ({ id, kind: "safety" as const, description: id, status });
  const failed = { verdict: "fail" as const, reason: "safety:b: broke", invariants: [invariant("safety:a", "pass"), invariant("safety:b", "fail")], probes: [] };

  it("keeps a caught verdict that violates a declared invariant", () => {
    expect(holdToExpectation(failed, "m", { verdict: "fail", violates: ["safety:x", "safety:b"] }).verdict).toBe("fail");
  });

  it("turns a fail on an undeclared invariant into an error naming the expectation", () => {
    const j = holdToExpectation(failed, "m", { verdict: "fail", violates: ["safety:a"] });
    expect(j.verdict).toBe("error");
    expect(j.reason).toContain("declared to be caught as fail violating safety:a, got fail");
  });

  it("turns a fail into an error when a hang was declared, and leaves uncaught verdicts alone", () => {
    expect(holdToExpectation(failed, "m", { verdict: "hang" }).verdict).toBe("error");
    const passed = { ...failed, verdict: "pass" as const };
    expect(holdToExpectation(passed, "m", { verdict: "hang" }).verdict).toBe("pass");
    expect(holdToExpectation(failed, "m", undefined).verdict).toBe("fail");
  });
});
