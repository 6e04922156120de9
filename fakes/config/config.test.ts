import { describe, expect, it } from "vitest";
import { parseCodexArgv } from "./argv.ts";
import { withConfig } from "./effective.ts";
import { CodexConfigError, loadCodexConfig } from "./load.ts";
import { applyOverrides, ConfigOverrideError, parseOverride } from "./overrides.ts";

const files = (map: Record<string, string>) => (path: string): string => {
  const text = map[path];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
  return text;
};

describe("-c key=value, as the real CLI parses it", () => {
  it("parses the value as TOML, else takes it as a literal string", () => {
    expect(parseOverride('model="o3"')).toEqual({ path: ["model"], value: "o3" });
    expect(parseOverride("model=o3")).toEqual({ path: ["model"], value: "o3" });
    expect(parseOverride("a.b.c=1500")).toEqual({ path: ["a", "b", "c"], value: 1500 });
    expect(parseOverride('sandbox_permissions=["disk-full-read-access"]').value).toEqual(["disk-full-read-access"]);
    expect(parseOverride('p={name="x", base_url="http://h/v1", n=0}').value).toEqual({ name: "x", base_url: "http://h/v1", n: 0 });
    expect(parseOverride("x=[1,2").value).toBe("[1,2");
    expect(parseOverride("x=true").value).toBe(true);
  });

  it("rejects an override without '=' or without a key", () => {
    expect(() => parseOverride("bogus")).toThrow(new ConfigOverrideError("Invalid override (missing '='): bogus"));
    expect(() => parseOverride("=1")).toThrow(ConfigOverrideError);
  });

  it("sets dotted paths inside tables, later overrides winning", () => {
    const table = applyOverrides({ model_providers: { m: { name: "m", base_url: "u" } } }, [parseOverride("model_providers.m.base_url=v"), parseOverride("model=a"), parseOverride("model=b")]);
    expect(table).toEqual({ model: "b", model_providers: { m: { name: "m", base_url: "v" } } });
  });

  it("splits global options from the subcommand and keeps their order", () => {
    expect(parseCodexArgv(["-c", "a=1", "--profile", "w", "app-server", "--config", "b=2", "--disable", "f", "--listen", "stdio://"])).toEqual({
      overrides: [
        { path: ["a"], value: 1 },
        { path: ["b"], value: 2 },
        { path: ["features", "f"], value: false },
      ],
      profile: "w",
      command: ["app-server", "--listen", "stdio://"],
    });
    expect(parseCodexArgv(["-V"]).topLevel).toBe("version");
  });
});

describe("loadCodexConfig: defaults < config.toml < <profile>.config.toml < -c", () => {
  const home = "/h";
  it("resolves a custom provider from config.toml and lets -c override single fields", () => {
    const toml = 'model = "m1"\nmodel_provider = "p"\n[model_providers.p]\nname = "P"\nbase_url = "http://127.0.0.1:9/v1/"\nenv_key = "K"\nstream_idle_timeout_ms = 1500\n';
    const config = loadCodexConfig({ codexHome: home, readText: files({ "/h/config.toml": toml }), overrides: [parseOverride("model_providers.p.request_max_retries=2"), parseOverride("model=m2")] });
    expect(config.model).toBe("m2");
    expect(config.modelProvider).toMatchObject({ id: "p", name: "P", baseUrl: "http://127.0.0.1:9/v1", envKey: "K", requestMaxRetries: 2, streamMaxRetries: 5, streamIdleTimeoutMs: 1500, custom: true });
  });

  it("layers a profile file on top of config.toml", () => {
    const config = loadCodexConfig({ codexHome: home, profile: "w", readText: files({ "/h/config.toml": 'model = "a"\n', "/h/w.config.toml": 'model = "b"\n' }) });
    expect(config.model).toBe("b");
  });

  it("defaults to the built-in openai provider and gpt-5.5", () => {
    const config = loadCodexConfig({ codexHome: home, readText: files({}) });
    expect(config).toMatchObject({ model: "gpt-5.5", modelProvider: { id: "openai", custom: false, envKey: "OPENAI_API_KEY" }, warnings: [] });
  });

  it("warns and uses the defaults for a config.toml that is not TOML", () => {
    const config = loadCodexConfig({ codexHome: home, readText: files({ "/h/config.toml": 'model = "x"\nmodel = \n' }) });
    expect(config.model).toBe("gpt-5.5");
    expect(config.warnings).toEqual([expect.objectContaining({ summary: "Invalid configuration; using defaults.", path: "/h/config.toml", details: expect.stringMatching(/^\/h\/config\.toml:\d+:\d+: /) })]);
  });

  it("refuses what codex refuses: an unknown provider, a provider without a name", () => {
    expect(() => loadCodexConfig({ codexHome: home, readText: files({}), overrides: [parseOverride("model_provider=nope")] })).toThrow(new CodexConfigError("Model provider `nope` not found"));
    expect(() => loadCodexConfig({ codexHome: home, readText: files({}), overrides: [parseOverride('model_providers.x={base_url="u"}'), parseOverride("model_provider=x")] })).toThrow(/provider name must not be empty/);
  });
});

describe("withConfig: the fault script wins where it speaks", () => {
  const config = loadCodexConfig({
    codexHome: "/h",
    readText: files({}),
    overrides: [parseOverride('model_providers.m={name="m",base_url="http://x/v1",stream_idle_timeout_ms=1500,stream_max_retries=1}'), parseOverride("model_provider=m")],
  });
  it("takes retries, idle timeout and base_url from a configured provider", () => {
    expect(withConfig({}, config).provider).toEqual({ streamMaxRetries: 1, streamIdleTimeoutMs: 1500, baseUrl: "http://x/v1" });
  });
  it("keeps the script's own provider fields", () => {
    expect(withConfig({ provider: { streamIdleTimeoutMs: null } }, config).provider).toEqual({ streamMaxRetries: 1, streamIdleTimeoutMs: null, baseUrl: "http://x/v1" });
  });
});
