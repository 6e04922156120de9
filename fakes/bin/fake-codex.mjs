#!/usr/bin/env node
// A drop-in `codex` for tests: `codex app-server` (stdio), `--version`, `login status`.
// Runs the JavaScript that `pnpm build` (run by `pnpm install`) bundles from fakes/bin/entry.ts
// into dist/fake-codex/: one process with one pid and no loader or compiler child, so signals and
// exit codes are the fake's own, as with the real binary. See fakes/README.md.
const entry = new URL("../../dist/fake-codex/cli.js", import.meta.url);
try {
  await import(entry.href);
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("dist/fake-codex/cli.js")) throw error;
  process.stderr.write("fake-codex: dist/fake-codex/cli.js is missing; run `pnpm build` (or `pnpm install`) first\n");
  process.exitCode = 2;
}
