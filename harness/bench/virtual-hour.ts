/**
 * One virtual hour of diagnostic heartbeats and stuck-session recovery, composed from src/sessions
 * on the SimKernel. A visible lane runs a 200 s embedded run on the transcript every 5 minutes;
 * six sibling keys' lanes on the same transcript (through an alias directory) stall every 4 to 6.5
 * minutes with a queued turn behind them. The heartbeat (every 30 s, stuck after 120 s) asks
 * recovery about each stuck sibling: while the file is busy recovery only observes; once it is free
 * recovery releases the lane. The bench divides the
 * simulated seconds by the wall seconds it took.
 */
import { SimKernel } from "../sim/kernel.ts";
import { sleep, type Clock } from "../../src/runtime/clock.ts";
import { nodeFileSystem } from "../../src/runtime/node-fs.ts";
import {
  createActiveRunRegistry,
  createCommandLanes,
  createDiagnosticSessionStore,
  createStuckSessionRecovery,
  startDiagnosticHeartbeat,
  type RecoveryOutcome,
  type SessionFileKeyFn,
} from "../../src/sessions/index.ts";

export const VIRTUAL_HOUR_MS = 60 * 60 * 1000;
const VISIBLE = "agent:main:visible";
const SIBLING_PREFIX = "agent:main:fallback-";
export const DEFAULT_SIBLINGS = 6;
const FILE = "/sessions/main.jsonl";
const SIBLING_FILE = "/alias/main.jsonl";
const VISIBLE_EVERY_MS = 300_000;
const VISIBLE_RUN_MS = 200_000;
const SIBLING_EVERY_MS = 240_000;
const SIBLING_EVERY_STEP_MS = 30_000;
const SIBLING_OFFSET_MS = 10_000;

/** The sibling reaches the transcript through an alias directory (like /var vs /private/var). */
const aliasKey: SessionFileKeyFn = (_fs, file) => Promise.resolve(file.replace("/alias/", "/sessions/"));

export interface VirtualHourResult {
  readonly settled: boolean;
  readonly virtualMs: number;
  readonly steps: number;
  readonly heartbeatTicks: number;
  /** Recovery outcomes for the sibling key, by `status/action`. */
  readonly outcomes: Readonly<Record<string, number>>;
  readonly visibleRuns: number;
  readonly siblings: number;
  readonly siblingStalls: number;
}

async function everyUntil(clock: Clock, endMs: number, periodMs: number, offsetMs: number, body: () => Promise<void>): Promise<void> {
  await sleep(clock, offsetMs, { label: "first cycle" });
  while (clock.nowMs() + periodMs <= endMs) {
    const cycleEnd = clock.nowMs() + periodMs;
    await body();
    await sleep(clock, Math.max(0, cycleEnd - clock.nowMs()), { label: "next cycle" });
  }
}

export async function runVirtualHour(options: { readonly seed: number; readonly virtualMs?: number; readonly siblings?: number }): Promise<VirtualHourResult> {
  const durationMs = options.virtualMs ?? VIRTUAL_HOUR_MS;
  const siblings = options.siblings ?? DEFAULT_SIBLINGS;
  const kernel = new SimKernel({ seed: options.seed, policy: { kind: "seeded" }, budgets: { virtualMs: durationMs + 60_000, steps: 1_000_000 } });
  const clock = kernel.world.clock;
  const emit = kernel.world.emit;
  const endMs = clock.nowMs() + durationMs;
  const diagnostics = createDiagnosticSessionStore({ clock });
  const activeRuns = createActiveRunRegistry({ fs: nodeFileSystem, emit, resolveKey: aliasKey, diagnostics });
  const lanes = createCommandLanes({ emit });
  const recover = createStuckSessionRecovery({ activeRuns, lanes, diagnostics, emit });
  const outcomes: Record<string, number> = {};
  let visibleRuns = 0;
  let siblingStalls = 0;
  const heartbeat = startDiagnosticHeartbeat({
    clock,
    diagnostics,
    lanes,
    recover,
    emit,
    onOutcome: (request, outcome: RecoveryOutcome) => {
      if (request.sessionKey?.startsWith(SIBLING_PREFIX) !== true || request.sessionId === undefined) return;
      const key = `${outcome.status}/${outcome.action}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      if (outcome.status === "released") diagnostics.update({ sessionId: request.sessionId, status: "idle" });
    },
  });

  const visibleLane = everyUntil(clock, endMs, VISIBLE_EVERY_MS, 0, async () => {
    const handle = { runId: `visible-${++visibleRuns}` };
    await activeRuns.set({ sessionId: "visible", sessionKey: VISIBLE, sessionFile: FILE, handle });
    await sleep(clock, VISIBLE_RUN_MS, { label: `model ${handle.runId}` });
    activeRuns.clear({ sessionId: "visible", handle });
    diagnostics.update({ sessionId: "visible", status: "idle" });
  });
  const siblingLanes = Array.from({ length: siblings }, (_, i) => {
    const laneKey = `${SIBLING_PREFIX}${i}`;
    const periodMs = SIBLING_EVERY_MS + i * SIBLING_EVERY_STEP_MS;
    return everyUntil(clock, endMs, periodMs, SIBLING_OFFSET_MS * (i + 1), () => {
      siblingStalls++;
      lanes.enqueue(laneKey, { label: `stalled-${siblingStalls}`, run: () => new Promise<void>(() => {}) });
      lanes.enqueue(laneKey, { label: `queued-${siblingStalls}`, run: () => Promise.resolve() });
      diagnostics.update({ sessionId: `fallback-${i}`, sessionKey: laneKey, sessionFile: SIBLING_FILE, status: "processing" });
      return Promise.resolve();
    });
  });
  const hour = Promise.all([visibleLane, ...siblingLanes, sleep(clock, durationMs, { label: "the virtual hour" })]);
  const result = await kernel.runUntil(kernel.track("virtual hour", hour));
  heartbeat.stop();
  const stats = kernel.stats();
  return { settled: result.kind === "settled", virtualMs: stats.virtualMs, steps: stats.steps, heartbeatTicks: heartbeat.ticks, outcomes, visibleRuns, siblings, siblingStalls };
}
