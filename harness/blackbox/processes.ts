/**
 * Finds the processes a black-box run left behind, on Linux through /proc: every live process
 * whose environment carries the run's marker variable (children inherit it) or whose command line
 * mentions the run's temp dir. Zombies are skipped: they hold nothing and only wait to be reaped.
 * Also kills a whole process group, tolerating one that is already gone.
 */
import { readdir, readFile } from "node:fs/promises";
import { signalGroup, signalPid } from "../../src/runtime/signal.ts";

/** The environment variable every process of one black-box run inherits. */
export const RUN_MARKER_VARIABLE = "CLP_BLACKBOX_RUN";

export interface MarkedProcess {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** The command line, arguments joined with spaces. */
  readonly command: string;
}

interface ProcStat {
  readonly state: string;
  readonly ppid: number;
  readonly pgid: number;
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

function parseStat(text: string): ProcStat | undefined {
  // "pid (comm) S ppid pgrp …": comm may hold spaces and parentheses, so split after the last ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const [state, ppid, pgid] = fields;
  if (state === undefined || ppid === undefined || pgid === undefined) return undefined;
  return { state, ppid: Number(ppid), pgid: Number(pgid) };
}

async function inspect(pid: number, marker: string): Promise<MarkedProcess | undefined> {
  const [environ, cmdline, statText] = await Promise.all([
    readOrUndefined(`/proc/${pid}/environ`),
    readOrUndefined(`/proc/${pid}/cmdline`),
    readOrUndefined(`/proc/${pid}/stat`),
  ]);
  if (statText === undefined) return undefined;
  const stat = parseStat(statText);
  if (stat === undefined || stat.state === "Z" || stat.state === "X") return undefined;
  const command = (cmdline ?? "").split("\0").filter((a) => a !== "").join(" ");
  const marked = (environ ?? "").split("\0").includes(`${RUN_MARKER_VARIABLE}=${marker}`) || command.includes(marker);
  return marked ? { pid, ppid: stat.ppid, pgid: stat.pgid, command } : undefined;
}

/** Live processes (not this one) that belong to the run `marker`. Empty where /proc is missing. */
export async function findMarkedProcesses(marker: string): Promise<MarkedProcess[]> {
  let entries: string[];
  try {
    entries = await readdir("/proc");
  } catch {
    return [];
  }
  const pids = entries.filter((e) => /^\d+$/.test(e)).map(Number).filter((pid) => pid !== process.pid);
  const found = await Promise.all(pids.map((pid) => inspect(pid, marker)));
  return found.filter((p): p is MarkedProcess => p !== undefined).sort((a, b) => a.pid - b.pid);
}

/** Sends `signal` to the process group `pgid`. Returns false if the group no longer exists. */
export function signalProcessGroup(pgid: number | undefined, signal: NodeJS.Signals | 0): boolean {
  return signalGroup(pgid, signal) === "sent";
}

/** Sends `signal` to one process. Returns false if it no longer exists. */
export function signalProcess(pid: number | undefined, signal: NodeJS.Signals): boolean {
  return signalPid(pid, signal) === "sent";
}

/** True while `pid` exists and is not a zombie (a killed orphan may stay a zombie until reaped). */
export async function isProcessRunning(pid: number): Promise<boolean> {
  const stat = await readOrUndefined(`/proc/${pid}/stat`);
  if (stat === undefined) return false;
  const state = parseStat(stat)?.state;
  return state !== undefined && state !== "Z" && state !== "X";
}
