/** Verdicts of every process- and black-box-lane scenario (see verdicts.testkit.ts), in their own file so they run beside the deterministic ones. */
import { describe, vi } from "vitest";
import { mutantsCaught, nonLiveScenarios, srcPassesOn } from "./verdicts.testkit.ts";

// A loaded machine widens real-time deadlines (calibrateOnce), so a test may take longer than the default.
// The runs mostly wait on child processes and on bounds that must pass without an event, so up to
// four run at once (as `pnpm scenarios --real-time-jobs` does); each keeps its own temp dirs and marker.
vi.setConfig({ testTimeout: 300_000, maxConcurrency: 4 });

const scenarios = (await nonLiveScenarios()).filter((s) => s.lane === "process" || s.lane === "black-box");

describe.concurrent.each(scenarios.map((s) => [s.id, s] as const))("%s", (_id, scenario) => {
  srcPassesOn(scenario, scenario.seeds);
  mutantsCaught(scenario);
});
