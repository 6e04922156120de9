/**
 * The exec-server JSON-RPC protocol (codex-rs/exec-server, observed with codex 0.169.0):
 * one message per websocket frame (or JSONL over stdio), the JSON-RPC envelope without `jsonrpc`.
 * One typed map drives both the client (src/exec) and the fake server (fakes/exec-server).
 */
export type ProcessStream = "stdout" | "stderr" | "pty";

export interface ProcessChunk {
  readonly seq: number;
  readonly stream: ProcessStream;
  /** Base64 of the bytes. */
  readonly chunk: string;
}

export interface ProcessStartParams {
  readonly processId: string;
  readonly argv: readonly string[];
  /** A `file://` URI. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly tty: boolean;
  readonly pipeStdin: boolean;
  readonly arg0: string | null;
}

export interface ProcessReadParams {
  readonly processId: string;
  readonly afterSeq?: number;
  readonly maxBytes?: number;
  readonly waitMs?: number;
}

export interface ProcessReadResult {
  readonly chunks: readonly ProcessChunk[];
  readonly nextSeq: number;
  readonly exited: boolean;
  readonly exitCode: number | null;
  readonly closed: boolean;
  readonly failure: string | null;
  readonly sandboxDenied: boolean;
}

/** Client → server requests: method → {params, result}. */
export interface ExecServerRequests {
  initialize: { params: { readonly clientName: string; readonly resumeSessionId?: string }; result: { readonly sessionId: string } };
  "process/start": { params: ProcessStartParams; result: { readonly processId: string } };
  "process/read": { params: ProcessReadParams; result: ProcessReadResult };
  "process/terminate": { params: { readonly processId: string }; result: { readonly running: boolean } };
}

/** Client → server notifications. */
export interface ExecServerClientNotifications {
  initialized: Readonly<Record<string, never>>;
}

/** Server → client notifications. */
export interface ExecServerNotifications {
  "process/output": { readonly processId: string; readonly seq: number; readonly stream: ProcessStream; readonly chunk: string };
  "process/exited": { readonly processId: string; readonly seq: number; readonly exitCode: number };
  "process/closed": { readonly processId: string; readonly seq: number };
}

export type ExecServerMethod = keyof ExecServerRequests;
export type ExecServerNotificationMethod = keyof ExecServerNotifications;

export interface RpcErrorBody {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** Error codes and messages the real exec-server answers with (reference §9.4). */
export const EXEC_SERVER_ERRORS = {
  notInitialized: { code: -32600, message: "client must call initialize before using environment info methods" },
  initializeTwice: { code: -32600, message: "initialize may only be sent once per connection" },
  unknownProcess: (processId: string) => ({ code: -32600, message: `unknown process id ${processId}` }),
  unknownMethod: (method: string) => ({ code: -32601, message: `exec-server stub does not implement \`${method}\` yet` }),
  relativeCwd: { code: -32602, message: "invalid URI: relative URL without a base" },
} as const;
