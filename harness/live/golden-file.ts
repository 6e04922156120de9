/**
 * Golden files: the real binary's transcripts, recorded once per golden case and committed under
 * scenarios/live/golden/, so the deterministic lane can hold the fake to them without the binary.
 * Temp paths are replaced by `<tmp>` before writing; nothing secret is ever in a transcript (the
 * API key only lives in the child's environment, and model requests are logged as hashes).
 */
import { readFileSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { ModelApiRequestLog } from "../../fakes/model-api/index.ts";
import type { Json } from "../scenario/types.ts";
import type { GoldenCase } from "./golden-cases.ts";
import { REPO_ROOT } from "./launch.ts";
import { normalizeText } from "./normalize.ts";
import type { Transcript, TranscriptEntry } from "./transcript.ts";

export const GOLDEN_DIR = join(REPO_ROOT, "scenarios", "live", "golden");
export const GOLDEN_SCHEMA = "live-golden/v1";

export interface GoldenFile {
  readonly schema: typeof GOLDEN_SCHEMA;
  readonly codexVersion: string;
  readonly case: GoldenCase;
  readonly transcript: Transcript;
  readonly modelRequests: ReadonlyArray<Omit<ModelApiRequestLog, "authSha256"> & { readonly authorization: "present" | "absent" }>;
}

export class GoldenFileError extends Error {
  constructor(file: string, why: string, options?: { cause?: unknown }) {
    super(`${file}: ${why}`, options);
    this.name = "GoldenFileError";
  }
}

function scrub(value: Json, paths: readonly string[]): Json {
  if (typeof value === "string") return normalizeText(value, paths);
  if (Array.isArray(value)) return value.map((v: Json) => scrub(v, paths));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, paths)]));
  }
  return value;
}

export function goldenFilePath(caseId: string, dir: string = GOLDEN_DIR): string {
  return join(dir, `${caseId}.json`);
}

export function toGoldenFile(options: {
  golden: GoldenCase;
  codexVersion: string;
  transcript: Transcript;
  modelRequests: readonly ModelApiRequestLog[];
  paths: readonly string[];
}): GoldenFile {
  const entries = options.transcript.entries.map((e): TranscriptEntry => (e.dir === "send" || e.dir === "recv" ? { ...e, msg: scrub(e.msg, options.paths) } : e));
  return {
    schema: GOLDEN_SCHEMA,
    codexVersion: options.codexVersion,
    case: options.golden,
    transcript: { ...options.transcript, entries },
    modelRequests: options.modelRequests.map(({ authSha256, ...rest }) => ({ ...rest, authorization: authSha256 === null ? "absent" : "present" })),
  };
}

export function writeGoldenFile(file: string, golden: GoldenFile): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(golden, null, 2)}\n`);
  renameSync(tmp, file);
}

export function readGoldenFile(file: string): GoldenFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new GoldenFileError(file, `cannot read golden transcript: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const g = parsed as Partial<GoldenFile>;
  if (g.schema !== GOLDEN_SCHEMA) throw new GoldenFileError(file, `schema is ${JSON.stringify(g.schema)}, expected "${GOLDEN_SCHEMA}"`);
  if (!Array.isArray(g.transcript?.entries)) throw new GoldenFileError(file, "transcript.entries must be an array");
  return g as GoldenFile;
}
