/**
 * The FakeWorld for fakes running as real processes (the fake-codex binary, a loopback model API):
 * the real clock, labelled random streams from one seed (printed by whoever starts it, so a run
 * can be repeated), deliveries run in posting order on the microtask queue, and trace events go to
 * the given sink.
 */
import { noopSink, type EventSink } from "../../src/runtime/events.ts";
import { createRealClock } from "../../src/runtime/real-clock.ts";
import { realRandom } from "../../src/runtime/real-random.ts";
import type { FakeWorld } from "../world.ts";
import { seededRandom } from "./seeded-random.ts";

export interface ProcessWorld extends FakeWorld {
  readonly seed: number;
}

export function createProcessWorld(options: { seed?: number; emit?: EventSink } = {}): ProcessWorld {
  const seed = options.seed ?? realRandom.nextU32();
  return {
    seed,
    clock: createRealClock(),
    random: (label) => seededRandom(seed, label),
    post: (_channel, _label, deliver) => queueMicrotask(deliver),
    emit: options.emit ?? noopSink,
  };
}
