/**
 * The exec-server fault script: data, validated with readable errors.
 * Faults modelled: refused connection attempts, a close (clean 1000 or abnormal 1006) after the
 * server has sent N frames on a connection, and a close mid-process after N output chunks.
 * Connections and attempts are numbered from 1 in the order the server sees them.
 */
export interface CloseAfterFrames {
  readonly connection: number;
  readonly frames: number;
  readonly code: 1000 | 1006;
}

export interface CloseMidProcess {
  readonly connection: number;
  readonly afterOutputChunks: number;
  readonly code: 1000 | 1006;
}

export interface ExecServerFaultScript {
  /** Connection attempts to refuse (the client sees error, then close 1006). */
  readonly refuseAttempts?: readonly number[];
  readonly closeAfterFrames?: readonly CloseAfterFrames[];
  readonly closeMidProcess?: readonly CloseMidProcess[];
}

/** A scripted process: output chunks at virtual offsets from its start, then an exit. */
export interface ScriptedProcess {
  readonly output: ReadonlyArray<{ readonly atMs: number; readonly stream: "stdout" | "stderr"; readonly text: string }>;
  readonly exitAtMs: number;
  readonly exitCode: number;
}

export class FaultScriptError extends Error {
  constructor(path: string, expected: string, got: unknown) {
    super(`exec-server fault script: ${path} must be ${expected}, got ${JSON.stringify(got)}`);
    this.name = "FaultScriptError";
  }
}

const positive = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 1;

/** The fields each part of the script may have: an unknown one is an error, never ignored. */
export const FAULT_SCRIPT_FIELDS = {
  root: ["refuseAttempts", "closeAfterFrames", "closeMidProcess"],
  closeAfterFrames: ["connection", "frames", "code"],
  closeMidProcess: ["connection", "afterOutputChunks", "code"],
} as const;

function onlyFields(value: unknown, path: string, allowed: readonly string[]): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new FaultScriptError(path || "(root)", "an object", value);
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const where = path === "" ? key : `${path}.${key}`;
      throw new UnknownFieldError(where, allowed, (value as Record<string, unknown>)[key]);
    }
  }
}

class UnknownFieldError extends Error {
  constructor(path: string, allowed: readonly string[], got: unknown) {
    super(`exec-server fault script: ${path}: expected no such field (allowed: ${allowed.join(", ")}), got ${JSON.stringify(got)}`);
    this.name = "FaultScriptError";
  }
}

export function validateFaultScript(script: ExecServerFaultScript): ExecServerFaultScript {
  onlyFields(script, "", FAULT_SCRIPT_FIELDS.root);
  script.closeAfterFrames?.forEach((rule, i) => onlyFields(rule, `closeAfterFrames[${i}]`, FAULT_SCRIPT_FIELDS.closeAfterFrames));
  script.closeMidProcess?.forEach((rule, i) => onlyFields(rule, `closeMidProcess[${i}]`, FAULT_SCRIPT_FIELDS.closeMidProcess));
  script.refuseAttempts?.forEach((n, i) => {
    if (!positive(n)) throw new FaultScriptError(`refuseAttempts[${i}]`, "an attempt number ≥ 1", n);
  });
  script.closeAfterFrames?.forEach((rule, i) => {
    if (!positive(rule.connection)) throw new FaultScriptError(`closeAfterFrames[${i}].connection`, "a connection number ≥ 1", rule.connection);
    if (!positive(rule.frames)) throw new FaultScriptError(`closeAfterFrames[${i}].frames`, "a frame count ≥ 1", rule.frames);
    if (rule.code !== 1000 && rule.code !== 1006) throw new FaultScriptError(`closeAfterFrames[${i}].code`, "1000 or 1006", rule.code);
  });
  script.closeMidProcess?.forEach((rule, i) => {
    if (!positive(rule.connection)) throw new FaultScriptError(`closeMidProcess[${i}].connection`, "a connection number ≥ 1", rule.connection);
    if (!positive(rule.afterOutputChunks)) throw new FaultScriptError(`closeMidProcess[${i}].afterOutputChunks`, "a chunk count ≥ 1", rule.afterOutputChunks);
    if (rule.code !== 1000 && rule.code !== 1006) throw new FaultScriptError(`closeMidProcess[${i}].code`, "1000 or 1006", rule.code);
  });
  return script;
}
