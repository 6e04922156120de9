export { parseCodexArgv, CodexArgvError, type CodexArgv } from "./argv.ts";
export { usesConfiguredProvider, withConfig } from "./effective.ts";
export { CONFIG_DEFAULTS, CodexConfigError, loadCodexConfig, resolveModelProvider, type CodexConfig, type ConfigWarning, type LoadConfigOptions, type ModelProviderConfig } from "./load.ts";
export {
  applyOverride,
  applyOverrides,
  ConfigOverrideError,
  featureOverride,
  mergeTables,
  parseOverride,
  parseTomlValue,
  type ConfigOverride,
  type TomlTable,
  type TomlValue,
} from "./overrides.ts";
