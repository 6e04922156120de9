export {
  JsonRpcClosedError,
  JsonRpcHandlerError,
  JsonRpcRequestError,
  JsonRpcResponseError,
} from "./errors.ts";
export { encodeError, encodeNotification, encodeRequest, encodeResult, parseIncoming, type IncomingMessage } from "./message.ts";
export {
  createJsonRpcPeer,
  DEFAULT_CLOSED_MESSAGE,
  effectiveTimeoutMs,
  type JsonRpcPeer,
  type JsonRpcPeerOptions,
  type NotificationHandler,
} from "./peer.ts";
export type { ServerRequestHandler } from "./server-requests.ts";
export {
  REQUEST_TIMEOUT_FLOOR_MS,
  RPC_ERROR_CODES,
  type JsonRpcErrorObject,
  type JsonRpcId,
  type MethodOf,
  type NotificationEnvelope,
  type ParamsOf,
  type RequestOptions,
  type ResultOf,
  type RpcProtocol,
  type ServerRequestContext,
} from "./types.ts";
