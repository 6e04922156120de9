/** Test support for the ProcessSpawner port (not mutated by `pnpm mutate`). */
import type { ChildProcessHandle, ProcessExit, ProcessSpawner, SpawnOptions } from "./process.ts";

export interface FakeChild {
  readonly handle: ChildProcessHandle;
  /** Every chunk written to stdin. */
  readonly written: readonly string[];
  /** Every signal sent, in order (`kill()` without one is SIGTERM). */
  readonly kills: readonly string[];
  readonly stdinEnded: boolean;
  /** Writes one line on the child's stdout. */
  stdout(line: string): void;
  stderr(text: string): void;
  /** A stream error (`write EPIPE`, a spawn failure). */
  fail(message: string, code: string): void;
  exit(code: number | null, signal?: string | null): void;
}

/**
 * A hand-driven child process: the test writes its stdout/stderr and decides how it ends. A signal
 * ends it with that signal unless it is in `ignores` (SIGKILL cannot be ignored).
 */
export function fakeChild(options: { readonly ignores?: readonly string[] } = {}): FakeChild {
  const stdout: ((chunk: string) => void)[] = [];
  const stderr: ((chunk: string) => void)[] = [];
  const errors: ((error: Error & { code?: string }) => void)[] = [];
  const written: string[] = [];
  const kills: string[] = [];
  let settle!: (exit: ProcessExit) => void;
  let stdinEnded = false;
  const handle: ChildProcessHandle = {
    pid: 4242,
    write: (chunk) => void written.push(chunk),
    endInput: () => void (stdinEnded = true),
    onStdout: (h) => void stdout.push(h),
    onStderr: (h) => void stderr.push(h),
    onError: (h) => void errors.push(h),
    kill: (signal = "SIGTERM") => {
      kills.push(signal);
      if (signal === "SIGKILL" || options.ignores?.includes(signal) !== true) settle({ code: null, signal });
    },
    exited: new Promise<ProcessExit>((resolve) => (settle = resolve)),
  };
  return {
    handle,
    written,
    kills,
    get stdinEnded() {
      return stdinEnded;
    },
    stdout: (line) => stdout.forEach((h) => h(`${line}\n`)),
    stderr: (text) => stderr.forEach((h) => h(text)),
    fail: (message, code) => errors.forEach((h) => h(Object.assign(new Error(message), { code }))),
    exit: (code, signal = null) => settle({ code, signal }),
  };
}

/** A spawner that hands out `child` and records each call. */
export function spawnerFor(child: FakeChild): { spawner: ProcessSpawner; calls: { command: string; args: readonly string[]; options: SpawnOptions | undefined }[] } {
  const calls: { command: string; args: readonly string[]; options: SpawnOptions | undefined }[] = [];
  return {
    spawner: {
      spawn(command, args, options) {
        calls.push({ command, args, options });
        return child.handle;
      },
    },
    calls,
  };
}
