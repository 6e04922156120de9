export { Broker, createBroker } from "./broker.ts";
export { processSignals } from "./node-signals.ts";
export { connectUnixSocket, listenUnixSocket, socketTransport, type SocketOptions } from "./unix-socket.ts";
export { brokerUpstreamFrom } from "./upstream.ts";
export {
  BROKER_BUSY_CODE,
  BROKER_BUSY_MESSAGE,
  BROKER_USER_AGENT,
  STREAM_METHODS,
  type BrokerListener,
  type BrokerOptions,
  type BrokerSignal,
  type BrokerState,
  type BrokerUpstream,
  type SignalPort,
} from "./types.ts";
