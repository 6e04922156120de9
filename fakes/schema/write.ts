/** `pnpm fault-script:schema`: rewrites fakes/schema/fault-script.schema.json from the declared shape. */
import { writeFileSync } from "node:fs";
import { FAULT_SCRIPT_SCHEMA_FILE, faultScriptJsonSchema } from "./fault-script-schema.ts";

if (process.argv.includes("--help")) {
  process.stdout.write("usage: pnpm fault-script:schema\n  Writes fakes/schema/fault-script.schema.json from fakes/schema/fault-script.ts.\n");
} else {
  writeFileSync(FAULT_SCRIPT_SCHEMA_FILE, faultScriptJsonSchema());
  process.stderr.write(`fault-script:schema: wrote ${FAULT_SCRIPT_SCHEMA_FILE}\n`);
}
