/** A command line the CLI cannot act on: printed as one line with a hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly hint: string;
  constructor(message: string, options: { readonly hint?: string } = {}) {
    super(message);
    this.hint = options.hint ?? "see --help";
  }
}
