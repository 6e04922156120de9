#!/usr/bin/env node
// The library part of the build: the public API as JavaScript plus declarations under dist/
// (same folder layout as the sources, `.ts` imports rewritten to `.js`), the JSON the code reads at
// run time (report schemas, the protocol schema files the conformance check loads), and the two
// bins (`codex-proof` runs the CLI under tsx's loader so a consumer's `.scenario.ts` loads;
// `fake-codex`). Run by `pnpm build`; the package test packs its output.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const root = join(import.meta.dirname, "..");
const dist = join(root, "dist");
for (const dir of ["harness", "fakes", "src", "reports"]) rmSync(join(dist, dir), { recursive: true, force: true });

const tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });

cpSync(join(root, "reports/schema"), join(dist, "reports/schema"), { recursive: true });
const validator = readFileSync(join(root, "fakes/protocol/validate.ts"), "utf8");
const protocolFiles = [...new Set([...validator.matchAll(/"((?:v[12]\/)?[A-Za-z]+\.json)"/g)].map((m) => m[1]))];
if (protocolFiles.length < 4) throw new Error(`fakes/protocol/validate.ts names only ${protocolFiles.length} schema files; the build expects its file list`);
for (const file of protocolFiles) {
  const to = join(dist, "fakes/protocol/schema", file);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(join(root, "fakes/protocol/schema", file), to);
}

bin("harness/cli/codex-proof.mjs", "./main.js", "the codex-proof CLI", "process.env.CODEX_PROOF_PROGRAM = \"npx codex-proof\";\n");
bin("fakes/bin/fake-codex.mjs", "./main.js", "a drop-in `codex` (see fakes/README.md)", "", "const { runFakeCodex } = await import(\"./main.js\");\nrunFakeCodex(process.argv.slice(2));\n");

function bin(path, entry, what, before, body = `await import("${entry}");\n`) {
  const file = join(dist, path);
  const loader = path.startsWith("harness/")
    ? "// tsx's in-process loader: the consumer's scenario and config files may be TypeScript.\nconst { register } = await import(\"tsx/esm/api\");\nregister();\n"
    : "";
  writeFileSync(file, `#!/usr/bin/env node\n// ${what}\nprocess.env.TSX_DISABLE_CACHE ??= "1";\n${before}${loader}${body}`);
  chmodSync(file, 0o755);
}
