/**
 * The live lane's model script as a ModelPort for the fake app-server, so one script drives both
 * the real binary (through the loopback model server) and the fake (in process). Each reply maps
 * one to one onto the Responses-API events the loopback server streams.
 */
import type { ModelEvent, ModelPort, ModelRequest } from "../../fakes/app-server/index.ts";
import type { ModelHttpErrorBody } from "../../fakes/app-server/model.ts";
import { pickReply, type ModelReply, type ModelScript } from "./model-script.ts";

export class UnhandledModelRequestError extends Error {
  constructor(request: ModelRequest) {
    super(`fake model API: no rule matches the request for turn ${request.turnId} (input ${JSON.stringify(request.input.slice(0, 80))})`);
    this.name = "UnhandledModelRequestError";
  }
}

function httpBody(body: unknown): ModelHttpErrorBody {
  const error = (body as { error?: Partial<ModelHttpErrorBody["error"]> } | null)?.error ?? {};
  return { error: { message: error.message ?? "", type: error.type ?? "", code: error.code ?? null } };
}

function eventsFor(reply: ModelReply, n: number): ModelEvent[] {
  if (reply.kind === "http-error") return [{ type: "http-error", status: reply.status, body: httpBody(reply.body) }];
  const id = `msg_${n}`;
  const events: ModelEvent[] = [
    { type: "created", responseId: `resp_${n}` },
    { type: "item.added", item: { type: "message", id, phase: null, text: "" } },
    ...reply.deltas.map((delta): ModelEvent => ({ type: "text.delta", itemId: id, delta })),
  ];
  if (reply.kind === "stall") return events;
  const item = { type: "message", id, phase: reply.phase ?? null, text: reply.deltas.join("") } as const;
  return [...events, { type: "item.done", item }, { type: "completed", usage: { inputTokens: 12, outputTokens: 4 } }];
}

async function* play(reply: ModelReply, n: number): AsyncGenerator<ModelEvent> {
  for (const event of eventsFor(reply, n)) yield event;
  if (reply.kind === "stall") await new Promise<never>(() => {});
}

export function modelPortFromScript(script: ModelScript): ModelPort & { readonly requests: readonly ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    requests,
    respond(request) {
      requests.push(request);
      const reply = pickReply(script, request.input);
      if (reply === undefined) throw new UnhandledModelRequestError(request);
      return play(reply, requests.length);
    },
  };
}
