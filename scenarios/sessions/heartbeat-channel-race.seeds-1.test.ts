/** The heartbeat race's src verdict on the first half of its 500 seeds (the other half and its mutants: see verdicts.testkit.ts). */
import { describe, expect } from "vitest";
import { nonLiveScenarios, seedSlice, SPLIT_SCENARIO, srcPassesOn } from "../verdicts.testkit.ts";

const scenario = (await nonLiveScenarios()).find((s) => s.id === SPLIT_SCENARIO);
expect(scenario).toBeDefined();

describe(SPLIT_SCENARIO, () => {
  if (scenario !== undefined) srcPassesOn(scenario, seedSlice(scenario.seeds, 0, 2), "passes against src on seed half 1 of 2");
});
