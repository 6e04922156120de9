import { expect, it } from "vitest";
import { MUTATION_AREAS, scenarioAreas } from "./scenario-suite.ts";

it("every area with its own mutation suite is a folder of scenarios/", () => {
  expect(scenarioAreas()).toEqual(expect.arrayContaining([...MUTATION_AREAS]));
});
