// The library step of `pnpm build` (scripts/build.mjs): the public API as JavaScript plus
// declarations under dist/ (same folder layout as the sources, `.ts` imports rewritten to `.js`),
// the JSON the code reads at run time (report schemas) or an editor reads (the fault-script
// schema), and the `codex-proof` bin, which runs the CLI under tsx's loader so a consumer's `.scenario.ts` and `codex-proof.config.ts` load. It also
// gives dist/fakes/bin/fake-codex.mjs (the black-box lane's path) over the esbuild-bundled fake.
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";

const LIBRARY_DIRS = ["harness", "fakes", "src", "reports"];
const FAULT_SCRIPT_SCHEMA = "fakes/schema/fault-script.schema.json";

export function buildLibrary(root, dist) {
  for (const dir of LIBRARY_DIRS) rmSync(join(dist, dir), { recursive: true, force: true });
  const tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
  const emitted = LIBRARY_DIRS.flatMap((dir) => listFiles(join(dist, dir))).filter((f) => f.endsWith(".js"));
  // A source that reaches `<repo>/dist/X` sits one folder deeper once built into dist/: point it at dist/X.
  for (const file of emitted) {
    const text = readFileSync(file, "utf8");
    const fixed = text.replace(/(["'])((?:\.\.\/)+)dist\//g, "$1$2");
    if (fixed !== text) writeFileSync(file, fixed);
  }
  cpSync(join(root, "reports/schema"), join(dist, "reports/schema"), { recursive: true });
  // The fault scripts' JSON Schema (package export `codex-lifecycle-proof/fault-script.schema.json`).
  cpSync(join(root, FAULT_SCRIPT_SCHEMA), join(dist, FAULT_SCRIPT_SCHEMA));
  // Plain-JavaScript modules the emitted code loads beside itself (tsc copies none).
  cpSync(join(root, "harness/cli/pool-boot.mjs"), join(dist, "harness/cli/pool-boot.mjs"));
  bin(join(dist, "harness/cli/codex-proof.mjs"), [
    "// The codex-proof CLI. tsx's in-process loader: a consumer's scenario and config files may be TypeScript.",
    'process.env.TSX_DISABLE_CACHE ??= "1";',
    'process.env.CODEX_PROOF_PROGRAM = "npx codex-proof";',
    'const { register } = await import("tsx/esm/api");',
    "register();",
    'await import("./main.js");',
  ]);
  bin(join(dist, "fakes/bin/fake-codex.mjs"), ["// A drop-in `codex` (see fakes/README.md): the bundle `pnpm build` writes to dist/fake-codex/.", 'await import("../../fake-codex/cli.js");']);
  const sources = emitted.map((f) => join(root, `${relative(dist, f).slice(0, -".js".length)}.ts`)).filter((f) => existsSync(f));
  return [...sources, join(root, "tsconfig.build.json"), join(root, FAULT_SCRIPT_SCHEMA), ...listFiles(join(root, "reports/schema"))];
}

function bin(file, lines) {
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, `#!/usr/bin/env node\n${lines.join("\n")}\n`);
  chmodSync(file, 0o755);
}

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}
