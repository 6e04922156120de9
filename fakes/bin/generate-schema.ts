/**
 * `fake-codex app-server generate-json-schema --out DIR [--experimental]`: writes the committed
 * schema of codex 0.169.0 (fakes/protocol/schema/, or schema-experimental/ with --experimental),
 * the files the real command generates.
 */
import { cpSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export function writeSchema(plan: { readonly out: string; readonly experimental: boolean }, bundleUrl: string): number {
  const source = fileURLToPath(new URL(`../../fakes/protocol/${plan.experimental ? "schema-experimental" : "schema"}/`, bundleUrl));
  if (!existsSync(source)) {
    process.stderr.write(`fake-codex: no committed schema at ${source} (run \`pnpm protocol:sync\`)\n`);
    return 1;
  }
  mkdirSync(plan.out, { recursive: true });
  for (const name of readdirSync(source)) if (name !== "VERSION") cpSync(`${source}${name}`, `${plan.out}/${name}`, { recursive: true });
  return 0;
}
