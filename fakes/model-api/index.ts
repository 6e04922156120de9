export { createModelApiHandlers, type ModelApiHandlers, type ModelApiRequestRecord } from "./handlers.ts";
export { createHttpModelPort, createMswModelPort, type FetchLike, type HttpModelPortOptions } from "./port.ts";
export { startModelApiServer, type ModelApiServer, type ModelApiRequestLog } from "./loopback.ts";
export { createSseParser, parseWireEvent, sseFrame, wireEvent } from "./sse.ts";
export { API_KEY_401, API_KEY_401_MESSAGE } from "./api-key-401.ts";
export { modelRequestShape, type ModelRequestShape } from "./request-shape.ts";
