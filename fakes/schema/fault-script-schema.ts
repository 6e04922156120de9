/**
 * The fault script's JSON Schema, emitted from the declared shape (./fault-script.ts). Committed as
 * ./fault-script.schema.json by `pnpm fault-script:schema`; a test fails when the file is stale.
 */
import { fileURLToPath } from "node:url";
import { faultScriptShape } from "./fault-script.ts";
import { toJsonSchema } from "./json-schema.ts";

export const FAULT_SCRIPT_SCHEMA_ID = "https://codex-lifecycle-proof.local/schema/fault-script.schema.json";
export const FAULT_SCRIPT_SCHEMA_FILE = fileURLToPath(new URL("./fault-script.schema.json", import.meta.url));

/** The schema as the committed file holds it (2-space JSON, trailing newline). */
export function faultScriptJsonSchema(): string {
  const schema = toJsonSchema(faultScriptShape, {
    $id: FAULT_SCRIPT_SCHEMA_ID,
    title: "fake-codex fault script",
    description:
      "How the fake codex app-server identifies itself, which account it reports, how its model provider retries, what the model answers on each turn, and which ordered fault rules fire. Generated from fakes/schema/fault-script.ts (pnpm fault-script:schema), the definition validateFakeCodexScript checks with. See fakes/README.md.",
  });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
