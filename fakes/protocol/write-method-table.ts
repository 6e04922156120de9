/** `pnpm protocol:table`: rewrites fakes/protocol/method-table.json from the committed schemas. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildMethodTable } from "./method-table.ts";

const out = fileURLToPath(new URL("./method-table.json", import.meta.url));
writeFileSync(out, `${JSON.stringify(buildMethodTable(), null, 1)}\n`);
process.stderr.write(`protocol:table: wrote ${out}\n`);
