/**
 * `pnpm scenarios --check-determinism`: every selected deterministic run is executed twice, in two
 * separate child processes running side by side (`pnpm scenarios digests …`), and the digests are
 * compared run by run. Any difference — or a run one process made and the other did not — is the
 * verdict `nondeterministic`, exit 6.
 */
import { EXIT_CODES } from "../../scenario/verdict.ts";
import { formatMs, type Output } from "../output.ts";
import { parseDigestLines } from "./digests.ts";
import type { RunDeps } from "./run.ts";

export interface ChildResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface DeterminismDeps extends RunDeps {
  /** Runs `pnpm scenarios <argv>` in a separate process. */
  spawnCli(argv: readonly string[]): Promise<ChildResult>;
}

/** The child's argv: the user's selection, as `digests`, without output-shaping options. */
export function digestsArgv(argv: readonly string[]): string[] {
  const drop = new Set(["--check-determinism", "--json", "-q", "--quiet"]);
  const out: string[] = ["digests"];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? "";
    if (drop.has(token)) continue;
    if (token === "--out") {
      i += 1;
      continue;
    }
    if (token.startsWith("--out=")) continue;
    out.push(token);
  }
  return out;
}

export async function determinismCommand(out: Output, argv: readonly string[], options: { readonly expectedRuns: number }, deps: DeterminismDeps): Promise<number> {
  const started = deps.wallMs();
  const childArgv = digestsArgv(argv);
  out.info(`determinism check: ${options.expectedRuns} deterministic runs, each in two separate processes`);
  const [a, b] = await Promise.all([deps.spawnCli(childArgv), deps.spawnCli(childArgv)]);
  for (const [name, child] of [["first", a], ["second", b]] as const) {
    if (child.code !== 0) {
      out.error(`the ${name} process exited ${child.code}: ${child.stderr.trim().split("\n").slice(-3).join(" | ")}`);
      return EXIT_CODES.error;
    }
  }
  const first = parseDigestLines(a.stdout);
  const second = parseDigestLines(b.stdout);
  const mismatches: string[] = [];
  for (const key of new Set([...first.keys(), ...second.keys()])) {
    const x = first.get(key);
    const y = second.get(key);
    if (x === undefined || y === undefined) mismatches.push(`NONDET  ${key}: ran in only the ${x === undefined ? "second" : "first"} process`);
    else if (x.digest !== y.digest) mismatches.push(`NONDET  ${key}: digest ${x.digest.slice(0, 16)}… (${x.verdict}) vs ${y.digest.slice(0, 16)}… (${y.verdict})`);
  }
  for (const line of mismatches) out.info(line);
  const took = formatMs(deps.wallMs() - started);
  if (mismatches.length > 0) {
    out.info(`${mismatches.length} of ${first.size} runs are nondeterministic (${took}) — NONDETERMINISTIC (exit ${EXIT_CODES.nondeterministic})`);
    return EXIT_CODES.nondeterministic;
  }
  out.info(`${first.size} runs gave identical digests in two processes (${took}) — ok`);
  return EXIT_CODES.ok;
}
