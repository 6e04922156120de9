/**
 * Known-bad fakes for the golden scenarios, as transcript rewrites of the faithful fake's output.
 * Each re-creates an infidelity of codex-plugin-cc's test fixture (reference §13.4) or the
 * assumption PR #243 is about, so the fidelity check must catch it.
 */
import type { Json } from "../scenario/types.ts";
import type { Transcript, TranscriptEntry } from "./transcript.ts";

type Rewrite = (transcript: Transcript) => Transcript;

const method = (e: TranscriptEntry): unknown => (e.dir === "recv" ? (e.msg as { method?: Json }).method : undefined);

/** The fixture sends notifications without `emittedAtMs`. */
export const withoutEmittedAtMs: Rewrite = (t) => ({
  ...t,
  entries: t.entries.map((e): TranscriptEntry => {
    if (e.dir !== "recv" || typeof method(e) !== "string") return e;
    const { emittedAtMs: _dropped, ...rest } = e.msg as Record<string, Json>;
    return { ...e, msg: rest };
  }),
});

/** The fixture never sends `thread/status/changed`. */
export const withoutStatusChanges: Rewrite = (t) => ({
  ...t,
  entries: t.entries.filter((e) => method(e) !== "thread/status/changed"),
});

/** A fake that "politely" completes the turn when its stdin closes or it gets SIGTERM; the real server never does. */
export const terminalNotificationOnClose: Rewrite = (t) => {
  const exitAt = t.entries.findIndex((e) => e.dir === "exit");
  const turnStarted = t.entries.find((e) => method(e) === "turn/started");
  const params = turnStarted?.dir === "recv" ? ((turnStarted.msg as { params?: Record<string, Json> }).params ?? {}) : {};
  const turn = { ...((params["turn"] as Record<string, Json> | undefined) ?? {}), status: "interrupted", itemsView: "notLoaded", items: [] };
  const bogus: TranscriptEntry = { dir: "recv", tMs: 0, msg: { method: "turn/completed", params: { ...params, turn }, emittedAtMs: 0 } };
  return { ...t, entries: [...t.entries.slice(0, exitAt), bogus, ...t.entries.slice(exitAt)] };
};
