/** Start-up progress on stderr (a terminal, or CLP_PROGRESS=1): the first output within a second of the start. */
const started = performance.now();

export function progressEnabled(): boolean {
  const argv = process.argv.slice(2);
  if (argv.includes("--quiet") || argv.includes("-q") || argv.includes("--help") || argv.includes("-h")) return false;
  return process.env["CLP_PROGRESS"] === "1" || process.stderr.isTTY;
}

export function progress(line: string): void {
  if (progressEnabled()) process.stderr.write(`scenarios: ${line} (+${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}

export function startedProgress(): void {
  progress("loading the harness…");
}
