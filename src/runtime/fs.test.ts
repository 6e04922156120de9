import { describe, expect, it } from "vitest";
import { fsErrorCode } from "./fs.ts";

describe("fsErrorCode", () => {
  it("reads a string code from an error-like object and nothing from anything else", () => {
    expect(fsErrorCode(Object.assign(new Error("x"), { code: "ENOENT" }))).toBe("ENOENT");
    expect(fsErrorCode({ code: "EEXIST" })).toBe("EEXIST");
    expect(fsErrorCode({ code: 5 })).toBeUndefined();
    expect(fsErrorCode(new Error("no code"))).toBeUndefined();
    expect(fsErrorCode("ENOENT")).toBeUndefined();
    expect(fsErrorCode(null)).toBeUndefined();
    expect(fsErrorCode(undefined)).toBeUndefined();
  });
});
