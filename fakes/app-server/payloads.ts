/**
 * Payload builders for the fake app-server: threads, turns, items, token usage, rate limits and
 * accounts in the shapes codex 0.169.0 sends (required schema fields plus the realistic extras).
 */
import type { AuthMode } from "./script.ts";
import { SCRIPT_DEFAULTS } from "./script.ts";

export type TurnStatus = "completed" | "interrupted" | "failed" | "inProgress";

export interface TurnErrorPayload {
  readonly message: string;
  readonly codexErrorInfo: unknown;
  readonly additionalDetails: string | null;
}

export interface ThreadRecord {
  readonly id: string;
  readonly cwd: string;
  readonly model: string;
  readonly ephemeral: boolean;
  readonly approvalPolicy: unknown;
  readonly createdAtS: number;
  readonly path: string | null;
}

export function threadPayload(thread: ThreadRecord, status: { type: string; activeFlags?: string[] }): Record<string, unknown> {
  return {
    id: thread.id,
    sessionId: thread.id,
    forkedFromId: null,
    parentThreadId: null,
    preview: "",
    ephemeral: thread.ephemeral,
    modelProvider: "openai",
    model: thread.model,
    reasoningEffort: "medium",
    createdAt: thread.createdAtS,
    updatedAt: thread.createdAtS,
    status,
    path: thread.path,
    cwd: thread.cwd,
    cliVersion: SCRIPT_DEFAULTS.cliVersion,
    source: "appServer",
    projectId: null,
    agentNickname: null,
    agentRole: null,
    gitInfo: null,
    name: null,
    turns: [],
  };
}

export function threadStartResult(thread: ThreadRecord): Record<string, unknown> {
  return {
    thread: threadPayload(thread, { type: "idle" }),
    model: thread.model,
    modelProvider: "openai",
    serviceTier: null,
    disabledPluginIds: [],
    cwd: thread.cwd,
    instructionSources: [],
    approvalPolicy: thread.approvalPolicy,
    approvalsReviewer: "user",
    sandbox: { type: "readOnly", networkAccess: false },
    reasoningEffort: "medium",
    runtimeWorkspaceRoots: [thread.cwd],
  };
}

export interface TurnView {
  readonly id: string;
  readonly items: readonly unknown[];
  readonly itemsView: "notLoaded" | "summary";
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

export function userMessageItem(id: string, input: unknown): Record<string, unknown> {
  return { type: "userMessage", id, content: input };
}

export function agentMessageItem(id: string, text: string, phase: string | null): Record<string, unknown> {
  return { type: "agentMessage", id, text, phase, memoryCitation: null };
}

export function commandItem(options: {
  id: string;
  cmd: string;
  cwd: string;
  status: "inProgress" | "completed" | "failed" | "declined";
  output?: string;
}): Record<string, unknown> {
  const finished = options.status === "completed";
  return {
    type: "commandExecution",
    id: options.id,
    command: `/bin/bash -lc '${options.cmd}'`,
    cwd: options.cwd,
    processId: null,
    source: "agent",
    status: options.status,
    commandActions: [{ type: "unknown", command: options.cmd }],
    aggregatedOutput: finished ? (options.output ?? "") : null,
    exitCode: finished ? 0 : null,
    durationMs: options.status === "inProgress" ? null : 0,
  };
}

export function tokenUsage(usage: { inputTokens: number; outputTokens: number }): Record<string, unknown> {
  const breakdown = {
    totalTokens: usage.inputTokens + usage.outputTokens,
    inputTokens: usage.inputTokens,
    cachedInputTokens: 0,
    outputTokens: usage.outputTokens,
    reasoningOutputTokens: 0,
  };
  return { total: breakdown, last: breakdown, modelContextWindow: 272_000 };
}

export function rateLimits(nowMs: number): Record<string, unknown> {
  const resetsAt = Math.floor(nowMs / 1000) + 5 * 60 * 60;
  return {
    limitId: "codex",
    limitName: null,
    primary: { usedPercent: 1, windowDurationMins: 300, resetsAt },
    secondary: null,
    credits: null,
    planType: null,
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

export function initializeResult(clientName: string, codexHome: string): Record<string, unknown> {
  return {
    userAgent: `${clientName}/${SCRIPT_DEFAULTS.cliVersion} (Linux; x86_64) fake-codex (${clientName}; ${SCRIPT_DEFAULTS.cliVersion})`,
    codexHome,
    platformFamily: "unix",
    platformOs: "linux",
  };
}
