/** The scenarios the bench measures, loaded once through discovery (harness/ never imports scenarios/ statically). */
import { discoverScenarios } from "../runner/discover.ts";
import type { AnyScenario } from "../scenario/types.ts";

let loaded: Promise<AnyScenario[]> | undefined;

export class MissingScenarioError extends Error {
  constructor(id: string) {
    super(`the bench needs scenario "${id}", which discovery did not find under scenarios/`);
    this.name = "MissingScenarioError";
  }
}

export async function scenarioById(id: string): Promise<AnyScenario> {
  loaded ??= discoverScenarios();
  const found = (await loaded).find((s) => s.id === id);
  if (found === undefined) throw new MissingScenarioError(id);
  return found;
}
