export { checkShape, type Fail } from "./check.ts";
export { faultScriptShape, modelScriptShape } from "./fault-script.ts";
export { faultScriptJsonSchema, FAULT_SCRIPT_SCHEMA_ID, FAULT_SCRIPT_SCHEMA_FILE } from "./fault-script-schema.ts";
export { toJsonSchema, type SchemaHeader } from "./json-schema.ts";
export type { Shape } from "./shape.ts";
