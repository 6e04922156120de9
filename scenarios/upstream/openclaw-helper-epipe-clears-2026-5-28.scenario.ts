import { helperStartupFaultScenario } from "./helper-startup-fault.story.ts";

export default helperStartupFaultScenario("epipe", "openclaw@2026.5.28");
