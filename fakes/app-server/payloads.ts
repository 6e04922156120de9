/**
 * Payload builders for the fake app-server: threads, turns, items, token usage, rate limits and
 * accounts in the shapes codex 0.169.0 sends (required schema fields plus the realistic extras).
 */
import { utcFields } from "../../src/runtime/utc.ts";
import type { AuthMode } from "./script.ts";
import { SCRIPT_DEFAULTS } from "./script.ts";

export type TurnStatus = "completed" | "interrupted" | "failed" | "inProgress";

export interface TurnErrorPayload {
  readonly message: string;
  readonly codexErrorInfo: unknown;
  readonly additionalDetails: string | null;
  readonly misalignment: null;
}

export function turnError(message: string, codexErrorInfo: unknown, additionalDetails: string | null = null): TurnErrorPayload {
  return { message, codexErrorInfo, additionalDetails, misalignment: null };
}

export interface ThreadRecord {
  readonly id: string;
  readonly cwd: string;
  readonly model: string;
  /** The configured model provider id (`model_provider`; "openai" by default). */
  readonly modelProvider: string;
  readonly ephemeral: boolean;
  readonly approvalPolicy: unknown;
  readonly createdAtS: number;
  readonly path: string | null;
  /** The client name from `initialize` (codex records it as the thread's originator). */
  readonly originator: string;
}

export function threadPayload(thread: ThreadRecord, status: { type: string; activeFlags?: string[] }): Record<string, unknown> {
  return {
    id: thread.id,
    environments: [{ environmentId: "local", cwd: thread.cwd, runtimeWorkspaceRoots: [thread.cwd] }],
    extra: null,
    sessionId: thread.id,
    forkedFromId: null,
    attachedToThreadId: null,
    parentThreadId: null,
    preview: "",
    ephemeral: thread.ephemeral,
    section: null,
    sectionEnteredAt: null,
    projectId: null,
    historyMode: "paginated",
    modelProvider: thread.modelProvider,
    model: thread.model,
    reasoningEffort: null,
    createdAt: thread.createdAtS,
    updatedAt: thread.createdAtS,
    recencyAt: thread.createdAtS,
    status,
    path: thread.path,
    cwd: thread.cwd,
    cliVersion: SCRIPT_DEFAULTS.cliVersion,
    originator: thread.originator,
    source: "vscode",
    canAcceptDirectInput: true,
    threadSource: null,
    agentNickname: null,
    agentRole: null,
    gitInfo: null,
    name: null,
    daybreakEnabled: null,
    turns: [],
  };
}

export function threadStartResult(thread: ThreadRecord): Record<string, unknown> {
  return {
    thread: threadPayload(thread, { type: "idle" }),
    model: thread.model,
    modelProvider: thread.modelProvider,
    serviceTier: null,
    disabledPluginIds: [],
    cwd: thread.cwd,
    runtimeWorkspaceRoots: [thread.cwd],
    instructionSources: [],
    approvalPolicy: thread.approvalPolicy,
    approvalsReviewer: "user",
    sandbox: { type: "readOnly", networkAccess: false },
    activePermissionProfile: { id: ":read-only", extends: null },
    reasoningEffort: null,
    multiAgentMode: "explicitRequestOnly",
  };
}

/** `<codexHome>/sessions/YYYY/MM/DD/rollout-YYYY-MM-DDTHH-MM-SS-<id>.jsonl`, from the world's clock (UTC). */
export function rolloutPath(codexHome: string, nowMs: number, threadId: string): string {
  const { year, month, day, hour, minute, second } = utcFields(nowMs);
  const p2 = (n: number): string => String(n).padStart(2, "0");
  const date = `${year}-${p2(month)}-${p2(day)}`;
  return `${codexHome}/sessions/${year}/${p2(month)}/${p2(day)}/rollout-${date}T${p2(hour)}-${p2(minute)}-${p2(second)}-${threadId}.jsonl`;
}


export interface TurnView {
  readonly id: string;
  readonly items: readonly unknown[];
  readonly itemsView: "notLoaded" | "summary" | "full";
  readonly status: TurnStatus;
  readonly error: TurnErrorPayload | null;
  readonly startedAtS: number | null;
  readonly completedAtS: number | null;
  readonly durationMs: number | null;
}

export function turnPayload(view: TurnView): Record<string, unknown> {
  return {
    id: view.id,
    rootTurnId: view.id,
    items: view.items,
    itemsView: view.itemsView,
    status: view.status,
    error: view.error,
    startedAt: view.startedAtS,
    completedAt: view.completedAtS,
    durationMs: view.durationMs,
  };
}

/** Item timestamps as the real server nests them in the item itself. */
export interface ItemTimes {
  readonly startedAtMs: number;
  readonly completedAtMs: number | null;
}

export function userMessageItem(id: string, input: unknown, times: ItemTimes): Record<string, unknown> {
  return { type: "userMessage", id, clientId: null, content: input, ...times };
}

export function agentMessageItem(id: string, text: string, phase: string | null, times: ItemTimes): Record<string, unknown> {
  return { type: "agentMessage", moderation: null, id, text, phase, memoryCitation: null, delivery: null, questions: null, ...times };
}

export function commandItem(options: {
  id: string;
  cmd: string;
  cwd: string;
  status: "inProgress" | "completed" | "failed" | "declined";
  times: ItemTimes;
  output?: string;
}): Record<string, unknown> {
  const ran = options.status === "completed";
  return {
    type: "commandExecution",
    id: options.id,
    pluginId: null,
    scriptPath: null,
    command: `/bin/bash -lc '${options.cmd}'`,
    cwd: options.cwd,
    processId: null,
    source: "agent",
    status: options.status,
    commandActions: [{ type: "unknown", command: options.cmd }],
    aggregatedOutput: ran ? (options.output ?? "") : null,
    exitCode: ran ? 0 : null,
    durationMs: ran ? 0 : null,
    ...options.times,
  };
}

export function tokenUsage(usage: { inputTokens: number; outputTokens: number }): Record<string, unknown> {
  const breakdown = {
    totalTokens: usage.inputTokens + usage.outputTokens,
    inputTokens: usage.inputTokens,
    cachedInputTokens: 0,
    cacheWriteInputTokens: 0,
    outputTokens: usage.outputTokens,
    reasoningOutputTokens: 0,
  };
  return { total: breakdown, last: breakdown, modelContextWindow: 258_400 };
}

/** What codex 0.169.0 reports when the model API sends no rate-limit headers (as the fakes do). */
export function rateLimits(): Record<string, unknown> {
  return {
    limitId: "codex",
    limitName: null,
    normalModelSlug: null,
    primary: null,
    secondary: null,
    credits: null,
    individualLimit: null,
    spendControlReached: null,
    planType: null,
    rateLimitReachedType: null,
  };
}

export function accountReadResult(auth: AuthMode): Record<string, unknown> {
  switch (auth) {
    case "apiKey":
      return { account: { type: "apiKey" }, requiresOpenaiAuth: true };
    case "chatgpt":
      return { account: { type: "chatgpt", email: "fake@example.com", planType: "plus" }, requiresOpenaiAuth: true };
    case "provider":
      return { account: null, requiresOpenaiAuth: false };
    case "none":
      return { account: null, requiresOpenaiAuth: true };
  }
}

export function initializeResult(clientName: string, clientVersion: string, codexHome: string): Record<string, unknown> {
  return {
    userAgent: `${clientName}/${SCRIPT_DEFAULTS.cliVersion} (Linux; x86_64) fake-codex (${clientName}; ${clientVersion})`,
    codexHome,
    platformFamily: "unix",
    platformOs: "linux",
  };
}
