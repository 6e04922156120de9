import { describe, expect, it } from "vitest";
import { CanonicalJsonError, canonicalDigest, canonicalJson, sha256Hex } from "./canonical-json.ts";

describe("canonicalJson", () => {
  it("reproduces the RFC 8785 §3.2.2 sample byte for byte", () => {
    // Arrange: the RFC's sample, parsed from its non-canonical text.
    const text =
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
      '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}';
    // Act
    const out = canonicalJson(JSON.parse(text));
    // Assert
    expect(out).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("sorts keys by UTF-16 code units, as in the RFC 8785 §3.2.3 example", () => {
    const input = {
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis",
    };
    // Act
    const out = canonicalJson(input);
    // Assert: \r (U+000D) < "1" < U+0080 < ö < € < 😀 (U+D83D…) < U+FB33.
    expect(out).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it("sorts nested object keys and keeps array order", () => {
    expect(canonicalJson({ b: [3, 1, { z: 1, a: 2 }], a: { y: null, x: true } })).toBe(
      '{"a":{"x":true,"y":null},"b":[3,1,{"a":2,"z":1}]}',
    );
  });

  it("formats numbers like ECMAScript, including the edge cases", () => {
    const cases: Array<[number, string]> = [
      [-0, "0"],
      [1e21, "1e+21"],
      [1e-7, "1e-7"],
      [0.000001, "0.000001"],
      [5e-324, "5e-324"],
      [1.7976931348623157e308, "1.7976931348623157e+308"],
      [9007199254740992, "9007199254740992"],
      [295147905179352830000, "295147905179352830000"],
      [-1.5, "-1.5"],
    ];
    for (const [n, expected] of cases) expect(canonicalJson(n)).toBe(expected);
  });

  it("rejects non-finite numbers with the path of the offender", () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(/\.a\[1\].*not finite/);
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow(/not finite/);
  });

  it("rejects undefined in arrays but omits undefined properties", () => {
    expect(() => canonicalJson([1, undefined])).toThrow(/undefined in an array/);
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it("rejects bigints, functions, cycles, class instances and lone surrogates", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
    expect(() => canonicalJson({ d: new Map() })).toThrow(/Map is not a plain object/);
    expect(() => canonicalJson("\ud800x")).toThrow(/lone surrogate/);
  });

  it("accepts a shared (non-cyclic) reference twice", () => {
    const shared = { k: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"k":1},{"k":1}]');
  });
});

describe("canonicalDigest", () => {
  it("gives the same digest for the same data whatever the key order", () => {
    expect(canonicalDigest({ a: 1, b: [true] })).toBe(canonicalDigest({ b: [true], a: 1 }));
    expect(canonicalDigest({ a: 1 })).not.toBe(canonicalDigest({ a: 2 }));
  });

  it("is the sha256 of the canonical text", () => {
    expect(canonicalDigest({ a: 1 })).toBe(sha256Hex('{"a":1}'));
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});
