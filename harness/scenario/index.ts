export { defineScenario } from "./define.ts";
export { EXIT_CODES, VERDICTS, isCaught, type Verdict } from "./verdict.ts";
export type {
  AnyScenario,
  Budgets,
  Check,
  CheckInput,
  CheckResult,
  Json,
  Lane,
  MutantDef,
  ParamSpace,
  ScenarioContext,
  ScenarioDef,
  TraceRecord,
} from "./types.ts";
