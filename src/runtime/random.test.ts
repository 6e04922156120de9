import { describe, expect, it } from "vitest";
import { randomHex, type Random } from "./random.ts";

function sequence(values: readonly number[]): Random {
  let i = 0;
  return {
    nextU32: () => values[i++ % values.length] as number,
    nextInt: () => 0,
  };
}

describe("randomHex", () => {
  it("writes each byte as two lowercase hex digits, zero-padded, from the low byte of each draw", () => {
    expect(randomHex(sequence([0x05, 0x1ab, 0xff, 0x00]), 4)).toBe("05abff00");
    expect(randomHex(sequence([0]), 3)).toBe("000000");
    expect(randomHex(sequence([7]), 0)).toBe("");
  });
});
