/** The real WebSocketFactory over the `ws` package (Node 20 has no global WebSocket without a flag). */
import WebSocket from "ws";
import type { WebSocketFactory, WebSocketLike } from "../runtime/websocket.ts";

export const wsWebSocketFactory: WebSocketFactory = (url, headers) =>
  new WebSocket(url, { headers: { ...headers } }) as unknown as WebSocketLike;
