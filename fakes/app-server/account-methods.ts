/**
 * `account/read`, `account/login/start`, `account/login/cancel` and `account/logout`, stateful as
 * in codex 0.169.0 (observed in the live lane): an API-key login completes at once
 * (`account/login/completed`, then `account/updated {authMode:"apikey"}`); a ChatGPT login waits
 * for a browser that never comes until it is cancelled (`{status:"canceled"}`, then a failed
 * `account/login/completed`); logout clears the account (`account/updated {authMode:null}`). With
 * a custom model provider (`auth: "provider"`) the account stays null, as the real server reports it.
 */
import type { Connection, JsonRpcId } from "./connection.ts";
import { accountReadResult } from "./payloads.ts";
import type { AuthMode } from "./script.ts";
import { parseUuid } from "./uuid.ts";

type Handler = (id: JsonRpcId, params: Record<string, unknown>) => void;

const LOGIN_KINDS = ["apiKey", "chatgpt", "chatgptDeviceCode", "chatgptAuthTokens", "amazonBedrock", "amazonBedrockAccessKeys"] as const;
/** Fields each login kind requires (serde's "missing field" otherwise). */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  apiKey: ["apiKey"],
  chatgptAuthTokens: ["accessToken", "chatgptAccountId"],
  amazonBedrock: ["apiKey", "region"],
  amazonBedrockAccessKeys: ["accessKeyId", "region", "secretAccessKey"],
};

export function createAccountMethods(deps: { conn: Connection; auth: AuthMode; newId: () => string; clientName: () => string }): Readonly<Record<string, Handler>> {
  const { conn } = deps;
  const customProvider = deps.auth === "provider";
  let auth: AuthMode = deps.auth;
  const pending = new Set<string>();

  function completed(loginId: string | null, error: string | null): void {
    conn.notify("account/login/completed", { loginId, success: error === null, error, onboardingEntrypoint: null });
  }

  function loginStart(id: JsonRpcId, params: Record<string, unknown>): void {
    const kind = params["type"];
    if (typeof kind !== "string") return conn.respondError(id, "account/login/start", { code: -32600, message: "Invalid request: missing field `type`" });
    if (!(LOGIN_KINDS as readonly string[]).includes(kind)) {
      const expected = LOGIN_KINDS.map((k) => `\`${k}\``).join(", ");
      return conn.respondError(id, "account/login/start", { code: -32600, message: `Invalid request: unknown variant \`${kind}\`, expected one of ${expected}` });
    }
    const missing = (REQUIRED[kind] ?? []).find((field) => typeof params[field] !== "string");
    if (missing !== undefined) return conn.respondError(id, "account/login/start", { code: -32600, message: `Invalid request: missing field \`${missing}\`` });
    if (kind === "chatgpt" || kind === "chatgptDeviceCode") {
      const loginId = deps.newId();
      pending.add(loginId);
      const result =
        kind === "chatgpt"
          ? { type: kind, loginId, authUrl: `https://auth.openai.com/oauth/authorize?response_type=code&client_id=fake-codex&redirect_uri=http%3A%2F%2F127.0.0.1%3A1455%2Fauth%2Fcallback&state=${loginId}&originator=${encodeURIComponent(deps.clientName())}` }
          : { type: kind, loginId, verificationUrl: "https://auth.openai.com/codex/device", userCode: loginId.slice(0, 4).toUpperCase() };
      return conn.respond(id, "account/login/start", result);
    }
    if (!customProvider) auth = kind === "chatgptAuthTokens" ? "chatgpt" : "apiKey";
    conn.respond(id, "account/login/start", { type: kind });
    completed(null, null);
    conn.notify("account/updated", { authMode: kind === "apiKey" ? "apikey" : kind === "chatgptAuthTokens" ? "chatgptAuthTokens" : kind, planType: null });
  }

  return {
    "account/read": (id) => conn.respond(id, "account/read", { ...accountReadResult(auth), userId: null, workspaceRouting: null }),
    "account/login/start": loginStart,
    "account/login/cancel": (id, params) => {
      const raw = String(params["loginId"] ?? "");
      const parsed = parseUuid(raw);
      if (!parsed.ok) return conn.respondError(id, "account/login/cancel", { code: -32600, message: `invalid login id: ${raw}` });
      if (!pending.delete(parsed.id)) return conn.respond(id, "account/login/cancel", { status: "notFound" });
      conn.respond(id, "account/login/cancel", { status: "canceled" });
      completed(parsed.id, "Login server error: Login was not completed");
    },
    "account/logout": (id) => {
      if (!customProvider) auth = "none";
      conn.respond(id, "account/logout", {});
      conn.notify("account/updated", { authMode: null, planType: null });
    },
  };
}
