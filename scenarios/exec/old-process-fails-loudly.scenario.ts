/**
 * A process started before the disconnect stays bound to its dead client: the read in flight and
 * the next read fail with the disconnect error instead of hanging, and nothing is resumed. Fresh
 * work after the disconnect goes through get() and lands on a brand-new session.
 */
import { defineScenario } from "../../harness/scenario/define.ts";
import { describeClient, execImpl, oneShotCache, settle, stageWebSocketExec, type ExecImpl } from "./exec-world.ts";

const DISCONNECT_ERROR = "ExecServerDisconnectedError";

interface Outcome {
  readonly firstRead: { readonly ok: boolean; readonly chunks: number };
  readonly inFlightRead: { readonly ok: boolean; readonly error?: string; readonly message?: string };
  readonly nextRead: { readonly ok: boolean; readonly error?: string; readonly message?: string };
  readonly replacement: { readonly ok: boolean; readonly sessionId?: string; readonly connected?: boolean; readonly error?: string };
  readonly freshProcessExit: number | string;
  readonly firstSessionId: string;
}

function asFailure(r: Awaited<ReturnType<typeof settle>>): { ok: boolean; error?: string; message?: string } {
  return r.ok ? { ok: true } : { ok: false, error: r.error.name, message: r.error.message };
}

export default defineScenario<ExecImpl, Outcome>({
  id: "exec/old-process-fails-loudly",
  title: "a process started before the disconnect fails its next read with the disconnect error, never hangs",
  behavior:
    "openai/codex#23867 scope: old process handles bound to the dead websocket client keep failing through the disconnect path; no resume, no replay; new work gets a fresh session",
  lane: "deterministic",
  seeds: [1, 2, 3, 4, 5],
  impl: execImpl,
  async run(ctx, impl) {
    // Connection 1 dies abnormally mid-process, right after the process's first output chunk.
    const { lazy } = await stageWebSocketExec(ctx, impl, {
      script: { closeMidProcess: [{ connection: 1, afterOutputChunks: 1, code: 1006 }] },
      program: (argv) =>
        argv[0] === "true"
          ? { output: [], exitAtMs: 3, exitCode: 0 }
          : { output: [{ atMs: 5, stream: "stdout", text: "tick\n" }, { atMs: 50, stream: "stdout", text: "tock\n" }], exitAtMs: 60_000, exitCode: 0 },
    });
    const first = await ctx.track("first get()", lazy.get());
    const old = await ctx.track("start p1", first.startProcess({ processId: "p1", argv: ["sleep", "60"], cwd: "file:///work" }));

    const firstRead = await ctx.track("read p1 (first chunk)", settle(old.read({ afterSeq: 0, waitMs: 1_000 })));
    // A long poll for more output is in flight (or sent) while the connection dies under it.
    const inFlightRead = await ctx.track("read p1 in flight across the disconnect", settle(old.read({ afterSeq: 1, waitMs: 30_000 })));
    await ctx.track("first client sees the disconnect", first.whenDisconnected);
    ctx.probe("exec.disconnect.mid-process");
    const nextRead = await ctx.track("read p1 after the disconnect", settle(old.read({ afterSeq: 1 })));

    // Fresh work goes through get(): a new session, where p1 does not exist (nothing was resumed).
    const replacement = await ctx.track("get() after the disconnect", settle(lazy.get()));
    let freshProcessExit: number | string = "not started";
    if (replacement.ok) {
      const fresh = await settle(replacement.value.startProcess({ processId: "p2", argv: ["true"], cwd: "file:///work" }));
      if (fresh.ok) {
        const done = await ctx.track("read p2 to exit", settle(fresh.value.read({ afterSeq: 0, waitMs: 120_000 })));
        freshProcessExit = done.ok ? (done.value.exitCode ?? "running") : done.error.name;
        if (done.ok && replacement.value !== first) ctx.probe("exec.reconnect.after-disconnect");
      } else {
        freshProcessExit = fresh.error.name;
      }
    }
    return {
      firstRead: { ok: firstRead.ok, chunks: firstRead.ok ? firstRead.value.chunks.length : 0 },
      inFlightRead: asFailure(inFlightRead),
      nextRead: asFailure(nextRead),
      replacement: replacement.ok ? { ok: true, ...describeClient(replacement.value) } : { ok: false, error: replacement.error.name },
      freshProcessExit,
      firstSessionId: first.sessionId,
    };
  },
  checks: [
    {
      id: "safety:exec-old-handle-fails-loudly",
      kind: "safety",
      description: "reads on the old process handle fail with the disconnect error (the one in flight and the next)",
      check: ({ outcome }) =>
        outcome.inFlightRead.error === DISCONNECT_ERROR && outcome.nextRead.error === DISCONNECT_ERROR
          ? { ok: true, evidence: { message: outcome.nextRead.message ?? "" } }
          : { ok: false, message: `in flight: ${outcome.inFlightRead.error ?? "ok"}, next: ${outcome.nextRead.error ?? "ok"}` },
    },
    {
      id: "safety:exec-output-before-disconnect-delivered",
      kind: "safety",
      description: "output produced before the disconnect reached the old handle",
      check: ({ outcome }) => (outcome.firstRead.ok && outcome.firstRead.chunks === 1 ? { ok: true } : { ok: false, message: `first read: ${JSON.stringify(outcome.firstRead)}` }),
    },
    {
      id: "liveness:exec-fresh-work-on-new-session",
      kind: "liveness",
      description: "after the disconnect, get() gives a connected client on a new session where a new process runs to exit",
      check: ({ outcome }) =>
        outcome.replacement.ok && outcome.replacement.connected === true && outcome.replacement.sessionId !== outcome.firstSessionId && outcome.freshProcessExit === 0
          ? { ok: true }
          : { ok: false, message: `replacement ${JSON.stringify(outcome.replacement)}, fresh process exit ${String(outcome.freshProcessExit)}` },
    },
  ],
  probes: ["exec.disconnect.mid-process", "exec.reconnect.after-disconnect"],
  mutants: [oneShotCache],
  notTested: ["resume of the old session (resumeSessionId) and replay of retained output: later upstream work (#28512)"],
});
