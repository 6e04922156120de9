/**
 * Fenced code blocks of a Markdown page, in order, with their language and the line they start on,
 * so a test can run a guide's examples and a stale one fails with its place in the page.
 */
export interface CodeBlock {
  readonly lang: string;
  readonly code: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i] ?? "");
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ""); i++) body.push(lines[i] ?? "");
    if (i >= lines.length) throw new Error(`unclosed code block at line ${start + 1}`);
    blocks.push({ lang: open[1] ?? "", code: `${body.join("\n")}\n`, line: start + 1 });
  }
  return blocks;
}

/** The blocks under one `## heading` (up to the next heading of the same or a higher level). */
export function sectionOf(markdown: string, heading: string): string {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start === -1) throw new Error(`no section "${heading}"`);
  const level = /^#+/.exec(heading)?.[0].length ?? 2;
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    const m = /^(#+)\s/.exec(lines[i] ?? "");
    if (m !== null && (m[1]?.length ?? 0) <= level) {
      end = i;
      break;
    }
  }
  // Keep the line numbers of the whole page: blank out what is outside the section.
  return lines.map((l, i) => (i > start && i < end ? l : "")).join("\n");
}
