/**
 * The broker process with its safeguards switched by `BROKER_VARIANT` (a comma list of
 * `no-upstream-watchdog`, `no-shutting-down-guard`), so process-lane mutants run the known-bad
 * broker as a real process. Same arguments as src/broker/main.ts.
 */
import { parseServeArgs, serve } from "../../src/broker/main.ts";

const variant = new Set((process.env["BROKER_VARIANT"] ?? "").split(",").filter(Boolean));
try {
  // The process lane passes its deadline scale: a loaded machine must not fail the broker's start-up.
const initializeTimeoutMs = Number(process.env["BROKER_INITIALIZE_TIMEOUT_MS"] ?? "");
await serve({ ...parseServeArgs(process.argv.slice(2)), ...(Number.isInteger(initializeTimeoutMs) && initializeTimeoutMs > 0 ? { initializeTimeoutMs } : {}) }, {
    exitWatchdog: !variant.has("no-upstream-watchdog"),
    shuttingDownGuard: !variant.has("no-shutting-down-guard"),
  });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
