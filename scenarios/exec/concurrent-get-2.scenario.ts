import { concurrentGetScenario } from "./concurrent-get.ts";

export default concurrentGetScenario({ id: "exec/concurrent-get-2-after-disconnect", callers: 2, lane: "deterministic", seeds: [1, 2, 3] });
