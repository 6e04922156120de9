import { concurrentGetScenario } from "./concurrent-get.ts";

export default concurrentGetScenario({ id: "exec/concurrent-get-16-after-disconnect", callers: 16, lane: "deterministic", seeds: [1, 2, 3] });
