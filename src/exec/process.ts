/**
 * RemoteExecProcess: a handle on a process started through one ExecServerClient. It stays bound to
 * that client: once the client is disconnected every call fails loudly with the disconnect error
 * (it is never rebound to a replacement client or resumed).
 */
import type { ExecServerDisconnectedError } from "./errors.ts";
import type { ExecServerNotifications, ProcessReadResult } from "./protocol.ts";
import type { ExecRpcClient } from "./rpc.ts";

export interface RemoteExecProcess {
  readonly processId: string;
  /** `process/read` after `afterSeq`; long-polls up to `waitMs` on the server. */
  read(options?: { readonly afterSeq?: number; readonly waitMs?: number; readonly maxBytes?: number }): Promise<ProcessReadResult>;
  terminate(): Promise<{ readonly running: boolean }>;
  /** Output notifications seen so far (seq order as received). */
  readonly notifiedChunks: readonly ExecServerNotifications["process/output"][];
  /** The exit code from `process/exited`, or undefined while running. */
  readonly exitCode: number | undefined;
  /** The disconnect that killed this handle, if any. */
  readonly disconnectError: ExecServerDisconnectedError | undefined;
}

export interface ProcessRoute {
  onNotification(method: keyof ExecServerNotifications, params: ExecServerNotifications[keyof ExecServerNotifications]): void;
  onDisconnect(error: ExecServerDisconnectedError): void;
}

export function createRemoteExecProcess(options: {
  readonly rpc: ExecRpcClient;
  readonly processId: string;
}): { handle: RemoteExecProcess; route: ProcessRoute } {
  const { rpc, processId } = options;
  const chunks: ExecServerNotifications["process/output"][] = [];
  let exitCode: number | undefined;
  let disconnectError: ExecServerDisconnectedError | undefined;

  const handle: RemoteExecProcess = {
    processId,
    read(readOptions = {}) {
      // rpc.request rejects at once on a dead client and rejects pending reads when the transport closes.
      return rpc.request("process/read", { processId, ...readOptions });
    },
    terminate: () => rpc.request("process/terminate", { processId }),
    notifiedChunks: chunks,
    get exitCode() {
      return exitCode;
    },
    get disconnectError() {
      return disconnectError;
    },
  };
  const route: ProcessRoute = {
    onNotification(method, params) {
      if (method === "process/output") chunks.push(params as ExecServerNotifications["process/output"]);
      else if (method === "process/exited") exitCode = (params as ExecServerNotifications["process/exited"]).exitCode;
    },
    onDisconnect(error) {
      disconnectError = error;
    },
  };
  return { handle, route };
}
