import { concurrentGetScenario } from "./concurrent-get.ts";

/** The main case again in the process lane: `ws` on 127.0.0.1 and the real clock. */
export default concurrentGetScenario({ id: "exec/concurrent-get-2-after-disconnect-loopback", callers: 2, lane: "process", seeds: [1] });
