// The deterministic scenarios of scenarios/sessions/ as mutation-testing verdicts (see scenario-suite.ts).
import { defineAreaSuite } from "./scenario-suite.ts";

await defineAreaSuite("sessions");
