/**
 * Why a deterministic run went quiet when the scenario (or code it calls) armed a real timer,
 * socket or file operation: those never reach the virtual clock or the scheduler, so the kernel
 * sees no work and judges quiescence. Detection costs nothing on a normal run: the run's active
 * real resources are compared before and after (process.getActiveResourcesInfo); only when a
 * quiescent hang left new ones behind is the run repeated (it is deterministic) under an
 * async_hooks probe that records where each resource still armed at the hang was created.
 */
import { createHook } from "node:async_hooks";
import { relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** getActiveResourcesInfo names → what a reader calls them. */
const ACTIVE_NAMES: Readonly<Record<string, string>> = {
  Timeout: "timer",
  TCPSocketWrap: "socket",
  TCPServerWrap: "server socket",
  TCPConnectWrap: "socket connect",
  PipeWrap: "pipe",
  PipeConnectWrap: "pipe connect",
  UDPWrap: "UDP socket",
  GetAddrInfoReqWrap: "DNS lookup",
  FSReqCallback: "file operation",
  FSReqPromise: "file operation",
  FileHandle: "open file",
};

/** async_hooks resource types → the same reader's names. */
const HOOK_NAMES: Readonly<Record<string, string>> = {
  Timeout: "timer",
  TCPWRAP: "socket",
  TCPSERVERWRAP: "server socket",
  TCPCONNECTWRAP: "socket connect",
  PIPEWRAP: "pipe",
  PIPECONNECTWRAP: "pipe connect",
  UDPWRAP: "UDP socket",
  GETADDRINFOREQWRAP: "DNS lookup",
  FSREQCALLBACK: "file operation",
  FSREQPROMISE: "file operation",
  FILEHANDLE: "open file",
};

export type ResourceCounts = ReadonlyMap<string, number>;

export function realResources(): ResourceCounts {
  const counts = new Map<string, number>();
  for (const name of process.getActiveResourcesInfo()) {
    const kind = ACTIVE_NAMES[name];
    if (kind !== undefined) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts;
}

/** The kinds of real resource that are more numerous now than before. */
export function newRealResources(before: ResourceCounts, after: ResourceCounts): string[] {
  return [...after].filter(([kind, n]) => n > (before.get(kind) ?? 0)).map(([kind]) => kind);
}

export interface RealArm {
  /** `timer`, `socket`, `file operation`, … */
  readonly kind: string;
  /** Set for timers. */
  readonly delayMs?: number;
  /** `path/from/repo.ts:line:column` of the first frame in the checkout, outside the harness's own runner. */
  readonly at: string;
}

/**
 * Runs `run` while recording every real resource created, and returns those still alive when it
 * settles, with their call sites inside `repoRoot` (resources created only by dependencies are left out).
 */
export async function armedDuring(run: () => Promise<unknown>, repoRoot: string): Promise<RealArm[]> {
  const armed = new Map<number, { kind: string; delayMs?: number; stack: string }>();
  const hook = createHook({
    init(asyncId, type, _trigger, resource) {
      const kind = HOOK_NAMES[type];
      if (kind === undefined) return;
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 40;
      const stack = new Error().stack ?? "";
      Error.stackTraceLimit = limit;
      const idle = (resource as { _idleTimeout?: unknown })._idleTimeout;
      armed.set(asyncId, { kind, stack, ...(kind === "timer" && typeof idle === "number" ? { delayMs: idle } : {}) });
    },
    destroy(asyncId) {
      armed.delete(asyncId);
    },
  });
  hook.enable();
  try {
    await run();
  } finally {
    hook.disable();
  }
  const found: RealArm[] = [];
  for (const a of armed.values()) {
    const at = callSite(a.stack, repoRoot);
    if (at !== undefined) found.push({ kind: a.kind, at, ...(a.delayMs === undefined ? {} : { delayMs: a.delayMs }) });
  }
  return found;
}

/** The probe itself (its init callback is the top frame). */
const OWN_FILES = ["harness/runner/real-time.ts"];

export function callSite(stack: string, repoRoot: string): string | undefined {
  for (const line of stack.split("\n").slice(1)) {
    const m = /\(?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (m === null) continue;
    const path = m[1]?.startsWith("file://") === true ? fileURLToPath(m[1]) : (m[1] ?? "");
    const rel = relative(repoRoot, path.split("?")[0] ?? path).split(sep).join("/");
    if (rel.startsWith("..") || rel.includes("node_modules/") || OWN_FILES.some((own) => rel.startsWith(own))) continue;
    return `${rel}:${m[2]}:${m[3]}`;
  }
  return undefined;
}

/** One sentence for the hang reason. */
export function describeRealArms(arms: readonly RealArm[]): string {
  const first = arms[0];
  if (first === undefined) return "";
  const what = first.kind === "timer" ? `a real setTimeout/setInterval${first.delayMs === undefined ? "" : ` (${first.delayMs} ms)`}` : `a real ${first.kind}`;
  const more = arms.length > 1 ? ` (and ${arms.length - 1} more real resource(s))` : "";
  return (
    `right after ${what} was armed at ${first.at}${more}: the deterministic lane runs on virtual time, so real timers, ` +
    `sockets and file I/O look like quiescence — wait with sleep(ctx.clock, ms) or ctx.clock.setTimer, use ctx.fs, or move the scenario to a real-time lane`
  );
}
