import { helper401Scenario } from "./helper-401.story.ts";

export default helper401Scenario("turn-error");
