/** Splits a byte stream into lines, bounded: a line longer than `maxLineChars` is an error, not unbounded memory. */
export interface LineSplitter {
  push(chunk: string): void;
  /** Flushes a final unterminated line, if any. */
  end(): void;
}

export class LineTooLongError extends Error {
  constructor(readonly maxLineChars: number) {
    super(`incoming line exceeds ${maxLineChars} characters`);
    this.name = "LineTooLongError";
  }
}

export function createLineSplitter(options: {
  readonly maxLineChars: number;
  readonly onLine: (line: string) => void;
  readonly onOverflow: (error: LineTooLongError) => void;
}): LineSplitter {
  let buffer = "";
  let overflowed = false;
  return {
    push(chunk) {
      if (overflowed) return;
      // Only the new chunk can hold the first newline: the buffer before it had none.
      const from = buffer.length;
      buffer += chunk;
      let newline = buffer.indexOf("\n", from);
      while (newline !== -1) {
        const line = buffer.slice(0, newline).replace(/\r$/, "");
        buffer = buffer.slice(newline + 1);
        if (line.length > options.maxLineChars) return overflow();
        if (line.trim() !== "") options.onLine(line);
        newline = buffer.indexOf("\n");
      }
      if (buffer.length > options.maxLineChars) overflow();
    },
    end() {
      if (overflowed) return;
      const rest = buffer.trim();
      buffer = "";
      if (rest !== "") options.onLine(rest);
    },
  };
  function overflow(): void {
    overflowed = true;
    buffer = "";
    options.onOverflow(new LineTooLongError(options.maxLineChars));
  }
}
