export { DEFAULT_KIT, findKit, KITS } from "./kits.ts";
export type { Kit, TemplateInput } from "./kit-types.ts";
export { renderScenario, SCENARIO_ID, ScaffoldError, scaffoldScenario, type ScaffoldRequest, type Scaffolded } from "./scaffold.ts";
