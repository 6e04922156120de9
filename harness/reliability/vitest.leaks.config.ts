/**
 * The project's vitest config plus the leak check, until vitest.config.ts lists it as a globalSetup:
 * `npx vitest run --config harness/reliability/vitest.leaks.config.ts [paths]`.
 */
import { resolve } from "node:path";
import { defineConfig, mergeConfig } from "vitest/config";
import base from "../../vitest.config.ts";

export default mergeConfig(
  base,
  defineConfig({ root: resolve(import.meta.dirname, "../.."), test: { globalSetup: [resolve(import.meta.dirname, "leak-check.global.ts")] } }),
);
