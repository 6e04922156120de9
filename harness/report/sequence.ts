/**
 * A run's story as messages between three parties — the client under test, the (fake)
 * app-server, the model API (and an exec-server when there is one) — read from a proof report's
 * trace: who sent what, where a fault struck, where an invariant first broke, where a hang set in.
 * Shared by the Mermaid diagrams in summary.md and the HTML timeline.
 */
import type { ProofReport } from "./proof-report.ts";

/** `client`, `model`, `exec-server`, or `app-server <name>` (one per process: `app-server codex:4000`). */
export type Party = string;

export type SequenceItem =
  | { readonly kind: "message"; readonly step: number; readonly tMs: number; readonly from: Party; readonly to: Party; readonly text: string; readonly failed: boolean; readonly count: number }
  | { readonly kind: "fault"; readonly step: number; readonly tMs: number; readonly at: Party; readonly text: string }
  | { readonly kind: "note"; readonly step: number; readonly tMs: number; readonly at: Party; readonly text: string }
  | { readonly kind: "violation"; readonly step: number; readonly tMs: number; readonly invariant: string; readonly text: string }
  | { readonly kind: "hang"; readonly step: number; readonly tMs: number; readonly text: string };

interface TraceEvent {
  readonly step: number;
  readonly tMs: number;
  readonly event: { readonly kind: string; readonly [key: string]: unknown };
}

/** Client-side lifecycle decisions worth a note: the places a lifecycle bug shows itself. */
const CLIENT_NOTES = /(?:clear|closed|failed|retire|takeover|exit-observed|disconnect|replaced|completed)$/;

export function traceOf(report: ProofReport): readonly TraceEvent[] {
  const trace = (report.core["trace"] ?? report.observed?.["trace"]) as { events?: unknown } | undefined;
  return Array.isArray(trace?.events) ? (trace.events as TraceEvent[]) : [];
}

/** Every item of the run, in trace order; violations and the hang placed at their step. */
export function sequenceOf(report: ProofReport): SequenceItem[] {
  lastServer = "app-server";
  pidServer.clear();
  const items: SequenceItem[] = [];
  for (const { step, tMs, event } of traceOf(report)) {
    const item = itemOf(step, tMs, event);
    if (item === undefined) continue;
    const last = items.at(-1);
    if (item.kind === "message" && last?.kind === "message" && last.from === item.from && last.to === item.to && last.text === item.text && !item.failed) {
      items[items.length - 1] = { ...last, count: last.count + 1 };
    } else items.push(item);
  }
  const markers: SequenceItem[] = [];
  for (const inv of invariantsOf(report)) {
    const v = inv.firstViolation;
    if (inv.status === "fail" && v !== undefined) markers.push({ kind: "violation", step: v.step, tMs: v.tMs, invariant: inv.id, text: v.message });
  }
  const hang = (report.core["hang"] ?? report.observed?.["hang"]) as { atStep?: number; atMs?: number; pending?: readonly string[]; reason?: string } | undefined;
  if (hang !== undefined && typeof hang.atStep === "number") {
    markers.push({ kind: "hang", step: hang.atStep, tMs: hang.atMs ?? 0, text: `${hang.reason ?? "hang"}; pending: ${(hang.pending ?? []).join(", ") || "nothing named"}` });
  }
  for (const marker of markers) {
    let at = items.length;
    while (at > 0 && (items[at - 1]?.step ?? 0) > marker.step) at -= 1;
    items.splice(at, 0, marker);
  }
  return items;
}

/**
 * At most `maxItems` items around the fault: from a few before the first fault (or the first
 * violation) to just past the first violation. Says how many items were left out on each side.
 */
export function windowAroundFault(items: readonly SequenceItem[], maxItems = 36): { items: SequenceItem[]; before: number; after: number } {
  const fault = items.findIndex((i) => i.kind === "fault");
  const broke = items.findIndex((i) => i.kind === "violation" || i.kind === "hang");
  const anchor = fault !== -1 ? fault : broke !== -1 ? broke : Math.max(0, items.length - maxItems);
  let start = Math.max(0, anchor - Math.floor(maxItems / 3));
  let end = Math.max(anchor, broke) + 3;
  if (end - start > maxItems) {
    // Keep the fault's lead-in and the break itself; drop the middle's tail end first.
    end = start + maxItems;
    if (broke !== -1 && broke >= end) start = Math.max(0, broke - maxItems + 3);
    end = Math.min(items.length, start + maxItems);
  }
  end = Math.min(items.length, end);
  return { items: items.slice(start, end), before: start, after: items.length - end };
}

// The app-server a model request or an unnamed fault belongs to: the last one that spoke.
let lastServer: Party = "app-server";
const pidServer = new Map<string, Party>();

function server(e: TraceEvent["event"]): Party {
  const name = typeof e["server"] === "string" ? e["server"] : "";
  lastServer = name === "" ? "app-server" : `app-server ${name}`;
  const pid = /:(\d+)$/.exec(name)?.[1];
  if (pid !== undefined) pidServer.set(pid, lastServer);
  return lastServer;
}

function itemOf(step: number, tMs: number, e: TraceEvent["event"]): SequenceItem | undefined {
  const str = (key: string): string => (typeof e[key] === "string" || typeof e[key] === "number" ? String(e[key]) : "");
  switch (e.kind) {
    case "appserver.recv":
      return { kind: "message", step, tMs, from: "client", to: server(e), text: withId(str("method"), e["id"]), failed: false, count: 1 };
    case "appserver.send": {
      const type = str("type");
      const failed = type === "error";
      const text = failed ? `${withId(str("method"), e["id"])} error ${str("code")}` : type === "notification" ? str("method") : `${withId(str("method"), e["id"])} result`;
      return { kind: "message", step, tMs, from: server(e), to: "client", text, failed, count: 1 };
    }
    case "appserver.fault":
      return { kind: "fault", step, tMs, at: server(e), text: `${str("rule")}: ${str("action")} at ${str("at")}` };
    case "modelapi.request": {
      const status = Number(e["status"]);
      return { kind: "message", step, tMs, from: lastServer, to: "model", text: `POST /v1/responses (turn ${str("turn")}) → ${str("status")}`, failed: status >= 400, count: 1 };
    }
    case "process.spawn":
      return { kind: "note", step, tMs, at: `app-server ${str("command")}:${str("pid")}`, text: `process ${str("pid")} started` };
    case "process.exit":
      return { kind: "note", step, tMs, at: pidServer.get(str("pid")) ?? `app-server codex:${str("pid")}`, text: `process ${str("pid")} exited (code ${str("code") || "null"}, signal ${str("signal") || "null"})` };
    case "exec-server.disconnect":
      return { kind: "fault", step, tMs, at: "exec-server", text: `disconnect connection ${str("connection")} (${str("by")})` };
    case "exec-server.connection.accepted":
      return { kind: "message", step, tMs, from: "client", to: "exec-server", text: `connect #${str("connection")}`, failed: false, count: 1 };
    case "exec-server.attempt":
      return e["accepted"] === false ? { kind: "message", step, tMs, from: "client", to: "exec-server", text: `connect refused`, failed: true, count: 1 } : undefined;
    case "exec-server.session":
      return { kind: "message", step, tMs, from: "exec-server", to: "client", text: `session ${e["resumed"] === true ? "resumed" : "new"}`, failed: false, count: 1 };
    case "blackbox.hang":
      return { kind: "note", step, tMs, at: "client", text: "client killed at its deadline" };
    case "probe":
      return undefined;
    default:
      if (/^(?:shared-client|startup|codex-client|turn\.capture|exec\.lazy|attempt|broker|session)\./.test(e.kind) && CLIENT_NOTES.test(e.kind)) {
        return { kind: "note", step, tMs, at: "client", text: e.kind };
      }
      if (e.kind.endsWith(".fault") || e.kind.endsWith(".disconnect")) return { kind: "fault", step, tMs, at: lastServer, text: e.kind };
      return undefined;
  }
}

function withId(method: string, id: unknown): string {
  return typeof id === "number" || typeof id === "string" ? `${method} (id ${id})` : method;
}

interface InvariantView {
  readonly id: string;
  readonly status: string;
  readonly firstViolation?: { readonly step: number; readonly tMs: number; readonly message: string };
}

function invariantsOf(report: ProofReport): readonly InvariantView[] {
  const list = report.core["invariants"] ?? report.observed?.["invariants"];
  return Array.isArray(list) ? (list as unknown as InvariantView[]) : [];
}

/** The client first, app-servers in order of appearance, then the exec-server and the model. */
export function partiesOf(items: readonly SequenceItem[]): Party[] {
  const used = new Set<Party>(["client"]);
  for (const i of items) {
    if (i.kind === "message") {
      used.add(i.from);
      used.add(i.to);
    } else if (i.kind === "fault" || i.kind === "note") used.add(i.at);
  }
  const rank = (p: Party): number => (p === "client" ? 0 : p === "exec-server" ? 2 : p === "model" ? 3 : 1);
  return [...used].sort((a, b) => rank(a) - rank(b));
}
