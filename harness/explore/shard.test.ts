import { describe, expect, it } from "vitest";
import { inShard, parseShard, shardKey, shardOf, ShardSpecError } from "./shard.ts";

describe("shards", () => {
  it("parses i/n and rejects anything else", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    for (const bad of ["0/4", "5/4", "2", "a/b", "1/0"]) expect(() => parseShard(bad)).toThrow(ShardSpecError);
  });

  it("puts every key in exactly one shard, the same one every time", () => {
    const keys = Array.from({ length: 400 }, (_, i) => shardKey({ scenarioId: "a/b", target: "src", seed: i }));
    const counts = [1, 2, 3, 4].map((index) => keys.filter((k) => inShard(k, { index, count: 4 })).length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(400);
    for (const n of counts) expect(n).toBeGreaterThan(60);
    expect(keys.map((k) => shardOf(k, 4))).toEqual(keys.map((k) => shardOf(k, 4)));
  });

  it("keys a run by scenario, target and seed only, so other runs never move it", () => {
    expect(shardKey({ scenarioId: "exec/x", target: "mutant:m", seed: 7 })).toBe("exec/x|mutant:m|7");
    expect(shardOf("exec/x|mutant:m|7", 4)).toBe(shardOf("exec/x|mutant:m|7", 4));
    expect(inShard("anything", undefined)).toBe(true);
  });
});
