import { refusedReconnectScenario } from "./refused-reconnect.ts";

export default refusedReconnectScenario({ id: "exec/refused-reconnect-not-cached", lane: "deterministic", seeds: [1, 2, 3] });
