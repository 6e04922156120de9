// The deterministic scenarios of every other area of scenarios/ (see scenario-suite.ts).
import { defineAreaSuite } from "./scenario-suite.ts";

await defineAreaSuite("other");
