import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashSecret, keyHash, sharedClientKey, type CodexStartOptions } from "./shared-client-key.ts";

const sha = (value: string): string => createHash("sha256").update(value).digest("hex");

describe("hashSecret", () => {
  it("is 'sha256:' plus the first 16 hex digits of the sha256 digest", () => {
    expect(hashSecret("abc")).toBe("sha256:ba7816bf8f01cfea");
    expect(hashSecret("")).toBe("sha256:e3b0c44298fc1c14");
  });

  it("never contains the secret and always has the fixed shape", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (secret) => {
        const hashed = hashSecret(secret);
        expect(hashed).toMatch(/^sha256:[0-9a-f]{16}$/);
        expect(hashed).toBe(`sha256:${sha(secret).slice(0, 16)}`);
      }),
    );
  });
});

describe("keyHash", () => {
  it("is the first 12 hex digits of the sha256 of the key", () => {
    expect(keyHash("abc")).toBe("ba7816bf8f01");
  });
});

describe("sharedClientKey", () => {
  it("serialises the defaults exactly", () => {
    expect(sharedClientKey({ transport: "stdio" })).toBe(
      '{"transport":"stdio","command":null,"commandSource":null,"args":[],"url":null,"authToken":null,"headers":[],"env":[],"clearEnv":[],"authProfileId":null,"agentDir":null,"fallbackApiKeyCacheKey":null}',
    );
  });

  it("serialises every field exactly, with secrets hashed and maps sorted", () => {
    const key = sharedClientKey({
      transport: "websocket",
      command: "codex",
      commandSource: "path",
      args: ["app-server", "--x"],
      url: "ws://127.0.0.1:1",
      authToken: "tok-secret",
      headers: { "X-Zeta": "hz", "X-Alpha": "ha" },
      env: { ZED: "vz", ALPHA: "va", GONE: undefined },
      clearEnv: ["Z_VAR", "A_VAR"],
      authProfileId: "profile-1",
      agentDir: "/agents/a",
      fallbackApiKeyCacheKey: "fallback-secret",
    });
    expect(JSON.parse(key)).toEqual({
      transport: "websocket",
      command: "codex",
      commandSource: "path",
      args: ["app-server", "--x"],
      url: "ws://127.0.0.1:1",
      authToken: hashSecret("tok-secret"),
      headers: [
        ["x-alpha", hashSecret("ha")],
        ["x-zeta", hashSecret("hz")],
      ],
      env: [
        ["ALPHA", hashSecret("va")],
        ["GONE", null],
        ["ZED", hashSecret("vz")],
      ],
      clearEnv: ["A_VAR", "Z_VAR"],
      authProfileId: "profile-1",
      agentDir: "/agents/a",
      fallbackApiKeyCacheKey: hashSecret("fallback-secret"),
    });
    expect(key).toBe(
      `{"transport":"websocket","command":"codex","commandSource":"path","args":["app-server","--x"],"url":"ws://127.0.0.1:1","authToken":"${hashSecret("tok-secret")}","headers":[["x-alpha","${hashSecret("ha")}"],["x-zeta","${hashSecret("hz")}"]],"env":[["ALPHA","${hashSecret("va")}"],["GONE",null],["ZED","${hashSecret("vz")}"]],"clearEnv":["A_VAR","Z_VAR"],"authProfileId":"profile-1","agentDir":"/agents/a","fallbackApiKeyCacheKey":"${hashSecret("fallback-secret")}"}`,
    );
    for (const secret of ["tok-secret", "hz", "ha", "vz", "va", "fallback-secret"]) expect(key).not.toContain(`"${secret}"`);
  });

  it("separates keys on every start option and identity field", () => {
    const base: CodexStartOptions = { transport: "stdio", authProfileId: "p" };
    const variants: CodexStartOptions[] = [
      base,
      { ...base, transport: "websocket" },
      { ...base, command: "codex" },
      { ...base, command: "codex2" },
      { ...base, commandSource: "path" },
      { ...base, commandSource: "config" },
      { ...base, args: ["a"] },
      { ...base, args: ["b"] },
      { ...base, args: ["a", "b"] },
      { ...base, url: "ws://a" },
      { ...base, url: "ws://b" },
      { ...base, authToken: "t1" },
      { ...base, authToken: "t2" },
      { ...base, headers: { h: "1" } },
      { ...base, headers: { h: "2" } },
      { ...base, headers: { g: "1" } },
      { ...base, env: { E: "1" } },
      { ...base, env: { E: "2" } },
      { ...base, env: { E: undefined } },
      { ...base, env: { F: "1" } },
      { ...base, clearEnv: ["A"] },
      { ...base, clearEnv: ["B"] },
      { ...base, authProfileId: "q" },
      { ...base, authProfileId: null },
      { ...base, agentDir: "/a" },
      { ...base, agentDir: "/b" },
      { ...base, fallbackApiKeyCacheKey: "f1" },
      { ...base, fallbackApiKeyCacheKey: "f2" },
    ];
    const keys = variants.map(sharedClientKey);
    expect(new Set(keys).size).toBe(variants.length);
  });

  it("ignores the order of headers, env and clearEnv, and header-name case", () => {
    const names = ["m", "b", "z", "a", "q", "c"];
    fc.assert(
      fc.property(fc.shuffledSubarray(names, { minLength: names.length, maxLength: names.length }), (order) => {
        const record = Object.fromEntries(order.map((name) => [name, `v-${name}`]));
        const key = JSON.parse(sharedClientKey({ transport: "stdio", headers: record, env: record, clearEnv: order }));
        const sorted = [...names].sort();
        expect(key.headers).toEqual(sorted.map((name) => [name, hashSecret(`v-${name}`)]));
        expect(key.env).toEqual(sorted.map((name) => [name, hashSecret(`v-${name}`)]));
        expect(key.clearEnv).toEqual(sorted);
      }),
    );
    expect(sharedClientKey({ transport: "stdio", headers: { Authorization: "x" } })).toBe(
      sharedClientKey({ transport: "stdio", headers: { authorization: "x" } }),
    );
  });

  it("does not sort the caller's clearEnv array in place", () => {
    const clearEnv = ["Z", "A"];
    sharedClientKey({ transport: "stdio", clearEnv });
    expect(clearEnv).toEqual(["Z", "A"]);
  });

  it("leaves agentDir out of the key for native auth (authProfileId null)", () => {
    const a = sharedClientKey({ transport: "stdio", authProfileId: null, agentDir: "/a" });
    const b = sharedClientKey({ transport: "stdio", authProfileId: null, agentDir: "/b" });
    expect(a).toBe(b);
    expect(JSON.parse(a)).not.toHaveProperty("agentDir");
    expect(JSON.parse(sharedClientKey({ transport: "stdio", agentDir: "/a" })).agentDir).toBe("/a");
  });

  it("never contains a raw secret value", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{12,24}$/), (secret) => {
        const key = sharedClientKey({
          transport: "websocket",
          authToken: secret,
          headers: { "X-Api-Key": secret },
          env: { OPENAI_API_KEY: secret },
          fallbackApiKeyCacheKey: secret,
        });
        expect(key).not.toContain(secret);
      }),
    );
  });
});
