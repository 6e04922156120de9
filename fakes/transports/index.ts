export { createTransportPair, type InMemoryEnd } from "./in-memory.ts";
