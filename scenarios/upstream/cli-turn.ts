/**
 * Shared pieces of the OpenClaw 2026.9 CLI scenarios: one `openclaw agent --local` turn through the
 * published CLI and the pinned `@openclaw/codex` plugin, judged by what the CLI itself prints and
 * exits with. No historical 2026.9 release is known to behave differently on these faults, so the
 * scenarios are target-only.
 */
import type { Check } from "../../harness/scenario/types.ts";
import { CLI_DEADLINE_MS, type OpenClawCliRun } from "../../harness/upstream/openclaw-cli.ts";
import type { Json } from "../../harness/scenario/types.ts";
import { fail, pass } from "./kit.ts";

export const CLI_TARGET = "openclaw@2026.9.5";
/** The scenario runner's wall budget: the CLI's own deadline plus copying state and hashing modules. */
export const CLI_WALL_MS = CLI_DEADLINE_MS + 60_000;
export const CLI_MESSAGE = "Summarize the repository in one sentence.";

export function describeCli(o: OpenClawCliRun): string {
  if (o.timedOut) return "was still running at its deadline";
  const how = o.exitCode !== null ? `exited ${o.exitCode}` : `was killed by ${o.signal ?? "?"}`;
  return `${how}${o.error !== null ? ` with error "${o.error}"` : ""}${o.text !== null ? ` answering "${o.text}"` : ""}${o.stdoutInvalid ? " (stdout was not JSON)" : ""}`;
}

/** Every request OpenClaw made was answered, none with an error: the fake served the release as it is. */
export const fakeServedEveryRequest: Check<OpenClawCliRun> = {
  id: "safety:fake-answered-every-request",
  kind: "safety",
  description: "fake-codex answered every app-server request the CLI made, none with an error (no stubs, no shims)",
  check: ({ outcome: o }) => {
    const refused = o.requests.filter((r) => r.error !== null);
    if (refused.length > 0) return fail(`the fake refused ${refused.map((r) => `${r.method} ("${r.error}")`).join(", ")}`);
    return o.requests.length > 0 ? pass({ requests: o.requests.map((r) => r.method) }) : fail("the CLI made no app-server request");
  },
};

/** OpenClaw stops the app-servers it started before it exits: nothing of the run is left running. */
export const noProcessOutlivesTheCli: Check<OpenClawCliRun> = {
  id: "safety:no-process-outlives-the-cli",
  kind: "safety",
  description: "no app-server (or other process of the run) is still running after the CLI exited",
  check: ({ outcome: o }) => (o.leftovers.length === 0 ? pass({ appServerProcesses: o.appServerProcesses }) : fail(`still running after the CLI exited: ${o.leftovers.join(", ")}`)),
};

export function summarizeCli(o: OpenClawCliRun): Json {
  return {
    upstream: { ...o.upstream, plugin: { ...o.upstream.plugin }, modules: o.upstream.modules.map((m) => ({ ...m })) },
    exitCode: o.exitCode,
    signal: o.signal,
    timedOut: o.timedOut,
    text: o.text,
    error: o.error,
    stdoutInvalid: o.stdoutInvalid,
    stopReason: o.stopReason,
    appServerProcesses: o.appServerProcesses,
    appServerExits: o.appServerExits.map((e) => ({ ...e })),
    requests: o.requests.map((r) => ({ ...r })),
    leftovers: [...o.leftovers],
  };
}
