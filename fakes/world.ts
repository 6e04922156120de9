/**
 * The fakes' only window on time, randomness and delivery order. Fakes never call setTimeout,
 * Date or Math.random: they ask the world. In the deterministic lane the world is the simulation
 * kernel (virtual clock, seeded streams, scheduler); in the process lane it is the real clock and
 * an immediate FIFO.
 */
import type { Clock } from "../src/runtime/clock.ts";
import type { EventSink } from "../src/runtime/events.ts";
import type { Random } from "../src/runtime/random.ts";

export interface FakeWorld {
  readonly clock: Clock;
  /** A random stream forked from the run's seed under `label`; the same label gives the same stream. */
  random(label: string): Random;
  /**
   * Hands a delivery (a message crossing a pipe, a socket frame, a file-system completion) to the
   * world, which decides when it runs. Deliveries on the same `channel` run in the order posted;
   * deliveries on different channels may interleave in any order the choice policy picks.
   */
  post(channel: string, label: string, deliver: () => void): void;
  /** Records an event in the run's trace. */
  readonly emit: EventSink;
}
