#!/usr/bin/env node
// Regenerates fakes/protocol/schema/ from the pinned codex CLI: installs @openai/codex@<version>
// into .cache/codex-<version> on demand (npm install --prefix; ~400 MB, reused afterwards), runs
// `codex app-server generate-json-schema --out <tmp>` (and again with `--experimental`), and replaces
// the committed schemas with them: fakes/protocol/schema/ (stable) and schema-experimental/.
// Usage: node scripts/protocol-sync.mjs [--version 0.169.0] [--check]
//   --check: exit 1 if the committed schema differs from the generated one (for CI).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const version = args.includes("--version") ? args[args.indexOf("--version") + 1] : "0.169.0";
const check = args.includes("--check");
const prefix = join(root, ".cache", `codex-${version}`);
const codex = join(prefix, "node_modules", ".bin", "codex");

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

if (!existsSync(codex)) {
  console.error(`protocol-sync: installing @openai/codex@${version} into ${relative(root, prefix)} (one time, ~400 MB)`);
  execFileSync("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--no-save", `@openai/codex@${version}`], { stdio: "inherit" });
}
const reported = execFileSync(codex, ["--version"], { encoding: "utf8" }).trim();
if (!reported.endsWith(version)) {
  console.error(`protocol-sync: ${codex} reports "${reported}", expected ${version}`);
  process.exit(1);
}

let stale = false;
for (const [dirName, extra] of [["schema", []], ["schema-experimental", ["--experimental"]]]) {
  const dir = join(root, "fakes", "protocol", dirName);
  const out = mkdtempSync(join(tmpdir(), "codex-schema-"));
  try {
    execFileSync(codex, ["app-server", "generate-json-schema", ...extra, "--out", out], { stdio: ["ignore", "inherit", "inherit"] });
    const generated = listFiles(out).map((f) => relative(out, f)).sort();
    if (check) {
      const committed = listFiles(dir).map((f) => relative(dir, f)).filter((f) => f !== "VERSION").sort();
      const differs =
        generated.join("\n") !== committed.join("\n") ||
        generated.some((f) => !readFileSync(join(out, f)).equals(readFileSync(join(dir, f))));
      console.error(differs ? `protocol-sync: fakes/protocol/${dirName} is stale for codex ${version}` : `protocol-sync: ${dirName} up to date`);
      stale ||= differs;
      continue;
    }
    rmSync(dir, { recursive: true, force: true });
    cpSync(out, dir, { recursive: true });
    writeFileSync(join(dir, "VERSION"), `${reported}\n`);
    console.error(`protocol-sync: wrote ${generated.length} schema files for ${reported} to ${relative(root, dir)}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
if (check) process.exit(stale ? 1 : 0);
