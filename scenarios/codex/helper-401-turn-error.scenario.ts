/**
 * Helper 401 as the real codex 0.169.0 reports it: spawn and handshake succeed, the helper's turn
 * fails (`error {httpConnectionFailed:{httpStatusCode:401}}`, then `turn/completed` failed).
 */
import { helper401Scenario } from "./helper-401.story.ts";

export default helper401Scenario("turn-error", [
  {
    id: "clear-on-any-attempt-failure",
    title: "the attempt's catch clears the shared client on any failure, turn failures included",
    recreates: "the pre-fix outer catch, reached through the turn-level 401 the real binary emits",
    impl: (base) => ({ ...base, turnPolicy: () => ({ clear: true, reason: "any-attempt-failure" }) }),
  },
]);
