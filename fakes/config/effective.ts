/**
 * How the codex configuration and the fault script combine (precedence, highest first):
 * fault script > `-c` overrides > `$CODEX_HOME/config.toml` > defaults.
 *
 * - Model source: the fault script's `model` section when it has one (the scripted model); else a
 *   configured provider (`model_providers.<id>` with a `base_url`) is called over HTTP as the real
 *   binary calls it; else the scripted model's default answer.
 * - Retries and the idle timeout: `script.provider.*` where the script sets them; else, for a
 *   configured provider, its `stream_max_retries` / `stream_idle_timeout_ms` (codex's defaults
 *   5 / 300000 when unset) and `base_url` (named in error messages); else the script defaults.
 * - Reported model and provider (`thread/start`, `thread/started`): `thread/start`'s params, else
 *   `model` / `model_provider` from the configuration, else `gpt-5.5` / `openai`.
 * - configWarning after `initialize`: the configuration's warnings, then the script's `afterInitialize`.
 */
import type { FakeCodexScript } from "../app-server/script.ts";
import type { CodexConfig } from "./load.ts";

export function usesConfiguredProvider(script: FakeCodexScript, config: CodexConfig): boolean {
  return script.model === undefined && config.modelProvider.custom;
}

export function withConfig(script: FakeCodexScript, config: CodexConfig): FakeCodexScript {
  const warnings = config.warnings.map((w) => ({ method: "configWarning", params: { ...w } }));
  const afterInitialize = warnings.length === 0 ? script.afterInitialize : [...warnings, ...(script.afterInitialize ?? [])];
  const withWarnings = afterInitialize === undefined ? script : { ...script, afterInitialize };
  if (!config.modelProvider.custom) return withWarnings;
  const p = config.modelProvider;
  return {
    ...withWarnings,
    provider: { streamMaxRetries: p.streamMaxRetries, streamIdleTimeoutMs: p.streamIdleTimeoutMs, baseUrl: p.baseUrl, ...script.provider },
  };
}
