/** Types for scripts/build.mjs (imported by the harness and the vitest global setup). */
export declare const ROOT: string;
export declare const DIST: string;
export interface BuildStep {
  readonly name: string;
  readonly describe: string;
  run(): Promise<readonly string[]>;
}
export declare const STEPS: readonly BuildStep[];
export interface BuildOptions {
  readonly ifStale?: boolean;
  readonly log?: (line: string) => void;
}
export interface BuildStamp {
  readonly steps?: Readonly<Record<string, { readonly builtAtMs: number; readonly inputs: readonly string[] }>>;
}
/** Why step `name` needs a rebuild (a source changed or is gone, never built), or undefined. */
export declare function staleReason(name: string, stamp?: BuildStamp): string | undefined;
export declare function build(options?: BuildOptions): Promise<string[]>;
export declare function ensureBuilt(options?: Omit<BuildOptions, "ifStale">): Promise<string[]>;
