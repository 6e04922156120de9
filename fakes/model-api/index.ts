export { createModelApiHandlers, type ModelApiHandlers, type ModelApiRequestRecord } from "./handlers.ts";
export { createHttpModelPort, createMswModelPort, type FetchLike, type HttpModelPortOptions } from "./port.ts";
export { startModelApiServer, type ModelApiServer } from "./loopback.ts";
export { createSseParser, parseWireEvent, sseFrame, wireEvent } from "./sse.ts";
