export { CONFIG_FIELDS, ConfigError, validateConfig, type ProofConfig } from "./schema.ts";
export { CONFIG_FILES, findConfigFile, loadConfig, type ResolvedConfig } from "./load.ts";
export { defineConfig } from "./define.ts";
