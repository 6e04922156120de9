import { helperStartupFaultScenario } from "./helper-startup-fault.story.ts";

export default helperStartupFaultScenario("startup-timeout", "openclaw@2026.5.28");
