import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLineSplitter, LineTooLongError } from "./line-splitter.ts";

/** What the splitter must yield for `text`, however it is cut into chunks (the model). */
function model(text: string, maxLineChars: number): { lines: string[]; overflowed: boolean } {
  const segments = text.split("\n");
  const last = segments.pop() ?? "";
  const lines: string[] = [];
  for (const raw of segments) {
    const line = raw.replace(/\r$/, "");
    if (line.length > maxLineChars) return { lines, overflowed: true };
    if (line.trim() !== "") lines.push(line);
  }
  if (last.length > maxLineChars) return { lines, overflowed: true };
  if (last.trim() !== "") lines.push(last.trim());
  return { lines, overflowed: false };
}

function run(chunks: readonly string[], maxLineChars: number): { lines: string[]; overflows: LineTooLongError[] } {
  const lines: string[] = [];
  const overflows: LineTooLongError[] = [];
  const splitter = createLineSplitter({ maxLineChars, onLine: (line) => lines.push(line), onOverflow: (error) => overflows.push(error) });
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return { lines, overflows };
}

/** `text` cut at the given (sorted, deduplicated) offsets. */
function cut(text: string, offsets: readonly number[]): string[] {
  const at = [...new Set(offsets.map((o) => o % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const to of at) {
    chunks.push(text.slice(from, to));
    from = to;
  }
  chunks.push(text.slice(from));
  return chunks;
}

describe("line splitter", () => {
  it("yields the same non-blank lines however the stream is cut into chunks", () => {
    const text = fc.stringMatching(/^[a-c \r\n]{0,60}$/);
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 8 }), (t, offsets) => {
        expect(run(cut(t, offsets), 1_000)).toEqual({ lines: model(t, 1_000).lines, overflows: [] });
      }),
    );
  });

  it("reports one overflow for the first line over the limit and yields nothing from it on", () => {
    const text = fc.stringMatching(/^[ab \n]{0,40}$/);
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 1, max: 6 }), (t, offsets, max) => {
        const expected = model(t, max);
        const got = run(cut(t, offsets), max);
        expect(got.lines).toEqual(expected.lines);
        expect(got.overflows.length).toBe(expected.overflowed ? 1 : 0);
      }),
    );
  });

  it("names the limit in the overflow error, and a line of exactly the limit is fine", () => {
    const got = run(["abcd\nabcde", "\nnext\n"], 4);
    expect(got.lines).toEqual(["abcd"]);
    expect(got.overflows).toHaveLength(1);
    expect(got.overflows[0]).toBeInstanceOf(LineTooLongError);
    expect(got.overflows[0]).toMatchObject({ name: "LineTooLongError", maxLineChars: 4, message: "incoming line exceeds 4 characters" });
  });

  it("overflows on an unterminated line as soon as it passes the limit, without waiting for its end", () => {
    const lines: string[] = [];
    let overflows = 0;
    const splitter = createLineSplitter({ maxLineChars: 3, onLine: (line) => lines.push(line), onOverflow: () => overflows++ });
    splitter.push("ab");
    expect(overflows).toBe(0);
    splitter.push("cd");
    expect(overflows).toBe(1);
    splitter.push("\nlater\n");
    splitter.end();
    expect({ lines, overflows }).toEqual({ lines: [], overflows: 1 });
  });

  it("strips a carriage return before the newline but keeps other whitespace of a complete line", () => {
    expect(run([" a b \r\n", "\t\r\n", "c"], 100).lines).toEqual([" a b ", "c"]);
  });

  it("flushes the final line once: a second end() yields nothing, and a later push starts afresh", () => {
    const lines: string[] = [];
    const splitter = createLineSplitter({ maxLineChars: 100, onLine: (line) => lines.push(line), onOverflow: () => {} });
    splitter.push("a\nlast");
    splitter.end();
    splitter.end();
    expect(lines).toEqual(["a", "last"]);
    splitter.push("b\n");
    expect(lines).toEqual(["a", "last", "b"]);
  });
});
