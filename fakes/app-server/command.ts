/**
 * A model function call (`exec_command`) becomes a `commandExecution` item. Under an asking
 * approval policy the fake sends `item/commandExecution/requestApproval` (server-request ids from
 * 0) and waits. Faults modelled: a decline, a cancel (the turn ends interrupted), a JSON-RPC error
 * reply (the item fails and the turn goes on), and a client that never answers (the turn waits).
 * The fake never runs anything: a command "succeeds" with the output the script gave it.
 */
import { finishInterrupted, turnNotify, type ActiveTurn, type TurnEnv } from "./active-turn.ts";
import type { ServerRequestReply } from "./connection.ts";
import type { ModelItem } from "./model.ts";
import { commandItem } from "./payloads.ts";

type Outcome = "completed" | "declined" | "failed" | "cancel";

function parseCommand(raw: string): string {
  try {
    const parsed = JSON.parse(raw) as { cmd?: unknown };
    return Array.isArray(parsed.cmd) ? parsed.cmd.map(String).join(" ") : String(parsed.cmd ?? "");
  } catch {
    return raw;
  }
}

function asksForApproval(policy: unknown): boolean {
  return policy === "untrusted" || policy === "on-request" || (typeof policy === "object" && policy !== null);
}

function outcomeOf(reply: ServerRequestReply): Outcome {
  if (reply.kind === "error") return "failed";
  const decision = (reply.result as { decision?: unknown } | null | undefined)?.decision;
  if (decision === "decline") return "declined";
  if (decision === "cancel") return "cancel";
  if (decision === "accept" || decision === "acceptForSession") return "completed";
  if (typeof decision === "object" && decision !== null) return "completed";
  return "failed";
}

/** Returns the tool output for the model's follow-up call, or "cancel". */
export async function runCommand(env: TurnEnv, turn: ActiveTurn, call: Extract<ModelItem, { type: "function_call" }>): Promise<string | "cancel"> {
  const cmd = parseCommand(call.arguments);
  const output = call.fakeOutput ?? "";
  const ids = { threadId: turn.thread.id, turnId: turn.id };
  const cwd = turn.thread.cwd;
  const ask = asksForApproval(turn.approvalPolicy);
  if (ask) turnNotify(env, turn, "thread/status/changed", { threadId: turn.thread.id, status: { type: "active", activeFlags: ["waitingOnApproval"] } });
  const startedAtMs = env.world.clock.nowMs();
  const started = commandItem({ id: call.callId, cmd, cwd, status: "inProgress", times: { startedAtMs, completedAtMs: null } });
  turnNotify(env, turn, "item/started", { item: started, ...ids, startedAtMs });
  let outcome: Outcome = "completed";
  const amendment = cmd.split(/\s+/).filter(Boolean);
  if (ask) {
    if (!turn.isRunning) return "";
    const { id, reply } = env.conn.request("item/commandExecution/requestApproval", {
      kind: "command",
      ...ids,
      itemId: call.callId,
      startedAtMs,
      environmentId: "local",
      command: `/bin/bash -lc '${cmd}'`,
      cwd,
      commandActions: [{ type: "unknown", command: cmd }],
      proposedExecpolicyAmendment: amendment,
      availableDecisions: ["accept", { acceptWithExecpolicyAmendment: { execpolicy_amendment: amendment } }, "cancel"],
    });
    outcome = outcomeOf(await reply);
    turnNotify(env, turn, "serverRequest/resolved", { threadId: turn.thread.id, requestId: id });
  }
  if (outcome === "cancel") {
    finishInterrupted(env, turn);
    return "cancel";
  }
  const completedAtMs = env.world.clock.nowMs();
  const done = commandItem({ id: call.callId, cmd, cwd, status: outcome, output, times: { startedAtMs, completedAtMs } });
  turnNotify(env, turn, "item/completed", { item: done, ...ids, contentTokenCount: null, completedAtMs });
  // The real server races these two; item first is what it sends most often.
  if (ask) turnNotify(env, turn, "thread/status/changed", { threadId: turn.thread.id, status: { type: "active", activeFlags: [] } });
  return outcome === "completed" ? output : `command ${outcome}`;
}
