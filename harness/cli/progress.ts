/** Start-up progress on stderr (a terminal unless --quiet, or CLP_PROGRESS=1): the first output within a second of the start. */
const started = performance.now();

/** CLP_PROGRESS=1 asks for it even with --quiet (the bench measures the first line of a quiet run). */
export function progressEnabled(): boolean {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) return false;
  if (process.env["CLP_PROGRESS"] === "1") return true;
  if (argv.includes("--quiet") || argv.includes("-q")) return false;
  return process.stderr.isTTY;
}

export function progress(line: string): void {
  if (progressEnabled()) process.stderr.write(`scenarios: ${line} (+${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}

export function startedProgress(): void {
  progress("loading the harness…");
}
