/**
 * Verdicts of every deterministic-lane scenario (see verdicts.testkit.ts): src passes on every
 * declared seed, every mutant is caught. The heartbeat race's src seeds are checked in
 * sessions/heartbeat-channel-race.seeds-*.test.ts, the real-time lanes in real-time-scenarios.test.ts.
 */
import { describe, expect, it } from "vitest";
import { mutantsCaught, nonLiveScenarios, seedSlice, SPLIT_SCENARIO, srcPassesOn } from "./verdicts.testkit.ts";

const all = await nonLiveScenarios();
const scenarios = all.filter((s) => s.lane === "deterministic");

describe.each(scenarios.map((s) => [s.id, s] as const))("%s", (_id, scenario) => {
  if (scenario.id !== SPLIT_SCENARIO) srcPassesOn(scenario, scenario.seeds);
  mutantsCaught(scenario);
});

it("discovers at least one scenario, and every non-live one is checked in some file", () => {
  expect(scenarios.length).toBeGreaterThan(0);
  expect(scenarios.some((s) => s.id === SPLIT_SCENARIO)).toBe(true);
  const realTime = all.filter((s) => s.lane === "process" || s.lane === "black-box");
  expect(scenarios.length + realTime.length).toBe(all.length);
  const split = scenarios.find((s) => s.id === SPLIT_SCENARIO)?.seeds ?? [];
  expect([...seedSlice(split, 0, 2), ...seedSlice(split, 1, 2)]).toEqual(split);
});
