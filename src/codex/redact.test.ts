import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "./redact.ts";

describe("redactSecrets", () => {
  it("removes bearer tokens, sk- keys, Authorization header values and token fields", () => {
    const text = 'Bearer eyJ.abc-1 | sk-proj_XYZ123 | authorization: Basic dXNlcg== | {"api_key":"k-9","access_token":"t-1"}';
    const out = redactSecrets(text);
    expect(out).toBe('Bearer <redacted> | sk-<redacted> | authorization: <redacted> | {"api_key":"<redacted>","access_token":"<redacted>"}');
    expect(out).not.toMatch(/eyJ|XYZ123|dXNlcg|k-9|t-1/);
  });

  it("leaves ordinary text alone, including the prose 'Invalid bearer token'", () => {
    expect(redactSecrets("exit status 1: model not found")).toBe("exit status 1: model not found");
    expect(redactSecrets("401 authentication_error: Invalid bearer token")).toBe("401 authentication_error: Invalid bearer token");
  });

  it("redacts a long all-letter bearer token", () => {
    expect(redactSecrets("Bearer abcdefghijklmnopqrstuvwxyz")).toBe("Bearer <redacted>");
  });
});

describe("redactSecrets: Authorization values", () => {
  it.each([
    ["authorization: Basic dXNlcg==", "authorization: <redacted>"],
    ["Authorization:abc123", "Authorization:<redacted>"],
    ["authorization = abc123", "authorization = <redacted>"],
    ["authorization\t:\tabc123", "authorization\t:\t<redacted>"],
    ["Authorization: abc123 rest", "Authorization: <redacted> rest"],
    ["Authorization: Basic  dXNlcg==", "Authorization: <redacted>"],
    ["Authorization: Bearer\t\tabc", "Authorization: <redacted>"],
    ["authorization='tok-1';next", "authorization='<redacted>';next"],
    ["AUTHORIZATION=tok,more", "AUTHORIZATION=<redacted>,more"],
  ])("%j -> %j", (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });
});

describe("redactSecrets: JSON-quoted Authorization", () => {
  it("redacts a JSON-quoted Authorization header value, whatever the scheme", () => {
    expect(redactSecrets('{"authorization":"Basic dXNlcg==","x":1}')).toBe('{"authorization":"<redacted>","x":1}');
    expect(redactSecrets("{'Authorization': 'Basic dXNlcg=='}")).toBe("{'Authorization': '<redacted>'}");
    expect(redactSecrets('{"Authorization" : "opaque-value"}')).toBe('{"Authorization" : "<redacted>"}');
  });
});

describe("redactSecrets: bearer tokens", () => {
  it("treats a 16-letter word as a token and keeps a 15-letter one", () => {
    expect(redactSecrets("Bearer abcdefghijklmnop")).toBe("Bearer <redacted>");
    expect(redactSecrets("Bearer abcdefghijklmno")).toBe("Bearer abcdefghijklmno");
  });

  it.each([
    ["bearer x1", "bearer <redacted>"],
    ["BEARER a.b", "BEARER <redacted>"],
    ["Bearer  two.spaces", "Bearer  <redacted>"],
    ["Bearer\ttab-1 ok", "Bearer\t<redacted> ok"],
    ["Bearer a~b+c/d=", "Bearer <redacted>"],
    ["xbearer abc.def", "xbearer abc.def"],
    ["Bearer token", "Bearer token"],
  ])("%j -> %j", (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });
});

describe("redactSecrets: sk- keys", () => {
  it.each([
    ["key sk-abc here", "key sk-<redacted> here"],
    ["sk-ab", "sk-ab"],
    ["task-abcdef", "task-abcdef"],
    ["sk-A_b-9.rest", "sk-<redacted>.rest"],
  ])("%j -> %j", (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });
});

describe("redactSecrets: token fields", () => {
  it.each(["api_key", "api-key", "apikey", "API_KEY", "access_token", "access-token", "accesstoken", "refresh_token", "refresh-token", "refreshtoken", "auth_token", "auth-token", "authtoken"])(
    "redacts %s in every assignment style",
    (name) => {
      expect(redactSecrets(`${name}=s3cr3t`)).toBe(`${name}=<redacted>`);
      expect(redactSecrets(`${name}: s3cr3t rest`)).toBe(`${name}: <redacted> rest`);
      expect(redactSecrets(`{"${name}":"s3cr3t","n":1}`)).toBe(`{"${name}":"<redacted>","n":1}`);
      expect(redactSecrets(`${name}='s3cr3t';x`)).toBe(`${name}='<redacted>';x`);
      expect(redactSecrets(`{${name}: s3cr3t}`)).toBe(`{${name}: <redacted>}`);
    },
  );

  it("keeps unrelated fields", () => {
    expect(redactSecrets("api_version=2 token_count=5 refresh=true")).toBe("api_version=2 token_count=5 refresh=true");
  });
});

describe("redactSecrets: properties", () => {
  const filler = fc.stringMatching(/^[a-z ]{0,20}$/);
  const secret = fc.stringMatching(/^[A-Za-z0-9]{8,20}[0-9][A-Za-z0-9]{0,8}$/);
  const wrap = fc.constantFrom(
    (s: string) => `Bearer ${s}`,
    (s: string) => `authorization: ${s}`,
    (s: string) => `Authorization: Basic ${s}`,
    (s: string) => `{"authorization":"Basic ${s}"}`,
    (s: string) => `sk-${s}`,
    (s: string) => `api_key=${s}`,
    (s: string) => `"access_token": "${s}"`,
    (s: string) => `refresh-token:${s}`,
    (s: string) => `authToken=${s}`,
  );

  it("a generated secret embedded in random text never survives", () => {
    fc.assert(
      fc.property(filler, secret, wrap, filler, (before, s, w, after) => {
        const out = redactSecrets(`${before} ${w(s)} ${after}`);
        expect(out).not.toContain(s);
        expect(out).toContain("<redacted>");
      }),
    );
  });

  it("is idempotent and leaves plain lowercase prose untouched", () => {
    fc.assert(
      fc.property(filler, secret, wrap, (text, s, w) => {
        const once = redactSecrets(`${text} ${w(s)}`);
        expect(redactSecrets(once)).toBe(once);
        expect(redactSecrets(text)).toBe(text);
      }),
    );
  });
});
