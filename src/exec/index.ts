export { connectExecServerClient, type ConnectExecServerOptions, type ExecServerClient, type ExecTransportKind, type StartProcessOptions } from "./client.ts";
export { ExecServerConnectError, ExecServerDisconnectedError, ExecServerProtocolError, ExecServerRpcError, redactUrl } from "./errors.ts";
export { createConnectGate, type ConnectGate, type Release } from "./gate.ts";
export {
  createLazyExecServerClient,
  defaultLazyExecServerClientImpl,
  type CachePolicy,
  type ConnectErrorMemory,
  type ExecServerTransportParams,
  type LazyExecServerClient,
  type LazyExecServerClientImpl,
  type LazyExecServerClientOptions,
} from "./lazy-client.ts";
export type { RemoteExecProcess } from "./process.ts";
export {
  EXEC_SERVER_ERRORS,
  type ExecServerClientNotifications,
  type ExecServerMethod,
  type ExecServerNotificationMethod,
  type ExecServerNotifications,
  type ExecServerRequests,
  type ProcessChunk,
  type ProcessReadParams,
  type ProcessReadResult,
  type ProcessStartParams,
  type ProcessStream,
  type RpcErrorBody,
} from "./protocol.ts";
export { createExecRpcClient, type ExecRpcClient, type NotificationHandler } from "./rpc.ts";
export { createWebSocketTransport, type WebSocketTransportOptions } from "./websocket-transport.ts";
export { wsWebSocketFactory } from "./ws-factory.ts";
