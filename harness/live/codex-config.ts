/**
 * How the live lane configures codex: a custom provider pointing at the loopback model API, as a
 * client does it — either `$CODEX_HOME/config.toml` or the same keys as `-c key=value` flags on the
 * command line (before the subcommand). The real binary and the fake binary get the identical flags.
 */
export const LIVE_MODEL = "gpt-5.5";
/** The provider's id in `model_providers.<id>` (the `modelProvider` codex reports on threads). */
export const LIVE_PROVIDER_ID = "fake";
/** The provider's env_key; the real binary sends `Authorization: Bearer <value>`. A fixed test value. */
export const LIVE_KEY_ENV = "FAKE_KEY";
export const LIVE_KEY_VALUE = "sk-test";

export interface CodexConfigOptions {
  readonly baseUrl: string;
  /** How long the real binary waits for the next SSE byte before failing the turn. */
  readonly streamIdleTimeoutMs: number;
}

/** Where the configuration goes: the config file, or `-c` flags on the command line. */
export type ConfigVia = "toml" | "flags";

function providerFields(options: CodexConfigOptions): string[] {
  return [
    `name = "${LIVE_PROVIDER_ID}"`,
    `base_url = "${options.baseUrl}"`,
    `env_key = "${LIVE_KEY_ENV}"`,
    `wire_api = "responses"`,
    `request_max_retries = 0`,
    `stream_max_retries = 0`,
    `stream_idle_timeout_ms = ${options.streamIdleTimeoutMs}`,
  ];
}

export function codexConfigToml(options: CodexConfigOptions): string {
  return [
    `model = "${LIVE_MODEL}"`,
    `model_provider = "${LIVE_PROVIDER_ID}"`,
    `check_for_update_on_startup = false`,
    ``,
    `[model_providers.${LIVE_PROVIDER_ID}]`,
    ...providerFields(options),
    ``,
  ].join("\n");
}

/** The same configuration as `-c` flags: `-c model="…" -c model_provider="…" -c 'model_providers.<id>={…}'`. */
export function codexConfigFlags(options: CodexConfigOptions): string[] {
  return [
    "-c",
    `model="${LIVE_MODEL}"`,
    "-c",
    `model_provider="${LIVE_PROVIDER_ID}"`,
    "-c",
    "check_for_update_on_startup=false",
    "-c",
    `model_providers.${LIVE_PROVIDER_ID}={${providerFields(options).join(", ")}}`,
  ];
}
