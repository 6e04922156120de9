/** The fake `codex` executable's entry point (bundled to dist/fake-codex/cli.js by `pnpm build`). */
import { FAKE_CODEX_VERSION } from "../app-server/version.ts";

const argv = process.argv.slice(2);
// `codex --version` alone is what clients run most (often before every turn): answered before the
// command-line parser, the TOML reader and the fault-script validator are even loaded.
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`${FAKE_CODEX_VERSION}\n`);
} else {
  const { runFakeCodex } = await import("./main.ts");
  await runFakeCodex(argv, process.env, import.meta.url);
}
