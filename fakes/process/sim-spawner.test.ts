import { describe, expect, it } from "vitest";
import type { Random } from "../../src/runtime/random.ts";
import type { FakeWorld } from "../world.ts";
import { createSimSpawner } from "./sim-spawner.ts";

/** A hand-cranked world: deliveries queue up and run FIFO when `drain` is called. */
function manualWorld(randomInts: number[]): FakeWorld & { drain(): void } {
  const queue: Array<() => void> = [];
  const random: Random = { nextU32: () => 0, nextInt: (n) => Math.min(n - 1, randomInts.shift() ?? 0) };
  return {
    clock: { nowMs: () => 0, setTimer: () => 0, clearTimer: () => {} },
    random: () => random,
    post: (_channel, _label, deliver) => void queue.push(deliver),
    emit: () => {},
    drain() {
      while (queue.length > 0) queue.shift()?.();
    },
  };
}

function spawnWriter(world: ReturnType<typeof manualWorld>): string[] {
  const spawner = createSimSpawner(world, {
    writer: (io) => {
      io.writeStdout("a");
      io.writeStdout("b");
      io.writeStdout("c");
    },
  });
  const chunks: string[] = [];
  spawner.spawn("writer", []).onStdout((chunk) => chunks.push(chunk));
  world.drain();
  return chunks;
}

describe("sim spawner stdout", () => {
  it("can deliver consecutive lines in one read, in order", () => {
    expect(spawnWriter(manualWorld([2]))).toEqual(["a\nb\nc\n"]);
  });

  it("can deliver one line per read", () => {
    expect(spawnWriter(manualWorld([0, 0, 0]))).toEqual(["a\n", "b\n", "c\n"]);
  });

  it("never loses or reorders a line whatever the read sizes", () => {
    expect(spawnWriter(manualWorld([1, 0])).join("")).toBe("a\nb\nc\n");
  });
});
