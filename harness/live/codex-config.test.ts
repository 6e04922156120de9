import { describe, expect, it } from "vitest";
import { parseCodexArgv } from "../../fakes/config/argv.ts";
import { loadCodexConfig } from "../../fakes/config/load.ts";
import { codexConfigFlags, codexConfigToml, LIVE_KEY_ENV, LIVE_MODEL, LIVE_PROVIDER_ID } from "./codex-config.ts";

const options = { baseUrl: "http://127.0.0.1:4321/v1", streamIdleTimeoutMs: 1_500 };
const noFile = (): string => {
  throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
};

describe("the live lane's codex configuration", () => {
  it("configures the same model and provider through -c flags as through config.toml", () => {
    // Arrange
    const argv = [...codexConfigFlags(options), "app-server"];
    // Act
    const parsed = parseCodexArgv(argv);
    const viaFlags = loadCodexConfig({ codexHome: "/h", overrides: parsed.overrides, readText: noFile });
    const viaFile = loadCodexConfig({ codexHome: "/h", readText: () => codexConfigToml(options) });
    // Assert
    expect(parsed.command).toEqual(["app-server"]);
    expect(viaFlags.model).toBe(LIVE_MODEL);
    expect(viaFlags.modelProvider).toEqual(viaFile.modelProvider);
    expect(viaFlags.modelProvider).toMatchObject({
      id: LIVE_PROVIDER_ID,
      baseUrl: options.baseUrl,
      envKey: LIVE_KEY_ENV,
      requestMaxRetries: 0,
      streamMaxRetries: 0,
      streamIdleTimeoutMs: 1_500,
      custom: true,
    });
  });

  it("puts every flag before the subcommand, as a client configuring codex globally does", () => {
    const flags = codexConfigFlags(options);
    expect(flags.filter((_, i) => i % 2 === 0).every((f) => f === "-c")).toBe(true);
    expect(flags.at(-1)).toBe(
      `model_providers.fake={name = "fake", base_url = "${options.baseUrl}", env_key = "FAKE_KEY", wire_api = "responses", request_max_retries = 0, stream_max_retries = 0, stream_idle_timeout_ms = 1500}`,
    );
  });
});
