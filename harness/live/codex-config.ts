/** The temporary CODEX_HOME's config.toml: a custom provider pointing at the loopback model API. */
export const LIVE_MODEL = "gpt-5.5";
/** The provider's env_key; the real binary sends `Authorization: Bearer <value>`. A fixed test value. */
export const LIVE_KEY_ENV = "FAKE_KEY";
export const LIVE_KEY_VALUE = "sk-test";

export interface CodexConfigOptions {
  readonly baseUrl: string;
  /** How long the real binary waits for the next SSE byte before failing the turn. */
  readonly streamIdleTimeoutMs: number;
}

export function codexConfigToml(options: CodexConfigOptions): string {
  return [
    `model = "${LIVE_MODEL}"`,
    `model_provider = "fake"`,
    `check_for_update_on_startup = false`,
    ``,
    `[model_providers.fake]`,
    `name = "fake"`,
    `base_url = "${options.baseUrl}"`,
    `env_key = "${LIVE_KEY_ENV}"`,
    `wire_api = "responses"`,
    `request_max_retries = 0`,
    `stream_max_retries = 0`,
    `stream_idle_timeout_ms = ${options.streamIdleTimeoutMs}`,
    ``,
  ].join("\n");
}
