/** What a kit's scenario template is given. */
export interface TemplateInput {
  /** The scenario id, `<area>/<name>`. */
  readonly id: string;
  /** The kit's index, relative to the new file (`../turn/index.ts`). */
  readonly kitImport: string;
}

export interface Kit {
  readonly name: string;
  /** The kit's public edge, relative to the scenarios folder. */
  readonly index: string;
  /** One line for `--list-kits`: what it builds and the faults it exposes. */
  readonly summary: string;
  /** The lane a generated scenario runs in. */
  readonly lane: "deterministic" | "black-box";
  template(input: TemplateInput): string;
}
