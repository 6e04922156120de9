import { describe, expect, it } from "vitest";
import type { AnyScenario, TraceRecord } from "../scenario/types.ts";
import { FAKE_CONFORMANCE, holdToViolates, judge } from "./evaluate.ts";

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

  it("judges unknown, even over a failed check, when a declared fault never fired", () => {
    const failing = {
      ...scenario,
      expectedFaults: ["gw-401"],
      checks: [{ id: "safety:x", kind: "safety", description: "x", check: () => ({ ok: false, message: "violated" }) }],
    } as unknown as AnyScenario;
    const j = judge(failing, { kind: "settled", value: {} }, [rec(1, { kind: "appserver.fault", rule: "other" })], new Map());
    expect(j.verdict).toBe("unknown");
    expect(j.reason).toContain("expected fault rule never fired: gw-401");
    const fired = judge(failing, { kind: "settled", value: {} }, [rec(1, { kind: "appserver.fault", rule: "gw-401" })], new Map());
    expect(fired.verdict).toBe("fail");
  });

  it("judges unknown when an evidence probe never fired", () => {
    const j = judge({ ...scenario, evidence: ["fake-codex started"] } as unknown as AnyScenario, { kind: "settled", value: {} }, [], new Map());
    expect(j.verdict).toBe("unknown");
    expect(j.reason).toContain("evidence probe never fired: fake-codex started");
  });

  it("adds no conformance invariant to runs without a fake app-server", () => {
    const j = judge(scenario, { kind: "settled", value: {} }, [], new Map());
    expect(j.invariants).toEqual([]);
  });
});

describe("holdToViolates", () => {
  const invariant = (id: string, status: "pass" | "fail") => ({ id, kind: "safety" as const, description: id, status });
  const failed = { verdict: "fail" as const, reason: "safety:b: broke", invariants: [invariant("safety:a", "pass"), invariant("safety:b", "fail")], probes: [] };

  it("keeps a fail that violates one of the declared checks", () => {
    expect(holdToViolates(failed, "m", ["safety:x", "safety:b"]).verdict).toBe("fail");
  });

  it("turns a fail on undeclared checks only into an error naming the declaration", () => {
    const j = holdToViolates(failed, "m", ["safety:a"]);
    expect(j.verdict).toBe("error");
    expect(j.reason).toContain("declared to be caught by violating safety:a, got fail");
  });

  it("leaves other verdicts, and mutants that declare nothing, alone", () => {
    expect(holdToViolates({ ...failed, verdict: "hang" }, "m", ["safety:a"]).verdict).toBe("hang");
    expect(holdToViolates(failed, "m", undefined).verdict).toBe("fail");
  });
});
