/**
 * The client-request table the fake answers from, derived from the committed schemas of codex
 * 0.169.0: for each ClientRequest method of the experimental schema, whether it is experimental
 * (absent from the stable schema: the real server answers `<method> requires experimentalApi
 * capability` unless `initialize` set `capabilities.experimentalApi`), its params struct (name and
 * field count, for serde's type errors) and a deterministic schema-valid default result.
 * `pnpm protocol:table` rewrites fakes/protocol/method-table.json; a test keeps it current.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sampleValue } from "./sample.ts";

export interface MethodEntry {
  readonly experimental: boolean;
  /** null: the method takes no params (`"params": null`). */
  readonly params: { readonly name: string; readonly fields: number; readonly required: boolean } | null;
  /** A result valid against the method's response schema. */
  readonly result: unknown;
}

const DIR = fileURLToPath(new URL("./", import.meta.url));

type Json = Record<string, unknown>;
const read = (path: string): Json => JSON.parse(readFileSync(path, "utf8")) as Json;

function methodsOf(schema: Json): Array<{ method: string; branch: Json }> {
  return ((schema["oneOf"] ?? []) as Json[]).flatMap((branch) => {
    const method = ((branch["properties"] as Json | undefined)?.["method"] as { enum?: string[] } | undefined)?.enum?.[0];
    return method === undefined ? [] : [{ method, branch }];
  });
}

export function buildMethodTable(): Record<string, MethodEntry> {
  const exp = join(DIR, "schema-experimental");
  const stable = new Set(methodsOf(read(join(DIR, "schema", "ClientRequest.json"))).map((m) => m.method));
  const client = read(join(exp, "ClientRequest.json"));
  const definitions = (client["definitions"] ?? {}) as Record<string, Json>;
  const byType = new Map<string, string>();
  for (const dir of ["", "v1", "v2"]) for (const name of readdirSync(join(exp, dir))) if (name.endsWith(".json") && !byType.has(name.slice(0, -5))) byType.set(name.slice(0, -5), join(exp, dir, name));
  const table: Record<string, MethodEntry> = {};
  const missing: string[] = [];
  for (const { method, branch } of methodsOf(client)) {
    const paramsSchema = (branch["properties"] as Json)["params"] as Json | undefined;
    const ref = (paramsSchema?.["$ref"] ?? ((paramsSchema?.["anyOf"] ?? []) as Json[]).find((p) => p["$ref"] !== undefined)?.["$ref"]) as string | undefined;
    const name = ref?.split("/").pop();
    const def = name === undefined ? undefined : definitions[name];
    const params = name === undefined ? null : { name, fields: Object.keys((def?.["properties"] ?? {}) as Json).length, required: ((branch["required"] ?? []) as string[]).includes("params") && paramsSchema?.["anyOf"] === undefined };
    const responseType = RESPONSE_NAMES[method] ?? (name === undefined ? undefined : `${name.replace(/Params$/, "")}Response`);
    const file = responseType === undefined ? undefined : byType.get(responseType);
    if (file === undefined) { missing.push(`${method} (${responseType})`); continue; }
    const response = read(file);
    table[method] = { experimental: !stable.has(method), params, result: sampleValue(response, response) };
  }
  if (missing.length > 0) throw new Error(`no response schema for ${missing.join(", ")} (add them to RESPONSE_NAMES in fakes/protocol/method-table.ts)`);
  return table;
}

/** Response types whose name does not follow `<Params name minus Params>Response` (shared with build-validators.mjs). */
export const RESPONSE_NAMES: Readonly<Record<string, string>> = {
  "account/gatewayOAuth/read": "GatewayOAuthReadResponse",
  "account/gatewayOAuth/login": "GatewayOAuthLoginResponse",
  "account/gatewayOAuth/cancel": "GatewayOAuthCancelResponse",
  "config/mcpServer/reload": "McpServerRefreshResponse",
  "windowsSandbox/readiness": "WindowsSandboxReadinessResponse",
  "account/logout": "LogoutAccountResponse",
  "account/securitySetup/read": "GetAccountSecuritySetupResponse",
  "account/rateLimits/read": "GetAccountRateLimitsResponse",
  "account/usage/read": "GetAccountTokenUsageResponse",
  "account/workspaceMessages/read": "GetWorkspaceMessagesResponse",
  "externalAgentConfig/import/readHistories": "ExternalAgentConfigImportHistoriesReadResponse",
  "config/value/write": "ConfigWriteResponse",
  "config/batchWrite": "ConfigWriteResponse",
  "configRequirements/read": "ConfigRequirementsReadResponse",
  "memory/reset": "MemoryResetResponse",
  "remoteControl/status/read": "RemoteControlStatusReadResponse",
  "rollout/compress": "RolloutCompressResponse",
  "accountSession/list": "AccountSessionsResponse",
};
