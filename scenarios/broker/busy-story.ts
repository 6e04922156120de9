/**
 * The busy-broker story both lanes tell: one client owns the notification stream with a turn that
 * never ends by itself; a second client's turn/start on the same thread is refused with -32001,
 * while its turn/interrupt goes through and ends the owner's turn. `connect` is the lane's way to
 * open a broker connection (an in-memory pair, or a real unix socket).
 */
import type { FakeCodexScript } from "../../fakes/app-server/script.ts";
import type { Check, ScenarioContext } from "../../harness/scenario/types.ts";
import { BROKER_BUSY_CODE, BROKER_BUSY_MESSAGE } from "../../src/broker/types.ts";
import type { CodexAppServerClient } from "../../src/codex/app-server-client.ts";
import { captureTurn } from "../../src/turn/capture-turn.ts";
import { turnClientFrom } from "../../src/turn/client-adapter.ts";
import type { CaptureTurnResult } from "../../src/turn/types.ts";

/** The model stalls after a commentary message, with no idle timeout: the turn stays open until interrupted. */
export const STALLED_TURN_SCRIPT: FakeCodexScript = {
  model: { turns: [{ output: [{ type: "message", phase: "commentary", deltas: ["Working…"] }], end: "stall" }] },
  provider: { streamIdleTimeoutMs: null },
};

export interface BusyOutcome {
  readonly busy: { readonly code: number | null; readonly message: string } | null;
  /** The interrupt's result, as JSON text. */
  readonly interruptResult: string;
  readonly ownerTurn: Pick<CaptureTurnResult, "status" | "via">;
}

const input = [{ type: "text" as const, text: "long task", text_elements: [] }];

export async function contendForStream(ctx: ScenarioContext<unknown>, connect: (name: string) => Promise<CodexAppServerClient>): Promise<BusyOutcome> {
  const owner = await connect("client-owner");
  const { thread } = await owner.threadStart({});
  const turnStarted = new Promise<{ turn: { id: string } }>((resolve) => owner.onNotification("turn/started", resolve));
  const ownerTurn = ctx.track(
    "captureTurn(client-owner)",
    captureTurn(turnClientFrom(owner), { threadId: thread.id, start: () => owner.turnStart({ threadId: thread.id, input }), clock: ctx.clock, emit: ctx.emit }),
  );
  const { turn } = await ctx.track("turn/started at the owner", turnStarted);
  const second = await connect("client-second");
  const busy = await second.turnStart({ threadId: thread.id, input }).then(
    () => null,
    (error: unknown) => {
      const code = (error as { code?: unknown }).code;
      return { code: typeof code === "number" ? code : null, message: error instanceof Error ? error.message : String(error) };
    },
  );
  if (busy !== null) ctx.probe("broker.refused-second-stream");
  const interruptResult = JSON.stringify(await ctx.track("turn/interrupt from client-second", second.turnInterrupt({ threadId: thread.id, turnId: turn.id })));
  const ended = await ownerTurn;
  return { busy, interruptResult, ownerTurn: { status: ended.status, via: ended.via } };
}

export const secondStreamRefused = <O extends BusyOutcome>(): Check<O> => ({
  id: "safety:second-stream-refused",
  kind: "safety",
  description: `the second client's turn/start is refused with ${BROKER_BUSY_CODE} "${BROKER_BUSY_MESSAGE}"`,
  check: ({ outcome: { busy } }) =>
    busy?.code === BROKER_BUSY_CODE && busy.message === BROKER_BUSY_MESSAGE ? { ok: true } : { ok: false, message: `got ${JSON.stringify(busy)}` },
});

export const interruptAllowed = <O extends BusyOutcome>(): Check<O> => ({
  id: "safety:interrupt-allowed",
  kind: "safety",
  description: "turn/interrupt from another client reaches the app-server and ends the owner's turn as interrupted",
  check: ({ outcome }) =>
    outcome.interruptResult === "{}" && outcome.ownerTurn.status === "interrupted" && outcome.ownerTurn.via === "turn-completed"
      ? { ok: true }
      : { ok: false, message: `interrupt → ${outcome.interruptResult}, owner turn ${outcome.ownerTurn.status} via ${outcome.ownerTurn.via}` },
});
