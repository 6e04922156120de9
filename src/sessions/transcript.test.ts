import { describe, expect, it } from "vitest";
import { formatTranscriptLine, parseTranscriptIds } from "./transcript.ts";

describe("parseTranscriptIds", () => {
  it("reads line ids in file order and counts lines that are not transcript lines", () => {
    const text = [
      formatTranscriptLine({ id: "a", role: "user", text: "hi" }).trimEnd(),
      "not json",
      '{"id": 7}',
      "",
      "   ",
      formatTranscriptLine({ id: "b", role: "assistant", text: "hello" }).trimEnd(),
      "{",
    ].join("\n");
    expect(parseTranscriptIds(text)).toEqual({ ids: ["a", "b"], malformed: 3 });
    expect(parseTranscriptIds("")).toEqual({ ids: [], malformed: 0 });
  });
});
