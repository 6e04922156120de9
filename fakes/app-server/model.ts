/**
 * The model port the fake app-server's turn engine asks what happens, plus the scripted in-process
 * model. Faults modelled: an HTTP error before the stream (401 and friends), a stream that stalls
 * (goes silent, never ends), a stream cut before `response.completed`, and delays before or
 * between events (on the world's clock). Events mirror the Responses-API SSE events one to one.
 */
import { sleep } from "../../src/runtime/clock.ts";
import { randomHex, type Random } from "../../src/runtime/random.ts";
import { sampleValue } from "../protocol/sample.ts";
import type { FakeWorld } from "../world.ts";
import { validateModelScript } from "./validate-script.ts";
import { DEFAULT_MODEL_TURN, type MessagePhase, type ModelResponseScript, type ModelScript, type ModelTurnScript } from "./script.ts";

export interface ModelRequest {
  readonly threadId: string;
  readonly turnId: string;
  /** 0 for the turn's first call; each retry or tool follow-up adds one. */
  readonly call: number;
  /** The user's text, or the tool output on a follow-up call. */
  readonly input: string;
  readonly model: string;
  /** The same call again after a failure (not a tool follow-up). */
  readonly retry?: boolean;
  /** A tool follow-up: the call id whose output `input` is. */
  readonly callId?: string;
  /** The turn's `outputSchema` (structured output), when it has one. */
  readonly outputSchema?: unknown;
  /** A review turn: codex asks the model as a review sub-agent of the thread. */
  readonly subagent?: "review";
}

export type ModelItem =
  | { readonly type: "message"; readonly id: string; readonly phase: MessagePhase | null; readonly text: string }
  | {
      readonly type: "function_call";
      readonly id: string;
      readonly callId: string;
      readonly name: string;
      readonly arguments: string;
      /** What the fake app-server reports as the command's output (a fake-only field; real codex runs the command). */
      readonly fakeOutput?: string;
    };

export interface ModelHttpErrorBody {
  readonly error: { readonly message: string; readonly type: string; readonly code: string | null };
}

export type ModelEvent =
  | { readonly type: "http-error"; readonly status: number; readonly body: ModelHttpErrorBody }
  | { readonly type: "created"; readonly responseId: string }
  | { readonly type: "item.added"; readonly item: ModelItem }
  | { readonly type: "text.delta"; readonly itemId: string; readonly delta: string }
  | { readonly type: "item.done"; readonly item: ModelItem }
  | { readonly type: "completed"; readonly usage: { readonly inputTokens: number; readonly outputTokens: number } };

/**
 * A model call: an async stream of events. A stream that ends without `completed` was cut; one that
 * never yields again has stalled. The turn engine owns timeouts.
 */
export interface ModelPort {
  respond(request: ModelRequest): AsyncIterable<ModelEvent>;
}

/** The event list one scripted response produces, with its pacing. */
export interface CompiledResponse {
  readonly events: readonly ModelEvent[];
  readonly end: "completed" | "stall" | "cut";
  readonly delayMs: number;
  readonly eventDelayMs: number;
}

export function compileResponse(script: ModelResponseScript, random: Random): CompiledResponse {
  if ("http" in script) {
    const { status } = script.http;
    const body: ModelHttpErrorBody = {
      error: {
        message: script.http.message ?? (status === 401 ? "Incorrect API key provided." : `HTTP ${status}`),
        type: script.http.type ?? (status === 401 ? "invalid_request_error" : "server_error"),
        code: script.http.code ?? (status === 401 ? "invalid_api_key" : null),
      },
    };
    return { events: [{ type: "http-error", status, body }], end: "completed", delayMs: 0, eventDelayMs: 0 };
  }
  const events: ModelEvent[] = [{ type: "created", responseId: `resp_${randomHex(random, 12)}` }];
  for (const output of script.output ?? []) {
    if (output.type === "message") {
      const id = `msg_${randomHex(random, 12)}`;
      const phase = output.phase ?? null;
      // The phase rides on output_item.done only, so `item/started` shows phase null (as 0.169.0 does).
      events.push({ type: "item.added", item: { type: "message", id, phase: null, text: "" } });
      for (const delta of output.deltas) events.push({ type: "text.delta", itemId: id, delta });
      if (output.done !== false) events.push({ type: "item.done", item: { type: "message", id, phase, text: output.deltas.join("") } });
    } else {
      const id = `fc_${randomHex(random, 12)}`;
      const callId = output.callId ?? `call_${randomHex(random, 6)}`;
      const base = { type: "function_call", id, callId, name: "exec_command", arguments: JSON.stringify({ cmd: output.cmd }) } as const;
      const item: ModelItem = output.output === undefined ? base : { ...base, fakeOutput: output.output };
      events.push({ type: "item.added", item }, { type: "item.done", item });
    }
  }
  const end = script.end ?? "completed";
  if (end === "completed") {
    const usage = script.usage ?? { inputTokens: 1200, outputTokens: 40 };
    events.push({ type: "completed", usage });
  }
  return { events, end, delayMs: script.delayMs ?? 0, eventDelayMs: script.eventDelayMs ?? 0 };
}

/** Picks call `call` of a turn script: an array is consumed in order and its last entry repeats. */
export function responseForCall(turn: ModelTurnScript, call: number): ModelResponseScript {
  if (!isResponseList(turn)) return turn;
  const picked = turn[Math.min(call, turn.length - 1)];
  return picked ?? DEFAULT_FINAL_RESPONSE;
}

function isResponseList(turn: ModelTurnScript): turn is readonly ModelResponseScript[] {
  return Array.isArray(turn);
}

const DEFAULT_FINAL_RESPONSE = responseForCall(DEFAULT_MODEL_TURN, 0);

/** The turn script for a model-global turn index: `turns[index]`, else `default`, else one final answer. */
export function scriptedTurn(script: ModelScript | undefined, turnIndex: number): ModelTurnScript {
  return script?.turns?.[turnIndex] ?? script?.default ?? DEFAULT_MODEL_TURN;
}

/** One final answer: the deterministic JSON value valid against `schema` (a script gives its own JSON as deltas). */
export function structuredTurn(schema: unknown): ModelTurnScript {
  return { output: [{ type: "message", phase: "final_answer", deltas: [JSON.stringify(sampleValue(schema))] }] };
}

/** Plays a compiled response on the world's clock. A stall never yields again. */
export async function* playCompiled(world: FakeWorld, compiled: CompiledResponse): AsyncGenerator<ModelEvent> {
  if (compiled.delayMs > 0) await sleep(world.clock, compiled.delayMs, { label: "model delay" });
  for (const [index, event] of compiled.events.entries()) {
    if (index > 0 && compiled.eventDelayMs > 0) await sleep(world.clock, compiled.eventDelayMs, { label: "model event gap" });
    yield event;
  }
  if (compiled.end === "stall") await new Promise<never>(() => {});
}

/** The scripted in-process model: per turn (counted across every server that shares it), what happens. */
export interface ScriptedModel extends ModelPort {
  /** Every request so far, in order (for assertions and traces). */
  readonly requests: readonly ModelRequest[];
}

export function createScriptedModel(options: { world: FakeWorld; script?: ModelScript; label?: string }): ScriptedModel {
  const { world } = options;
  if (options.script !== undefined) validateModelScript(options.script, "model script");
  const random = world.random(options.label ?? "fake-model");
  const turnIndexById = new Map<string, number>();
  const requests: ModelRequest[] = [];
  return {
    requests,
    respond(request) {
      requests.push(request);
      let index = turnIndexById.get(request.turnId);
      if (index === undefined) {
        index = turnIndexById.size;
        turnIndexById.set(request.turnId, index);
      }
      const scripted = options.script?.turns?.[index] ?? options.script?.default;
      // Structured output: with no script for the turn, the answer is JSON valid against the turn's outputSchema.
      const turn = scripted ?? (request.outputSchema === undefined ? DEFAULT_MODEL_TURN : structuredTurn(request.outputSchema));
      return playCompiled(world, compileResponse(responseForCall(turn, request.call), random));
    },
  };
}
