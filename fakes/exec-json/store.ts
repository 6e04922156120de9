/**
 * Where exec mode keeps its threads between processes, so `codex exec resume <id>` works after the
 * first process exited: one rollout file per thread under `$CODEX_HOME/sessions/YYYY/MM/DD/`, named
 * as the real binary names its own (`rollout-<timestamp>-<thread id>.jsonl`). The fake's file holds
 * one JSON line with the thread record and its token totals (not the real rollout format). Faults
 * modelled: an unknown id (no file) → the real "no rollout found" failure.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ThreadRecord } from "../app-server/payloads.ts";
import type { TokenTotals } from "./events.ts";

export interface StoredThread {
  readonly thread: ThreadRecord;
  readonly tokens: TokenTotals;
  /** Turns the thread has had so far (a resumed thread's next turn takes `model.turns[turns]`). */
  readonly turns: number;
}

export interface ExecThreadStore {
  load(threadId: string): StoredThread | undefined;
  save(stored: StoredThread): void;
}

/** An in-memory store (tests, the deterministic lane); share one between runs to resume. */
export function memoryThreadStore(): ExecThreadStore {
  const threads = new Map<string, StoredThread>();
  return {
    load: (id) => threads.get(id),
    save: (stored) => void threads.set(stored.thread.id, stored),
  };
}

const FORMAT = "fake-codex-exec-thread/1";

function findRollout(dir: string, suffix: string): string | undefined {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findRollout(path, suffix);
      if (found !== undefined) return found;
    } else if (entry.name.startsWith("rollout-") && entry.name.endsWith(suffix)) return path;
  }
  return undefined;
}

/** The store under `$CODEX_HOME/sessions`; a thread's file is at its record's `path`. */
export function fileThreadStore(codexHome: string): ExecThreadStore {
  return {
    load(threadId) {
      if (!/^[0-9a-zA-Z-]+$/.test(threadId)) return undefined;
      const path = findRollout(join(codexHome, "sessions"), `-${threadId}.jsonl`);
      if (path === undefined) return undefined;
      try {
        const parsed = JSON.parse(readFileSync(path, "utf8").split("\n")[0] ?? "") as { format?: unknown } & Partial<StoredThread>;
        if (parsed.format !== FORMAT || parsed.thread === undefined || parsed.tokens === undefined) return undefined;
        return { thread: parsed.thread, tokens: parsed.tokens, turns: parsed.turns ?? 0 };
      } catch {
        return undefined;
      }
    },
    save(stored) {
      const path = stored.thread.path;
      if (path === null) return;
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${JSON.stringify({ format: FORMAT, ...stored })}\n`);
    },
  };
}
