/** The fake `codex` executable's entry point (bundled to dist/fake-codex/cli.js by `pnpm build`). */
import { runFakeCodex } from "./main.ts";

await runFakeCodex(process.argv.slice(2), process.env, import.meta.url);
