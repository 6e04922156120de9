// The deterministic scenarios of scenarios/broker/ as mutation-testing verdicts (see scenario-suite.ts).
import { defineAreaSuite } from "./scenario-suite.ts";

await defineAreaSuite("broker");
