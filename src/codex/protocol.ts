/**
 * Codex app-server protocol types (as observed with codex 0.169.0), shared by the client and the
 * fake app-server. Shapes carry the stable fields; real payloads carry more, so every object type
 * allows unknown fields. One typed map per direction drives both sides.
 */

/** Unknown fields are allowed everywhere: the live server sends more than the stable schema. */
export interface Open {
  readonly [extra: string]: unknown;
}

// ---- handshake ----
export interface ClientInfo {
  readonly name: string;
  readonly title?: string | null;
  readonly version: string;
}
export interface InitializeCapabilities extends Open {
  readonly experimentalApi?: boolean;
  readonly requestAttestation?: boolean;
  readonly optOutNotificationMethods?: readonly string[] | null;
}
export interface InitializeParams extends Open {
  readonly clientInfo: ClientInfo;
  readonly capabilities?: InitializeCapabilities | null;
}
export interface InitializeResult extends Open {
  readonly userAgent: string;
  readonly codexHome?: string;
  readonly platformFamily?: string;
  readonly platformOs?: string;
}

// ---- threads ----
export type ApprovalPolicy = "untrusted" | "on-request" | "never" | { readonly granular: Open };
export type SandboxMode = "read-only" | "workspace-write" | "danger-full-access";
export type ThreadStatus =
  | { readonly type: "idle" | "notLoaded" | "systemError" }
  | { readonly type: "active"; readonly activeFlags: readonly string[] };

export interface Thread extends Open {
  readonly id: string;
  readonly sessionId?: string;
  readonly parentThreadId?: string | null;
  readonly preview?: string;
  readonly ephemeral?: boolean;
  readonly modelProvider?: string;
  readonly model?: string;
  readonly createdAt?: number;
  readonly updatedAt?: number;
  readonly status?: ThreadStatus;
  readonly path?: string | null;
  readonly cwd?: string;
  readonly cliVersion?: string;
  readonly turns?: readonly Turn[];
}
export interface ThreadStartParams extends Open {
  readonly model?: string;
  readonly modelProvider?: string;
  readonly cwd?: string;
  readonly approvalPolicy?: ApprovalPolicy;
  readonly sandbox?: SandboxMode;
  readonly config?: Readonly<Record<string, unknown>>;
  readonly baseInstructions?: string;
  readonly developerInstructions?: string;
  readonly ephemeral?: boolean;
  readonly serviceName?: string;
}
export interface ThreadStartResult extends Open {
  readonly thread: Thread;
  readonly model?: string;
  readonly modelProvider?: string;
  readonly cwd?: string;
  readonly approvalPolicy?: ApprovalPolicy;
  readonly sandbox?: Open;
  readonly reasoningEffort?: string | null;
}
export interface ThreadResumeParams extends Open {
  readonly threadId: string;
  readonly model?: string;
  readonly cwd?: string;
  readonly approvalPolicy?: ApprovalPolicy;
  readonly sandbox?: SandboxMode;
  readonly excludeTurns?: boolean;
}
export type ThreadResumeResult = ThreadStartResult;

// ---- turns ----
export type UserInput =
  | { readonly type: "text"; readonly text: string; readonly text_elements?: readonly unknown[] }
  | { readonly type: "image"; readonly url: string }
  | { readonly type: "localImage"; readonly path: string }
  | (Open & { readonly type: string });

export type TurnStatus = "completed" | "interrupted" | "failed" | "inProgress";

/** `CodexErrorInfo`: a string variant, an object variant, or something newer (accept unknowns). */
export type CodexErrorInfo =
  | "contextWindowExceeded"
  | "usageLimitExceeded"
  | "rateLimitExceeded"
  | "serverOverloaded"
  | "unauthorized"
  | "badRequest"
  | "internalServerError"
  | "other"
  | { readonly httpConnectionFailed: { readonly httpStatusCode: number | null } }
  | { readonly responseStreamDisconnected: { readonly httpStatusCode?: number | null } & Open }
  | { readonly responseStreamConnectionFailed: Open }
  | (string & {})
  | Open;

export interface TurnError extends Open {
  readonly message: string;
  readonly codexErrorInfo: CodexErrorInfo | null;
  readonly additionalDetails: string | null;
}
export interface Turn extends Open {
  readonly id: string;
  readonly items: readonly ThreadItem[];
  readonly itemsView?: "notLoaded" | "summary" | "full" | (string & {});
  readonly status: TurnStatus;
  readonly error: TurnError | null;
  readonly startedAt?: number | null;
  readonly completedAt?: number | null;
  readonly durationMs?: number | null;
}
export interface TurnStartParams extends Open {
  readonly threadId: string;
  readonly input: readonly UserInput[];
  readonly cwd?: string;
  readonly approvalPolicy?: ApprovalPolicy;
  readonly model?: string;
  readonly effort?: string;
  readonly outputSchema?: unknown;
}
export interface TurnStartResult extends Open {
  readonly turn: Turn;
}
export interface TurnInterruptParams extends Open {
  readonly threadId: string;
  readonly turnId: string;
}
export type TurnInterruptResult = Open;

// ---- items ----
export type MessagePhase = "commentary" | "partial_answer" | "final_answer";
export type ThreadItem =
  | (Open & { readonly type: "userMessage"; readonly id: string; readonly content?: readonly UserInput[] })
  | (Open & { readonly type: "agentMessage"; readonly id: string; readonly text: string; readonly phase?: MessagePhase | null })
  | (Open & {
      readonly type: "commandExecution";
      readonly id: string;
      readonly command: string;
      readonly cwd?: string;
      readonly status: "inProgress" | "completed" | "failed" | "declined" | (string & {});
    })
  | (Open & { readonly type: "fileChange"; readonly id: string; readonly status: string })
  | (Open & { readonly type: string; readonly id: string });

export type AgentMessageItem = Open & {
  readonly type: "agentMessage";
  readonly id: string;
  readonly text: string;
  readonly phase?: MessagePhase | null;
};

export function isAgentMessageItem(item: ThreadItem): item is AgentMessageItem {
  return item.type === "agentMessage" && typeof item["text"] === "string";
}

// ---- accounts ----
export type Account =
  | { readonly type: "apiKey" }
  | { readonly type: "chatgpt"; readonly email?: string; readonly planType?: string }
  | Open;
export interface AccountReadParams extends Open {
  readonly refreshToken?: boolean;
}
export interface AccountReadResult extends Open {
  readonly account: Account | null;
  readonly requiresOpenaiAuth: boolean;
}
export type AccountLoginStartParams =
  | { readonly type: "apiKey"; readonly apiKey: string }
  | { readonly type: "chatgpt" }
  | (Open & { readonly type: string });
export interface AccountLoginStartResult extends Open {
  readonly type?: string;
  readonly loginId?: string;
  readonly authUrl?: string;
}

// ---- server → client notifications ----
export interface ThreadStartedNotification extends Open {
  readonly thread: Thread;
}
export interface ThreadStatusChangedNotification extends Open {
  readonly threadId: string;
  readonly status: ThreadStatus;
}
export interface TurnNotification extends Open {
  readonly threadId: string;
  readonly turn: Turn;
}
export interface ItemStartedNotification extends Open {
  readonly item: ThreadItem;
  readonly threadId: string;
  readonly turnId: string;
  readonly startedAtMs?: number;
}
export interface ItemCompletedNotification extends Open {
  readonly item: ThreadItem;
  readonly threadId: string;
  readonly turnId: string;
  readonly completedAtMs?: number;
}
export interface AgentMessageDeltaNotification extends Open {
  readonly threadId: string;
  readonly turnId: string;
  readonly itemId: string;
  readonly delta: string;
}
/** Mid-turn error; precedes `turn/completed` (status failed) when `willRetry` is false. */
export interface ErrorNotification extends Open {
  readonly error: TurnError;
  readonly willRetry: boolean;
  readonly threadId: string;
  readonly turnId: string;
}
export interface TokenUsageUpdatedNotification extends Open {
  readonly threadId: string;
  readonly turnId: string;
  readonly tokenUsage: Open;
}
export interface RateLimitsUpdatedNotification extends Open {
  readonly rateLimits: Open;
}
export interface WarningNotification extends Open {
  readonly threadId?: string;
  readonly message: string;
}
export interface ServerRequestResolvedNotification extends Open {
  readonly threadId: string;
  readonly requestId: number | string;
}

// ---- server → client requests (approvals) ----
export type ApprovalDecision =
  | "accept"
  | "acceptForSession"
  | "decline"
  | "cancel"
  | { readonly acceptWithExecpolicyAmendment: Open }
  | { readonly applyNetworkPolicyAmendment: Open };

export interface CommandExecutionApprovalParams extends Open {
  readonly threadId: string;
  readonly turnId: string;
  readonly itemId: string;
  readonly startedAtMs?: number;
  readonly command?: string;
  readonly cwd?: string;
  readonly availableDecisions?: readonly ApprovalDecision[];
}
export interface FileChangeApprovalParams extends Open {
  readonly threadId: string;
  readonly turnId: string;
  readonly itemId: string;
  readonly startedAtMs?: number;
  readonly reason?: string | null;
  readonly grantRoot?: string | null;
}
export interface ApprovalResult {
  readonly decision: ApprovalDecision;
}
export interface ChatgptAuthTokensRefreshResult extends Open {
  readonly accessToken: string;
  readonly chatgptAccountId: string;
  readonly chatgptPlanType?: string | null;
}

// ---- the typed method maps ----
/** Client → server requests: `method → { params, result }`. */
export interface CodexClientRequests {
  initialize: { params: InitializeParams; result: InitializeResult };
  "thread/start": { params: ThreadStartParams; result: ThreadStartResult };
  "thread/resume": { params: ThreadResumeParams; result: ThreadResumeResult };
  "turn/start": { params: TurnStartParams; result: TurnStartResult };
  "turn/interrupt": { params: TurnInterruptParams; result: TurnInterruptResult };
  "account/read": { params: AccountReadParams | undefined; result: AccountReadResult };
  "account/login/start": { params: AccountLoginStartParams; result: AccountLoginStartResult };
}

/** Client → server notifications: `method → params`. */
export interface CodexClientNotifications {
  initialized: Open | undefined;
}

/** Server → client notifications: `method → params` (the envelope adds `emittedAtMs`). */
export interface CodexServerNotifications {
  "thread/started": ThreadStartedNotification;
  "thread/status/changed": ThreadStatusChangedNotification;
  "turn/started": TurnNotification;
  "turn/completed": TurnNotification;
  "item/started": ItemStartedNotification;
  "item/completed": ItemCompletedNotification;
  "item/agentMessage/delta": AgentMessageDeltaNotification;
  error: ErrorNotification;
  "thread/tokenUsage/updated": TokenUsageUpdatedNotification;
  "account/rateLimits/updated": RateLimitsUpdatedNotification;
  warning: WarningNotification;
  "serverRequest/resolved": ServerRequestResolvedNotification;
}

/** Server → client requests: `method → { params, result }`. */
export interface CodexServerRequests {
  "item/commandExecution/requestApproval": { params: CommandExecutionApprovalParams; result: ApprovalResult };
  "item/fileChange/requestApproval": { params: FileChangeApprovalParams; result: ApprovalResult };
  "account/chatgptAuthTokens/refresh": { params: Open | undefined; result: ChatgptAuthTokensRefreshResult };
}

export type CodexClientRequestMethod = keyof CodexClientRequests;
export type CodexServerNotificationMethod = keyof CodexServerNotifications;
export type CodexServerRequestMethod = keyof CodexServerRequests;

/** The client's view of the connection, as a JSON-RPC peer protocol. */
export interface CodexClientProtocol {
  outRequests: CodexClientRequests;
  outNotifications: CodexClientNotifications;
  inNotifications: CodexServerNotifications;
  inRequests: CodexServerRequests;
}

/** The server's view (for the fake app-server): the same maps, mirrored. */
export interface CodexServerProtocol {
  outRequests: CodexServerRequests;
  outNotifications: CodexServerNotifications;
  inNotifications: CodexClientNotifications;
  inRequests: CodexClientRequests;
}
