import { describe, expect, it } from "vitest";
import { REDACTED, isSecretKey, redactJson, redactText, secretsFromEnv } from "./redact.ts";

const CANARY = "canary-bearer-7f3a9c1e5b";
const SK = "sk-proj-AbCdEf0123456789xyzXYZ";
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXNpZw";

describe("redactText", () => {
  it("removes a bearer token but keeps the scheme readable", () => {
    const out = redactText(`request failed: Authorization: Bearer ${CANARY} (401)`);
    expect(out).not.toContain(CANARY);
    expect(out).toContain(`Authorization: Bearer ${REDACTED}`);
  });

  it("removes a bearer token that appears without a header name", () => {
    expect(redactText(`sent "Bearer ${CANARY}"`)).toBe(`sent "Bearer ${REDACTED}"`);
  });

  it("removes sk- and sk-proj- keys and JWT-shaped strings", () => {
    const out = redactText(`key ${SK} and sk-abcdefghijklmnop, jwt ${JWT}.`);
    expect(out).not.toMatch(/sk-proj-AbC|sk-abcdef|eyJhbGci/);
    expect(out).toBe(`key ${REDACTED} and ${REDACTED}, jwt ${REDACTED}.`);
  });

  it("removes values after secret-looking names in header, JSON and query forms", () => {
    expect(redactText('{"apiKey":"abc123456","n":1}')).toBe(`{"apiKey":"${REDACTED}","n":1}`);
    expect(redactText("GET /v1?api_key=abc123&x=1")).toBe(`GET /v1?api_key=${REDACTED}&x=1`);
    expect(redactText("password=hunter22 cookie: sid=42")).toBe(`password=${REDACTED} cookie: ${REDACTED}`);
    expect(redactText("Authorization: Basic dXNlcjpwYXNz")).toBe(`Authorization: Basic ${REDACTED}`);
  });

  it("removes the password of a URL with credentials", () => {
    expect(redactText("ws://user:s3cr3t@127.0.0.1:9/x")).toBe(`ws://user:${REDACTED}@127.0.0.1:9/x`);
  });

  it("scrubs literal secrets the caller names, whatever their shape", () => {
    expect(redactText("leaked plainvalue99 here", { secrets: ["plainvalue99", "abc"] })).toBe(
      `leaked ${REDACTED} here`,
    );
  });

  it("leaves ordinary prose and protocol names alone", () => {
    const prose = "thread/tokenUsage/updated: 12 tokens; the bearer token is redacted; task-lifecycle ok";
    expect(redactText(prose)).toBe(prose);
  });

  it("is idempotent", () => {
    const once = redactText(`Authorization: Bearer ${CANARY}; token=${SK}`);
    expect(redactText(once)).toBe(once);
    expect(once).toBe(`Authorization: Bearer ${REDACTED}; token=${REDACTED}`);
  });
});

describe("redactJson", () => {
  it("replaces values of secret-named keys at any depth, case-insensitively", () => {
    const input = {
      headers: { Authorization: `Bearer ${CANARY}`, "X-Api-Key": "k-1234567", accept: "json" },
      auth: { authToken: "short", api_key: ["a", "b"], Password: { nested: "x" } },
      cookie: "sid=1",
      usage: { inputTokens: 12, token: 3 },
    };
    expect(redactJson(input)).toEqual({
      headers: { Authorization: REDACTED, "X-Api-Key": REDACTED, accept: "json" },
      auth: { authToken: REDACTED, api_key: REDACTED, Password: REDACTED },
      cookie: REDACTED,
      usage: { inputTokens: 12, token: 3 },
    });
  });

  it("scrubs secrets inside ordinary strings, arrays and keys", () => {
    const out = redactJson({ log: [`got Bearer ${CANARY}`, SK], [JWT]: 1 });
    const text = JSON.stringify(out);
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(SK);
    expect(text).not.toContain(JWT);
    expect(out).toEqual({ log: [`got Bearer ${REDACTED}`, REDACTED], [REDACTED]: 1 });
  });

  it("keeps both entries when two keys redact to the same name", () => {
    const out = redactJson({ [SK]: 1, "sk-zzzzzzzzzzzz": 2 });
    expect(Object.values(out as object).sort()).toEqual([1, 2]);
  });
});

describe("isSecretKey", () => {
  it("recognizes the usual names and spares counters", () => {
    for (const k of ["authorization", "authToken", "apiKey", "api_key", "token", "password", "secret", "Cookie", "set-cookie", "OPENAI_API_KEY", "accessToken", "clientSecret"]) {
      expect(isSecretKey(k), k).toBe(true);
    }
    for (const k of ["inputTokens", "tokenUsage", "kind", "author", "secretary-note-id"]) {
      expect(isSecretKey(k), k).toBe(false);
    }
  });
});

describe("secretsFromEnv", () => {
  it("collects values of key-, token- and password-named variables only", () => {
    const env = { OPENAI_API_KEY: "sk-live-value", GH_TOKEN: "ghp_1234567890", HOME: "/home/me", PIN_TOKEN: "short", PATH: "/bin" };
    expect(secretsFromEnv(env).sort()).toEqual(["ghp_1234567890", "sk-live-value"]);
  });
});

describe("redactJson with mapText", () => {
  it("maps every string and key first, redacts the mapped text, and keeps keys the mapping merges", () => {
    const mapText = (s: string): string => s.replaceAll("/tmp/run-1", "<tmp>").replaceAll("/tmp/run-2", "<tmp>");
    const input = { "/tmp/run-1/a": "x", "/tmp/run-2/a": "y", nested: ["at /tmp/run-1/b", { token: "/tmp/run-2/tok" }] };
    expect(redactJson(input, { mapText })).toEqual({
      "<tmp>/a": "x",
      "<tmp>/a#2": "y",
      nested: ["at <tmp>/b", { token: REDACTED }],
    });
    expect(input["nested"]).toEqual(["at /tmp/run-1/b", { token: "/tmp/run-2/tok" }]);
  });

  it("answers isSecretKey the same from its cache as on first sight", () => {
    for (let round = 0; round < 2; round++) {
      expect(isSecretKey("x-api-key")).toBe(true);
      expect(isSecretKey("inputTokens")).toBe(false);
    }
  });
});
