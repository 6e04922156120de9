/**
 * The story kits `pnpm scenarios new --kit <name>` builds on. Each kit has one public edge under
 * scenarios/ (`<dir>/index.ts`) and a template for a complete scenario that passes on src and
 * catches its mutant as generated (scaffold.test.ts runs every one).
 */
import type { Kit } from "./kit-types.ts";
import { blackboxTemplate } from "./templates/blackbox.ts";
import { brokerTemplate } from "./templates/broker.ts";
import { execTemplate } from "./templates/exec.ts";
import { sessionsTemplate } from "./templates/sessions.ts";
import { sharedClientTemplate } from "./templates/shared-client.ts";
import { turnTemplate } from "./templates/turn.ts";

export const KITS: readonly Kit[] = [
  {
    name: "turn",
    index: "turn/index.ts",
    summary: "one captureTurn against a fake app-server with a fault script (exit, crash, stall, error); turns that hang or end wrongly",
    lane: "deterministic",
    template: turnTemplate,
  },
  {
    name: "shared-client",
    index: "codex/index.ts",
    summary: "runCodexAttempt on the shared leased app-server registry; startup retries, helper failures that tear down the parent, stale clients",
    lane: "deterministic",
    template: sharedClientTemplate,
  },
  {
    name: "broker",
    index: "broker/index.ts",
    summary: "the broker between clients and one fake app-server; upstream crashes, graceful shutdown, two clients on one stream",
    lane: "deterministic",
    template: brokerTemplate,
  },
  {
    name: "exec",
    index: "exec/index.ts",
    summary: "the lazy exec-server client over a websocket to the fake exec-server; dead clients cached, reconnect races, refused connects",
    lane: "deterministic",
    template: execTemplate,
  },
  {
    name: "sessions",
    index: "sessions/index.ts",
    summary: "transcript locks, owners and recovery over real temp files; lost or overwritten lines, concurrent attempts, busy lanes reset",
    lane: "deterministic",
    template: sessionsTemplate,
  },
  {
    name: "blackbox",
    index: "blackbox/index.ts",
    summary: "any client command against fake-codex on PATH, real clock (Linux); hangs, exit codes, output, leftover processes",
    lane: "black-box",
    template: blackboxTemplate,
  },
];

export const DEFAULT_KIT = "turn";

export function findKit(name: string): Kit | undefined {
  return KITS.find((k) => k.name === name);
}
