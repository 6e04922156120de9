/** Helper 401 as a `thread/start` JSON-RPC error: the shape in the OpenClaw report. */
import { helper401Scenario } from "./helper-401.story.ts";

export default helper401Scenario("rpc-error", [
  {
    id: "clear-on-any-startup-failure",
    title: "the startup catch clears the shared client on any failure",
    recreates: "the pre-fix outer catch in run-attempt.ts (OpenClaw 2026.4.9–2026.5.2x before #87375)",
    impl: (base) => ({ ...base, policy: () => ({ clear: true, reason: "any-startup-failure" }) }),
  },
]);
