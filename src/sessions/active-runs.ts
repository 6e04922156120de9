/**
 * Active-run registry: the embedded runs in progress, indexed by session id, session key and
 * canonical session file, so recovery and admission can find a run from any of the three.
 * Clearing is handle-checked: a stale handle cannot clear its successor.
 */
import type { EventSink } from "../runtime/events.ts";
import type { FileSystem } from "../runtime/fs.ts";
import type { DiagnosticSessionStore } from "./diagnostic-state.ts";
import type { SessionFileKeyFn } from "./file-key.ts";

export interface ActiveRunHandle {
  readonly runId: string;
  /** Aborts the run and resolves once it has drained (used by recovery with allowActiveAbort). */
  abort?(reason: string): Promise<void>;
}

export interface SetActiveRunOptions {
  readonly sessionId: string;
  readonly handle: ActiveRunHandle;
  readonly sessionKey?: string;
  readonly sessionFile?: string;
}

export interface ActiveRunRegistry {
  set(options: SetActiveRunOptions): Promise<void>;
  updateSessionFile(sessionId: string, sessionFile: string): Promise<void>;
  /** Returns false (and changes nothing) unless `handle` is the registered one. */
  clear(options: { readonly sessionId: string; readonly handle: ActiveRunHandle }): boolean;
  handle(sessionId: string): ActiveRunHandle | undefined;
  sessionIdByKey(sessionKey: string): string | undefined;
  sessionIdByFile(sessionFile: string): Promise<string | undefined>;
  size(): number;
}

export interface ActiveRunRegistryDeps {
  readonly fs: FileSystem;
  readonly emit: EventSink;
  readonly resolveKey: SessionFileKeyFn;
  readonly diagnostics: DiagnosticSessionStore;
}

export function createActiveRunRegistry(deps: ActiveRunRegistryDeps): ActiveRunRegistry {
  const runs = new Map<string, ActiveRunHandle>();
  const idsByKey = new Map<string, string>();
  const keysById = new Map<string, string>();
  const idsByFile = new Map<string, string>();

  function dropFileEntries(sessionId: string): void {
    for (const [file, id] of [...idsByFile]) if (id === sessionId) idsByFile.delete(file);
  }

  async function set(options: SetActiveRunOptions): Promise<void> {
    const fileKey = options.sessionFile === undefined ? undefined : await deps.resolveKey(deps.fs, options.sessionFile);
    const replaced = runs.has(options.sessionId);
    runs.set(options.sessionId, options.handle);
    if (options.sessionKey !== undefined) {
      idsByKey.set(options.sessionKey, options.sessionId);
      keysById.set(options.sessionId, options.sessionKey);
    }
    dropFileEntries(options.sessionId);
    if (fileKey !== undefined) idsByFile.set(fileKey, options.sessionId);
    deps.diagnostics.update({
      sessionId: options.sessionId,
      status: "processing",
      ...(options.sessionKey === undefined ? {} : { sessionKey: options.sessionKey }),
      ...(options.sessionFile === undefined ? {} : { sessionFile: options.sessionFile }),
    });
    deps.emit({
      kind: "run.state",
      sessionId: options.sessionId,
      runId: options.handle.runId,
      state: "processing",
      reason: replaced ? "run_replaced" : "run_started",
    });
  }

  async function updateSessionFile(sessionId: string, sessionFile: string): Promise<void> {
    const fileKey = await deps.resolveKey(deps.fs, sessionFile);
    if (!runs.has(sessionId)) return;
    dropFileEntries(sessionId);
    idsByFile.set(fileKey, sessionId);
    deps.diagnostics.update({ sessionId, sessionFile, status: "processing" });
  }

  function clear(options: { readonly sessionId: string; readonly handle: ActiveRunHandle }): boolean {
    const current = runs.get(options.sessionId);
    if (current !== options.handle) {
      deps.emit({ kind: "run.state", sessionId: options.sessionId, runId: options.handle.runId, state: "unchanged", reason: "handle_mismatch" });
      return false;
    }
    runs.delete(options.sessionId);
    const key = keysById.get(options.sessionId);
    if (key !== undefined && idsByKey.get(key) === options.sessionId) idsByKey.delete(key);
    keysById.delete(options.sessionId);
    dropFileEntries(options.sessionId);
    deps.diagnostics.update({ sessionId: options.sessionId, status: "idle" });
    deps.emit({ kind: "run.state", sessionId: options.sessionId, runId: options.handle.runId, state: "idle", reason: "run_completed" });
    return true;
  }

  return {
    set,
    updateSessionFile,
    clear,
    handle: (sessionId) => runs.get(sessionId),
    sessionIdByKey: (sessionKey) => idsByKey.get(sessionKey),
    async sessionIdByFile(sessionFile) {
      return idsByFile.get(await deps.resolveKey(deps.fs, sessionFile));
    },
    size: () => runs.size,
  };
}
