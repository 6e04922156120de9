// The deterministic scenarios of scenarios/codex/ as mutation-testing verdicts (see scenario-suite.ts).
import { defineAreaSuite } from "./scenario-suite.ts";

await defineAreaSuite("codex");
