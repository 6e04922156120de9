/**
 * Live golden case "review": the real codex app-server (in a loopback-only network namespace) and the
 * fake run the same model fault script and client; their transcripts must not differ.
 */
import { goldenScenario } from "../../harness/live/golden-scenario.ts";

export default goldenScenario("review");
