/** Verdicts of every process- and black-box-lane scenario (see verdicts.testkit.ts), in their own file so they run beside the deterministic ones. */
import { describe, vi } from "vitest";
import { mutantsCaught, nonLiveScenarios, srcPassesOn } from "./verdicts.testkit.ts";

// A loaded machine widens real-time deadlines (calibrateOnce), so a test may take longer than the default.
vi.setConfig({ testTimeout: 300_000 });

const scenarios = (await nonLiveScenarios()).filter((s) => s.lane === "process" || s.lane === "black-box");

describe.each(scenarios.map((s) => [s.id, s] as const))("%s", (_id, scenario) => {
  srcPassesOn(scenario, scenario.seeds);
  mutantsCaught(scenario);
});
