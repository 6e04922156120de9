/** The real ProcessInfo port: signal 0 for liveness, /proc/<pid>/stat field 22 for the start time. */
import { readFileSync } from "node:fs";
import { pidExists } from "../runtime/signal.ts";
import type { ProcessInfo } from "./process-info.ts";

function isAlive(pid: number): boolean {
  return pidExists(pid);
}

function starttime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const value = Number(fields[19]);
    return Number.isSafeInteger(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export const nodeProcessInfo: ProcessInfo = { pid: process.pid, isAlive, starttime };
