/**
 * Live exec golden case "resume-unknown": the real `codex exec --experimental-json` (in a loopback-only network
 * namespace) and the fake run the same steps and model scripts; their transcripts must not differ.
 */
import { execGoldenScenario } from "../../harness/live/exec-golden-scenario.ts";

export default execGoldenScenario("resume-unknown");
