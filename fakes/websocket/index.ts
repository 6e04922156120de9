export { createMockSocketHost, type MockSocketHost } from "./mock-socket-host.ts";
export type { CloseRequest, ServerConnection, WsHost, WsHostHandlers } from "./types.ts";
export { installVirtualTimers, VirtualTimersInstalledError } from "./virtual-timers.ts";
export { createWsLoopbackHost } from "./ws-host.ts";
