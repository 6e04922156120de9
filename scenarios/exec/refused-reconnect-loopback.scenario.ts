import { refusedReconnectScenario } from "./refused-reconnect.ts";

/** The same story over `ws` on 127.0.0.1: a refused upgrade (503) is a close 1006 for the client, as in the mock-socket adapter. */
export default refusedReconnectScenario({ id: "exec/refused-reconnect-not-cached-loopback", lane: "process", seeds: [1] });
