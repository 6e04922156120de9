export { createSimSpawner, type FakeProcessIO, type FakeProgram, type SimSpawner } from "./sim-spawner.ts";
