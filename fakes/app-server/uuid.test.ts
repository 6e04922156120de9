import { describe, expect, it } from "vitest";
import { parseUuid } from "./uuid.ts";

describe("parseUuid, as codex 0.169.0 parses thread ids (messages observed in the live lane)", () => {
  it("accepts hyphenated and simple forms and canonicalises them", () => {
    expect(parseUuid("01A233F3-37ad-7a73-aeae-5168e41cb904")).toEqual({ ok: true, id: "01a233f3-37ad-7a73-aeae-5168e41cb904" });
    expect(parseUuid("01a233f337ad7a73aeae5168e41cb904")).toEqual({ ok: true, id: "01a233f3-37ad-7a73-aeae-5168e41cb904" });
  });

  it.each([
    ["", "invalid length: expected length 32 for simple format, found 0"],
    ["abcd", "invalid length: expected length 32 for simple format, found 4"],
    ["nope", "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1"],
    ["x", "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `x` at 1"],
    ["urn:uuid:zz", "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `z` at 10"],
    ["0123-45", "invalid group count: expected 5, found 2"],
    ["01a233f3-37ad-7a73-aeae-5168e41cb90", "invalid group length in group 4: expected 12, found 11"],
    ["01a233f3-37ad-7a73-aeae-5168e41cb9044", "invalid group length in group 4: expected 12, found 13"],
    ["01a233f3-37ad7-a73-aeae-5168e41cb904", "invalid group length in group 1: expected 4, found 5"],
  ])("refuses %j with the uuid crate's words", (input, message) => {
    expect(parseUuid(input)).toEqual({ ok: false, message });
  });
});
