/** The real ProcessSpawner over node:child_process, with stdio pipes. */
import { spawn } from "node:child_process";
import type { ChildProcessHandle, ProcessExit, ProcessSpawner, SpawnOptions } from "./process.ts";

export const nodeProcessSpawner: ProcessSpawner = {
  spawn(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcessHandle {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env === undefined ? process.env : (options.env as NodeJS.ProcessEnv),
      stdio: ["pipe", "pipe", "pipe"],
    });
    const errorHandlers: Array<(error: Error & { code?: string }) => void> = [];
    const emitError = (error: Error & { code?: string }): void => {
      for (const h of errorHandlers) h(error);
    };
    child.on("error", emitError);
    child.stdin.on("error", emitError);
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    const exited = new Promise<ProcessExit>((resolve) => {
      child.on("close", (code, signal) => resolve({ code, signal }));
    });
    return {
      // Undefined when the spawn failed (ENOENT, EACCES): never a number a cleanup could signal.
      pid: child.pid,
      write(chunk) {
        if (child.stdin.writable) child.stdin.write(chunk);
      },
      endInput() {
        child.stdin.end();
      },
      onStdout: (h) => void child.stdout.on("data", h),
      onStderr: (h) => void child.stderr.on("data", h),
      onError: (h) => void errorHandlers.push(h),
      kill(signal = "SIGTERM") {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal as NodeJS.Signals);
      },
      exited,
    };
  },
};
