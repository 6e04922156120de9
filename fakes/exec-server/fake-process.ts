/**
 * A scripted exec-server process: output chunks at virtual offsets, then an exit, all on the
 * world's clock. `process/read` long-polls up to `waitMs` for new output. Ending the process (its
 * connection closed) cancels everything outstanding: nothing is retained for a resume.
 * Faults modelled: a process that is still running when its connection dies.
 */
import type { TimerId } from "../../src/runtime/clock.ts";
import type { ExecServerNotifications, ProcessChunk, ProcessReadParams, ProcessReadResult } from "../../src/exec/protocol.ts";
import type { FakeWorld } from "../world.ts";
import type { ScriptedProcess } from "./fault-script.ts";

type Notify = <M extends keyof ExecServerNotifications>(method: M, params: ExecServerNotifications[M]) => void;

export class FakeExecProcess {
  private seq = 0;
  private readonly chunks: ProcessChunk[] = [];
  private exitCode: number | null = null;
  private readonly timers = new Set<TimerId>();
  private readonly waiters = new Set<() => void>();
  private ended = false;

  constructor(
    private readonly world: FakeWorld,
    readonly processId: string,
    private readonly script: ScriptedProcess,
    private readonly notify: Notify,
    private readonly onOutputChunk: () => void,
  ) {}

  start(): void {
    for (const item of this.script.output) {
      this.after(item.atMs, `process ${this.processId} output`, () => this.emitChunk(item.stream, item.text));
    }
    this.after(this.script.exitAtMs, `process ${this.processId} exit`, () => this.exit(this.script.exitCode));
  }

  get isRunning(): boolean {
    return this.exitCode === null && !this.ended;
  }

  read(params: ProcessReadParams, respond: (result: ProcessReadResult) => void): void {
    const afterSeq = params.afterSeq ?? 0;
    const ready = (): boolean => this.exitCode !== null || this.chunks.some((c) => c.seq > afterSeq);
    if (ready() || (params.waitMs ?? 0) <= 0) return respond(this.snapshot(afterSeq));
    const wake = (): void => {
      this.waiters.delete(wake);
      this.clear(timer);
      if (!this.ended) respond(this.snapshot(afterSeq));
    };
    this.waiters.add(wake);
    const timer: TimerId = this.after(params.waitMs ?? 0, `process ${this.processId} read wait`, wake);
  }

  terminate(): boolean {
    const wasRunning = this.isRunning;
    if (wasRunning) this.exit(143);
    return wasRunning;
  }

  /** The connection died: cancel timers and long polls, retain nothing. */
  end(): void {
    this.ended = true;
    for (const id of this.timers) this.world.clock.clearTimer(id);
    this.timers.clear();
    this.waiters.clear();
  }

  private emitChunk(stream: "stdout" | "stderr", text: string): void {
    const chunk: ProcessChunk = { seq: ++this.seq, stream, chunk: Buffer.from(text, "utf8").toString("base64") };
    this.chunks.push(chunk);
    this.notify("process/output", { processId: this.processId, ...chunk });
    this.wakeAll();
    this.onOutputChunk();
  }

  private exit(code: number): void {
    if (this.exitCode !== null || this.ended) return;
    this.exitCode = code;
    for (const id of this.timers) this.world.clock.clearTimer(id);
    this.timers.clear();
    this.notify("process/exited", { processId: this.processId, seq: ++this.seq, exitCode: code });
    this.notify("process/closed", { processId: this.processId, seq: ++this.seq });
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }

  private snapshot(afterSeq: number): ProcessReadResult {
    const chunks = this.chunks.filter((c) => c.seq > afterSeq);
    return {
      chunks,
      nextSeq: (chunks.at(-1)?.seq ?? afterSeq) + 1,
      exited: this.exitCode !== null,
      exitCode: this.exitCode,
      closed: this.exitCode !== null,
      failure: null,
      sandboxDenied: false,
    };
  }

  private after(delayMs: number, label: string, fn: () => void): TimerId {
    const id = this.world.clock.setTimer(delayMs, () => {
      this.timers.delete(id);
      if (!this.ended) fn();
    }, { label });
    this.timers.add(id);
    return id;
  }

  private clear(id: TimerId): void {
    this.world.clock.clearTimer(id);
    this.timers.delete(id);
  }
}
