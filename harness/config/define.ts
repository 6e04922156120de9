import type { ProofConfig } from "./schema.ts";

/** Types a `codex-proof.config.ts` default export; returns it unchanged. */
export function defineConfig(config: ProofConfig): ProofConfig {
  return config;
}
