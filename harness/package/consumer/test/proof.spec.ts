import { registerScenarios } from "codex-lifecycle-proof/vitest";

// Every scenario under proof/ as tests of this suite (lanes, seeds and deadlineScale from codex-proof.config.json).
await registerScenarios({ scenarioDirs: ["proof"] });
