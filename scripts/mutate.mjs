#!/usr/bin/env node
// `pnpm mutate [--concurrency N] [--force] [path…]`: StrykerJS over src/ (or the given files and
// folders of src/) with stryker.config.mjs; see harness/mutation/README.md.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const NOT_MUTATED = ["!src/**/*.test.ts", "!src/**/testing.ts", "!src/**/*.testkit.ts"];
const USAGE = `usage: pnpm mutate [--concurrency N] [--force] [path…]

Mutation testing of src/ with StrykerJS (stryker.config.mjs): each mutant runs the deterministic
unit tests and scenarios that reach it (vitest.mutation.config.ts).

  path…            files or folders under src/ (default: all of src/)
  --concurrency N  test-runner processes (default 1; the machine is shared)
  --force          re-test every mutant, ignoring the incremental file

Reports: reports/out/mutation/index.html and mutation.json for all of src/;
reports/out/mutation/partial/<name>/ for a run over some paths. Incremental: a re-run tests only
mutants whose code or covering tests changed.`;

function fail(message) {
  process.stderr.write(`pnpm mutate: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function parse(argv) {
  const out = { concurrency: "1", force: false, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg === "--force") out.force = true;
    else if (arg === "--concurrency") {
      const n = argv[++i];
      if (n === undefined || !/^[1-9][0-9]*$/.test(n)) fail(`--concurrency needs a positive integer, got ${n ?? "nothing"}`);
      out.concurrency = n;
    } else if (arg.startsWith("-")) fail(`unknown option ${arg}`);
    else out.paths.push(arg);
  }
  return out;
}

function mutatePattern(path) {
  const abs = resolve(path);
  const rel = relative(ROOT, abs).replaceAll("\\", "/");
  if (!existsSync(abs)) fail(`${path}: no such file or folder`);
  if (rel !== "src" && !rel.startsWith("src/")) fail(`${path}: only files and folders under src/ are mutated`);
  if (statSync(abs).isDirectory()) return `${rel}/**/*.ts`;
  if (!rel.endsWith(".ts") || rel.endsWith(".test.ts")) fail(`${path}: expected a TypeScript source file (not a test)`);
  return rel;
}

const options = parse(process.argv.slice(2));
const env = { ...process.env };
const args = ["run", "stryker.config.mjs", "--concurrency", options.concurrency];
if (options.force) args.push("--force");
if (options.paths.length > 0) {
  const patterns = options.paths.map(mutatePattern);
  const name = patterns.length === 1 ? patterns[0].replace(/\/\*\*\/\*\.ts$/, "").replaceAll(/[/*.]+/g, "_") : `set-${createHash("sha256").update(patterns.join("\n")).digest("hex").slice(0, 10)}`;
  args.push("--mutate", [...patterns, ...NOT_MUTATED].join(","));
  env["MUTATE_REPORT_DIR"] = `reports/out/mutation/partial/${name}`;
}
const bin = join(ROOT, "node_modules", ".bin", process.platform === "win32" ? "stryker.cmd" : "stryker");
if (!existsSync(bin)) fail("StrykerJS is not installed: run `pnpm install`");
const child = spawn(bin, args, { cwd: ROOT, env, stdio: "inherit" });
child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 1)));
