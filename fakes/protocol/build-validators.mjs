// Build step `protocol-validators` (scripts/build.mjs): compiles, once, a JSON Schema validator for
// every message shape the fakes check (each server notification and server request by method, each
// client request's response, the response and error envelopes) from the committed codex schema
// (fakes/protocol/schema/), and writes them as ajv standalone code to dist/protocol/validators.cjs.
// fakes/protocol/validate.ts loads that file; nothing compiles a schema at run time.
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
export const SCHEMA_DIR = join(HERE, "schema");

function readJson(file) {
  return JSON.parse(readFileSync(join(SCHEMA_DIR, file), "utf8"));
}

/** Response types whose name does not follow `<Params name minus Params>Response`. */
const RESPONSE_NAMES = {
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
};

/** Every schema file by its type name (`ThreadStartResponse` → `v2/ThreadStartResponse.json`). */
function filesByType() {
  const byType = new Map();
  for (const dir of ["", "v1", "v2"])
    for (const name of readdirSync(join(SCHEMA_DIR, dir)))
      if (name.endsWith(".json") && !byType.has(name.slice(0, -5))) byType.set(name.slice(0, -5), dir === "" ? name : `${dir}/${name}`);
  return byType;
}

/** The response schema file of each ClientRequest method (by name, from its params type). */
export function responseFileOf(branch, byType) {
  const method = branch.properties?.method?.enum?.[0];
  const params = branch.properties?.params;
  const ref = params?.$ref ?? params?.anyOf?.find((p) => p.$ref !== undefined)?.$ref;
  const type = RESPONSE_NAMES[method] ?? (ref === undefined ? undefined : `${ref.split("/").pop().replace(/Params$/, "")}Response`);
  return type === undefined ? undefined : byType.get(type);
}

/**
 * Compiles the validators and returns `{ code, keys, inputs }`: `code` is a CommonJS module whose
 * `index` maps "notification:<method>", "request:<method>", "response:<method>",
 * "envelope:response" and "envelope:error" to validate functions.
 */
export async function generateValidators() {
  const { Ajv } = await import("ajv");
  const standaloneCode = (await import("ajv/dist/standalone/index.js")).default.default;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { source: true, lines: false } });
  const used = new Set();
  const add = (file) => {
    if (!used.has(file)) ajv.addSchema(readJson(file), file);
    used.add(file);
  };
  const exports = {};
  const index = {};
  let n = 0;
  const define = (key, schema) => {
    const id = `check-${n}.json`;
    ajv.addSchema({ $id: id, ...schema });
    const name = `v${n++}`;
    exports[name] = id;
    index[key] = name;
  };
  add("ServerNotification.json");
  readJson("ServerNotification.json").oneOf.forEach((branch, i) => {
    for (const method of branch.properties?.method?.enum ?? [])
      define(`notification:${method}`, { allOf: [{ $ref: `ServerNotification.json#/oneOf/${i}` }, { properties: { emittedAtMs: { type: "integer" } } }] });
  });
  add("ServerRequest.json");
  readJson("ServerRequest.json").oneOf.forEach((branch, i) => {
    for (const method of branch.properties?.method?.enum ?? []) define(`request:${method}`, { $ref: `ServerRequest.json#/oneOf/${i}` });
  });
  const byType = filesByType();
  const unmapped = [];
  for (const branch of readJson("ClientRequest.json").oneOf ?? []) {
    const method = branch.properties?.method?.enum?.[0];
    if (method === undefined) continue;
    const file = responseFileOf(branch, byType);
    if (file === undefined) {
      unmapped.push(method);
      continue;
    }
    add(file);
    define(`response:${method}`, { $ref: file });
  }
  add("JSONRPCResponse.json");
  add("JSONRPCError.json");
  define("envelope:response", { $ref: "JSONRPCResponse.json" });
  define("envelope:error", { $ref: "JSONRPCError.json" });
  const code = `${standaloneCode(ajv, exports)}\nexports.index = {${Object.entries(index).map(([k, v]) => `${JSON.stringify(k)}: exports.${v}`).join(",")}};\n`;
  if (unmapped.length > 0) throw new Error(`no response schema found for ${unmapped.join(", ")} (add them to RESPONSE_NAMES in fakes/protocol/build-validators.mjs)`);
  return { code, keys: Object.keys(index), inputs: [...used, "ClientRequest.json"].map((f) => join(SCHEMA_DIR, f)) };
}

/** Writes dist/protocol/validators.cjs (whole, by rename) and returns the sources it read. */
export async function buildValidators(outFile) {
  const { code, inputs } = await generateValidators();
  mkdirSync(dirname(outFile), { recursive: true });
  const tmp = `${outFile}.tmp-${process.pid}`;
  writeFileSync(tmp, code);
  renameSync(tmp, outFile);
  return [fileURLToPath(import.meta.url), ...inputs];
}
