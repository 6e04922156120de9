/** ProcessSpawner port: start a child with stdio pipes and learn how it exits. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: string | null;
}

export interface SpawnOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface ChildProcessHandle {
  /** Undefined when the process never started (spawn failed). */
  readonly pid: number | undefined;
  /** Writes to stdin. A failure (e.g. `write EPIPE`) is reported through onError, never thrown. */
  write(chunk: string): void;
  /** Closes stdin (EOF). */
  endInput(): void;
  onStdout(handler: (chunk: string) => void): void;
  onStderr(handler: (chunk: string) => void): void;
  /** Stream errors: `write EPIPE`, spawn failure (ENOENT)… */
  onError(handler: (error: Error & { code?: string }) => void): void;
  kill(signal?: string): void;
  /** Settles once the process has exited. Never rejects. */
  readonly exited: Promise<ProcessExit>;
}

export interface ProcessSpawner {
  spawn(command: string, args: readonly string[], options?: SpawnOptions): ChildProcessHandle;
}
