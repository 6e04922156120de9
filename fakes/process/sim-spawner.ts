/**
 * A ProcessSpawner for the deterministic lane: "spawning" starts an in-process fake program whose
 * stdin, stdout, stderr and exit cross the world's scheduler. Faults modelled: exit with a code or
 * a signal at any point, stdin EOF, kill(signal), EPIPE on writes after the program closed its
 * stdin, a missing program (ENOENT), and pipe reads that coalesce: one read may carry several
 * consecutive stdout lines (a seeded choice), so the parent handles them with no microtask turn in
 * between, exactly as it would after one real `read`. Every spawn is counted and traced.
 */
import type { ChildProcessHandle, ProcessExit, ProcessSpawner, SpawnOptions } from "../../src/runtime/process.ts";
import type { Random } from "../../src/runtime/random.ts";
import type { FakeWorld } from "../world.ts";

/** What a fake program sees of its own process. */
export interface FakeProcessIO {
  readonly pid: number;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly world: FakeWorld;
  writeStdout(line: string): void;
  writeStderr(text: string): void;
  /** Ends the process. Later writes are dropped. */
  exit(exit: ProcessExit): void;
  /** After this, the parent's writes fail with EPIPE. */
  closeStdin(): void;
  onStdin(handler: (chunk: string) => void): void;
  onStdinEnd(handler: () => void): void;
  /** A signal from the parent; the default handler exits with that signal. */
  onSignal(handler: (signal: string) => void): void;
  readonly isAlive: boolean;
}

export type FakeProgram = (io: FakeProcessIO) => void;

export interface SimSpawner extends ProcessSpawner {
  /** Every spawn so far, in order. */
  readonly spawned: ReadonlyArray<{ pid: number; command: string; args: readonly string[] }>;
  /** Processes still running. */
  alive(): number[];
}

export function createSimSpawner(world: FakeWorld, programs: Readonly<Record<string, FakeProgram>>, options: { firstPid?: number } = {}): SimSpawner {
  let nextPid = options.firstPid ?? 4000;
  const spawned: Array<{ pid: number; command: string; args: readonly string[] }> = [];
  const running = new Set<number>();
  return {
    spawned,
    alive: () => [...running],
    spawn(command: string, args: readonly string[], spawnOptions: SpawnOptions = {}): ChildProcessHandle {
      const pid = nextPid++;
      spawned.push({ pid, command, args: [...args] });
      world.emit({ kind: "process.spawn", pid, command, args: [...args] });
      const program = programs[command];
      const handle = new SimChild(world, pid, command, args, spawnOptions.env ?? {});
      if (program === undefined) {
        handle.failSpawn();
        return handle;
      }
      running.add(pid);
      void handle.exited.then(() => running.delete(pid));
      world.post(`proc:${pid}:stdin`, `start ${command}`, () => program(handle.io));
      return handle;
    },
  };
}

type ErrorHandler = (error: Error & { code?: string }) => void;

class SimChild implements ChildProcessHandle {
  private state: "running" | "exited" = "running";
  private stdinOpen = true;
  private programStdinClosed = false;
  private stdout: Array<(c: string) => void> = [];
  /** Stdout lines written but not yet read by the parent, oldest first. */
  private unread: string[] = [];
  private readonly readSizes: Random;
  private stderr: Array<(c: string) => void> = [];
  private errors: ErrorHandler[] = [];
  private stdinHandler: (c: string) => void = () => {};
  private stdinEndHandler: () => void = () => {};
  private signalHandler: ((s: string) => void) | undefined;
  private settle!: (exit: ProcessExit) => void;
  readonly exited = new Promise<ProcessExit>((resolve) => (this.settle = resolve));
  readonly io: FakeProcessIO;

  constructor(
    private readonly world: FakeWorld,
    readonly pid: number,
    private readonly command: string,
    args: readonly string[],
    env: Readonly<Record<string, string | undefined>>,
  ) {
    const out = `proc:${pid}:stdout`;
    this.readSizes = world.random(`proc:${pid}:read-sizes`);
    const isAlive = (): boolean => this.state === "running";
    this.io = {
      pid,
      args,
      env,
      world,
      writeStdout: (line) => {
        if (!isAlive()) return;
        this.unread.push(line.endsWith("\n") ? line : `${line}\n`);
        world.post(out, "stdout", () => this.readStdout());
      },
      writeStderr: (text) => {
        if (!isAlive()) return;
        world.post(out, "stderr", () => this.stderr.forEach((h) => h(text)));
      },
      exit: (exit) => this.exit(exit),
      closeStdin: () => void (this.programStdinClosed = true),
      onStdin: (h) => void (this.stdinHandler = h),
      onStdinEnd: (h) => void (this.stdinEndHandler = h),
      onSignal: (h) => void (this.signalHandler = h),
      get isAlive() {
        return isAlive();
      },
    };
  }

  /**
   * One read by the parent: this write's line plus, by a seeded choice, any lines written after it
   * (their own deliveries, queued behind on the same channel, then find nothing left to read).
   */
  private readStdout(): void {
    if (this.unread.length === 0) return;
    const count = 1 + this.readSizes.nextInt(this.unread.length);
    const chunk = this.unread.splice(0, count).join("");
    this.stdout.forEach((h) => h(chunk));
  }

  failSpawn(): void {
    const error = Object.assign(new Error(`spawn ${this.command} ENOENT`), { code: "ENOENT" });
    this.world.post(`proc:${this.pid}:stdout`, "spawn error", () => {
      this.errors.forEach((h) => h(error));
      this.exit({ code: -2, signal: null });
    });
  }

  private exit(exit: ProcessExit): void {
    if (this.state !== "running") return;
    this.state = "exited";
    this.world.emit({ kind: "process.exit", pid: this.pid, code: exit.code, signal: exit.signal });
    // Behind any output still in flight on stdout: the parent reads it all, then sees the exit.
    this.world.post(`proc:${this.pid}:stdout`, "exit", () => this.settle(exit));
  }

  write(chunk: string): void {
    if (!this.stdinOpen) return;
    if (this.state !== "running" || this.programStdinClosed) {
      const error = Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
      this.world.post(`proc:${this.pid}:stdout`, "stdin EPIPE", () => this.errors.forEach((h) => h(error)));
      return;
    }
    this.world.post(`proc:${this.pid}:stdin`, "stdin", () => {
      if (this.state === "running") this.stdinHandler(chunk);
    });
  }

  endInput(): void {
    if (!this.stdinOpen) return;
    this.stdinOpen = false;
    this.world.post(`proc:${this.pid}:stdin`, "stdin EOF", () => {
      if (this.state === "running") this.stdinEndHandler();
    });
  }

  onStdout(handler: (chunk: string) => void): void {
    this.stdout.push(handler);
  }
  onStderr(handler: (chunk: string) => void): void {
    this.stderr.push(handler);
  }
  onError(handler: ErrorHandler): void {
    this.errors.push(handler);
  }

  kill(signal = "SIGTERM"): void {
    if (this.state !== "running") return;
    this.world.post(`proc:${this.pid}:signal`, `kill ${signal}`, () => {
      if (this.state !== "running") return;
      if (this.signalHandler !== undefined && signal !== "SIGKILL") this.signalHandler(signal);
      else this.exit({ code: null, signal });
    });
  }
}
