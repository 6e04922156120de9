import { describe, expect, it } from "vitest";
import { statefulSession } from "./stateful-kit.ts";
import type { FakeCodexScript } from "./script.ts";
import { bootServer, createTestWorld } from "./testkit.ts";
import { createFakeAppServer } from "./server.ts";

const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const session = (script?: FakeCodexScript) => statefulSession({ drain, ...(script === undefined ? {} : { script }) });

describe("config/read, config/value/write, config/batchWrite (as codex 0.169.0 answers them)", () => {
  it("shows writes in later reads and new threads, with a version that changes per write", async () => {
    const s = session();
    await s.start();
    const first = (await s.call("config/read")).result as { config: Record<string, unknown>; origins: Record<string, unknown> };
    expect(first.config).toEqual({ model: "gpt-5.5", model_provider: "openai" });
    expect(Object.keys(first.origins).sort()).toEqual(["model", "model_provider"]);
    const write = (await s.call("config/value/write", { keyPath: "model", value: "gpt-5.4", mergeStrategy: "replace" })).result as { status: string; version: string; filePath: string };
    expect(write).toMatchObject({ status: "ok", filePath: "/home/fake/.codex/config.toml", overriddenMetadata: null });
    expect(write.version).toMatch(/^sha256:[0-9a-f]{64}$/);
    const batch = (await s.call("config/batchWrite", {
      edits: [
        { keyPath: "model_providers.fake.stream_max_retries", value: 3, mergeStrategy: "replace" },
        { keyPath: "approval_policy", value: "never", mergeStrategy: "upsert" },
      ],
    })).result as { version: string };
    expect(batch.version).not.toBe(write.version);
    const read = (await s.call("config/read", { includeLayers: true })).result as { config: Record<string, unknown>; origins: Record<string, unknown>; layers: unknown[] };
    expect(read.config).toEqual({ model: "gpt-5.4", model_provider: "openai", model_providers: { fake: { stream_max_retries: 3 } }, approval_policy: "never" });
    expect(read.origins).toHaveProperty(["model_providers.fake.stream_max_retries"]);
    expect(read.layers).toHaveLength(1);
    const thread = (await s.call("thread/start")).result as { model: string };
    expect(thread.model).toBe("gpt-5.4");
    expect(s.invalid()).toEqual([]);
  });

  it("refuses a stale expectedVersion, an empty key path and a wrongly typed value, changing nothing", async () => {
    const s = session();
    await s.start();
    const conflict = await s.call("config/value/write", { keyPath: "model", value: "x", mergeStrategy: "replace", expectedVersion: "sha256:stale" });
    expect(conflict["error"]).toEqual({ code: -32600, message: "Configuration was modified since last read. Fetch latest version and retry.", data: { config_write_error_code: "configVersionConflict" } });
    expect((await s.call("config/value/write", { keyPath: "", value: 5, mergeStrategy: "replace" }))["error"]).toEqual({
      code: -32600,
      message: "keyPath must not be empty",
      data: { config_write_error_code: "configValidationError" },
    });
    expect((await s.call("config/value/write", { keyPath: "model", value: 5, mergeStrategy: "replace" }))["error"]).toEqual({
      code: -32600,
      message: "Invalid configuration: invalid type: integer `5`, expected a string\nin `model`\n",
      data: { config_write_error_code: "configValidationError" },
    });
    const atomic = await s.call("config/batchWrite", { edits: [{ keyPath: "a", value: 1, mergeStrategy: "replace" }, { keyPath: "model", value: true, mergeStrategy: "replace" }] });
    expect(atomic["error"]).toMatchObject({ data: { config_write_error_code: "configValidationError" } });
    expect(((await s.call("config/read")).result as { config: unknown }).config).toEqual({ model: "gpt-5.5", model_provider: "openai" });
    const current = (await s.call("config/value/write", { keyPath: "a", value: 1, mergeStrategy: "replace" })).result as { version: string };
    expect((await s.call("config/value/write", { keyPath: "b", value: 2, mergeStrategy: "replace", expectedVersion: current.version })).result).toMatchObject({ status: "ok" });
  });

  it("reflects the configuration the fake was started with (config.toml and -c, from fakes/config)", async () => {
    const world = createTestWorld({ drain });
    const raw: string[] = [];
    const server = createFakeAppServer({
      world,
      session: { model: "my-model", modelProvider: "fake", config: { model: "my-model", model_provider: "fake", model_providers: { fake: { base_url: "http://127.0.0.1:9/v1", stream_idle_timeout_ms: 1500 } } } },
      host: { writeLine: (line) => raw.push(line), writeStderr: () => {}, exit: () => {}, closeStdin: () => {} },
    });
    server.handleLine(JSON.stringify({ id: 0, method: "initialize", params: { clientInfo: { name: "p", version: "1" } } }));
    server.handleLine(JSON.stringify({ id: 1, method: "config/read", params: {} }));
    await world.run();
    const read = JSON.parse(raw[1] ?? "{}") as { result: { config: Record<string, unknown>; origins: Record<string, unknown> } };
    expect(read.result.config).toMatchObject({ model: "my-model", model_provider: "fake", model_providers: { fake: { stream_idle_timeout_ms: 1500 } } });
    expect(Object.keys(read.result.origins)).toContain("model_providers.fake.base_url");
  });

  it("answers configRequirements/read as the real server does with no requirements", async () => {
    const s = session();
    await s.start();
    expect((await s.call("configRequirements/read")).result).toEqual({ supportsIndependentSpeedModes: true, requirements: null });
  });
});

describe("account/read, account/login/start, account/login/cancel, account/logout", () => {
  it("logs in with an API key and out again, each change visible in account/read and announced", async () => {
    const s = session({ auth: "none" });
    await s.start();
    expect((await s.call("account/read")).result).toEqual({ account: null, requiresOpenaiAuth: true, userId: null, workspaceRouting: null });
    const before = s.count();
    expect((await s.call("account/login/start", { type: "apiKey", apiKey: "sk-test" })).result).toEqual({ type: "apiKey" });
    expect(s.t.out().slice(before).map((m) => [m.method ?? "#", m.params])).toEqual([
      ["#", undefined],
      ["account/login/completed", { loginId: null, success: true, error: null, onboardingEntrypoint: null }],
      ["account/updated", { authMode: "apikey", planType: null }],
    ]);
    expect((await s.call("account/read")).result).toMatchObject({ account: { type: "apiKey" }, requiresOpenaiAuth: true });
    expect((await s.call("account/logout")).result).toEqual({});
    expect(s.t.out().at(-1)).toMatchObject({ method: "account/updated", params: { authMode: null, planType: null } });
    expect((await s.call("account/read")).result).toMatchObject({ account: null });
    expect(s.invalid()).toEqual([]);
  });

  it("keeps a ChatGPT login pending until cancelled, then reports it failed; unknown ids are notFound", async () => {
    const s = session();
    await s.start();
    const login = (await s.call("account/login/start", { type: "chatgpt" })).result as { type: string; loginId: string; authUrl: string };
    expect(login.type).toBe("chatgpt");
    expect(login.authUrl).toMatch(/^https:\/\/auth\.openai\.com\/oauth\/authorize\?/);
    const before = s.count();
    expect((await s.call("account/login/cancel", { loginId: login.loginId })).result).toEqual({ status: "canceled" });
    expect(s.t.out().slice(before).map((m) => m.method ?? "#")).toEqual(["#", "account/login/completed"]);
    expect(s.t.out().at(-1)?.params).toEqual({ loginId: login.loginId, success: false, error: "Login server error: Login was not completed", onboardingEntrypoint: null });
    expect((await s.call("account/login/cancel", { loginId: login.loginId })).result).toEqual({ status: "notFound" });
    expect((await s.call("account/login/cancel", { loginId: "nope" }))["error"]).toEqual({ code: -32600, message: "invalid login id: nope" });
    expect((await s.call("account/login/start", {}))["error"]).toEqual({ code: -32600, message: "Invalid request: missing field `type`" });
    expect((await s.call("account/login/start", { type: "bogus" }))["error"]).toMatchObject({ message: expect.stringMatching(/^Invalid request: unknown variant `bogus`, expected one of `apiKey`/) as unknown });
    expect(s.invalid()).toEqual([]);
  });

  it("reports no account with a custom provider, whatever the login, as the real server does", async () => {
    const s = session({ auth: "provider" });
    await s.start();
    await s.call("account/login/start", { type: "apiKey", apiKey: "sk-test" });
    expect((await s.call("account/read")).result).toEqual({ account: null, requiresOpenaiAuth: false, userId: null, workspaceRouting: null });
  });
});

describe("model/list and skills/list", () => {
  it("lists the bundled catalog (the default model among it), paged by an offset cursor", async () => {
    const s = session();
    await s.start();
    const all = (await s.call("model/list")).result as { data: Array<{ id: string; isDefault: boolean }>; nextCursor: unknown };
    expect(all.data.map((m) => m.id)).toContain("gpt-5.5");
    expect(all.data.filter((m) => m.isDefault)).toHaveLength(1);
    expect(all.nextCursor).toBeNull();
    const page = (await s.call("model/list", { limit: 2 })).result as { data: Array<{ id: string }>; nextCursor: string };
    expect(page.nextCursor).toBe("2");
    const next = (await s.call("model/list", { limit: 2, cursor: page.nextCursor })).result as { data: Array<{ id: string }> };
    expect(next.data.map((m) => m.id)).toEqual(all.data.slice(2, 4).map((m) => m.id));
    expect(s.invalid()).toEqual([]);
  });

  it("lists no skills for each asked-for cwd", async () => {
    const t = bootServer({ world: createTestWorld({ drain }) });
    t.send({ id: 0, method: "initialize", params: { clientInfo: { name: "p", version: "1" } } });
    t.send({ id: 1, method: "skills/list", params: { cwds: ["/a", "/b"] } });
    await t.world.run();
    expect(t.out().find((m) => m.id === 1)?.result).toEqual({ data: [{ cwd: "/a", skills: [], errors: [] }, { cwd: "/b", skills: [], errors: [] }] });
  });
});
