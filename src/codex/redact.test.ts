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
