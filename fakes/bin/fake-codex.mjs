#!/usr/bin/env node
// A drop-in `codex` for tests: `codex app-server` (stdio), `--version`, `login status`.
// Loads the TypeScript entry through tsx's in-process loader, so the fake is one process with one
// pid (signals and exit codes are the fake's own, as with the real binary). See fakes/README.md.
// tsx would otherwise keep a compile cache under $TMPDIR (tsx-<uid>); a fake must leave no files behind.
process.env.TSX_DISABLE_CACHE ??= "1";
const { register } = await import("tsx/esm/api");
register();
const { runFakeCodex } = await import("./main.ts");
runFakeCodex(process.argv.slice(2));
