/** `pnpm protocol:table`: rewrites fakes/protocol/method-table.json from the committed schemas, and the method table in fakes/README.md. */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildMethodTable } from "./method-table.ts";
import { methodTableMarkdown, replaceTable } from "./readme-table.ts";

const out = fileURLToPath(new URL("./method-table.json", import.meta.url));
const table = buildMethodTable();
writeFileSync(out, `${JSON.stringify(table, null, 1)}\n`);
process.stderr.write(`protocol:table: wrote ${out}\n`);
const readme = fileURLToPath(new URL("../README.md", import.meta.url));
writeFileSync(readme, replaceTable(readFileSync(readme, "utf8"), methodTableMarkdown(table)));
process.stderr.write(`protocol:table: rewrote the method table in ${readme}\n`);
