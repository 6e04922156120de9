/** Verdicts of every process- and black-box-lane scenario (see verdicts.testkit.ts), in their own file so they run beside the deterministic ones. */
import { describe } from "vitest";
import { mutantsCaught, nonLiveScenarios, srcPassesOn } from "./verdicts.testkit.ts";

const scenarios = (await nonLiveScenarios()).filter((s) => s.lane === "process" || s.lane === "black-box");

describe.each(scenarios.map((s) => [s.id, s] as const))("%s", (_id, scenario) => {
  srcPassesOn(scenario, scenario.seeds);
  mutantsCaught(scenario);
});
