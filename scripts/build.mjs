#!/usr/bin/env node
// `pnpm build` (also run by `prepare`, so a plain `pnpm install` builds): turns the TypeScript that
// must run without a loader into JavaScript under dist/ (git-ignored).
//
// Steps are listed in STEPS below; add one by appending `{ name, run }`. `run()` builds its output
// and returns the source files it read (absolute paths); they are recorded in dist/.build-stamp.json
// so `ensureBuilt()` (a vitest globalSetup and the harness entry points) can rebuild cheaply when
// any source is newer than its step's output, and a developer editing fakes/ never tests an old binary.
//
// Usage: node scripts/build.mjs [--if-stale] [--quiet]
//   --if-stale: build only the steps whose recorded sources changed (what ensureBuilt does).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DIST = join(ROOT, "dist");
const STAMP = join(DIST, ".build-stamp.json");
/** Files every step depends on besides its own sources: the build itself and the dependency set. */
const COMMON_INPUTS = [fileURLToPath(import.meta.url), join(ROOT, "pnpm-lock.yaml")];

/**
 * Moves every file of `fromDir` into `toDir` by rename (each file appears whole, never half-written),
 * entry files last, so a process already running from `toDir` keeps finding the chunks it imports.
 */
function publish(fromDir, toDir, entryNames) {
  mkdirSync(toDir, { recursive: true });
  const files = listFiles(fromDir).map((f) => relative(fromDir, f));
  const ordered = [...files.filter((f) => !entryNames.includes(f)), ...files.filter((f) => entryNames.includes(f))];
  for (const file of ordered) {
    mkdirSync(dirname(join(toDir, file)), { recursive: true });
    renameSync(join(fromDir, file), join(toDir, file));
  }
  // Content-hashed chunks of older builds: drop those no build has written in the last hour.
  const keep = new Set(files);
  for (const old of listFiles(toDir)) {
    const rel = relative(toDir, old);
    if (!keep.has(rel) && Date.now() - statSync(old).mtimeMs > 3_600_000) rmSync(old, { force: true });
  }
}

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

/** Bundles entry points with esbuild (ESM, node target, code splitting so lazy imports stay lazy). */
async function bundle({ outDir, entryPoints }) {
  const esbuild = await import("esbuild");
  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints,
      outdir: tmp,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "bundle",
      entryNames: "[name]",
      // Flat: every chunk sits beside the entry, so `new URL("./x.js", import.meta.url)` works from any of them.
      chunkNames: "[name]-[hash]",
      sourcemap: "linked",
      metafile: true,
      logLevel: "warning",
      // Bundled CommonJS dependencies call require(); give the ESM bundle one.
      banner: { js: 'import { createRequire as __clpCreateRequire } from "node:module"; const require = __clpCreateRequire(import.meta.url);' },
    });
    publish(tmp, outDir, Object.keys(entryPoints).flatMap((name) => [`${name}.js`, `${name}.js.map`]));
    return Object.keys(result.metafile.inputs)
      .filter((input) => !input.includes("node_modules/"))
      .map((input) => resolve(ROOT, input));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    await esbuild.stop();
  }
}

/** The build steps, in order. Each `run()` returns the source files it read. */
export const STEPS = [
  {
    name: "protocol-validators",
    describe: "precompiled JSON Schema validators for the codex protocol (→ dist/protocol/validators.cjs)",
    run: async () => (await import("../fakes/protocol/build-validators.mjs")).buildValidators(join(DIST, "protocol", "validators.cjs")),
  },
  {
    name: "fake-codex",
    describe: "the fake `codex` executable (fakes/bin/entry.ts → dist/fake-codex/cli.js, its schema worker)",
    run: () => bundle({ outDir: join(DIST, "fake-codex"), entryPoints: { cli: "fakes/bin/entry.ts", "schema-worker": "fakes/bin/schema-worker.ts" } }),
  },
  {
    name: "library",
    describe: "the package's public API as JavaScript + declarations and the codex-proof bin (tsc → dist/harness, dist/fakes, dist/src)",
    // Only a full build (install, pack): nothing in this repository runs it, and tsc takes seconds.
    fullBuildOnly: true,
    run: async () => (await import("./build-lib.mjs")).buildLibrary(ROOT, DIST),
  },
];

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, "utf8"));
  } catch {
    return { steps: {} };
  }
}

/** Why `name` needs a rebuild, or undefined when its recorded sources are all older than its build. */
export function staleReason(name, stamp = readStamp()) {
  const entry = stamp.steps?.[name];
  if (entry === undefined) return "never built";
  for (const rel of [...entry.inputs, ...COMMON_INPUTS.map((f) => relative(ROOT, f))]) {
    const path = join(ROOT, rel);
    if (!existsSync(path)) return `${rel} is gone`;
    if (statSync(path).mtimeMs > entry.builtAtMs) return `${rel} changed`;
  }
  return undefined;
}

/** Runs the steps (all, or only the stale ones); returns the names of the steps it built. */
export async function build({ ifStale = false, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const built = [];
  for (const step of STEPS) {
    if (ifStale && step.fullBuildOnly === true) continue;
    const reason = ifStale ? staleReason(step.name) : "requested";
    if (reason === undefined) continue;
    const startedAtMs = Date.now();
    const inputs = await step.run();
    const stamp = readStamp();
    stamp.steps = { ...stamp.steps, [step.name]: { builtAtMs: startedAtMs, inputs: inputs.map((f) => relative(ROOT, f)).sort() } };
    mkdirSync(DIST, { recursive: true });
    const tmpStamp = `${STAMP}.tmp-${process.pid}`;
    writeFileSync(tmpStamp, `${JSON.stringify(stamp, null, 2)}\n`);
    renameSync(tmpStamp, STAMP);
    log(`build: ${step.name} (${reason}) in ${Date.now() - startedAtMs} ms`);
    built.push(step.name);
  }
  return built;
}

/** Rebuilds whatever is stale; cheap (a stat per recorded source) when nothing is. */
export function ensureBuilt(options = {}) {
  return build({ ...options, ifStale: true });
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`Usage: node scripts/build.mjs [--if-stale] [--quiet]\n\nSteps:\n${STEPS.map((s) => `  ${s.name.padEnd(12)} ${s.describe}`).join("\n")}\n`);
  } else {
    const quiet = args.includes("--quiet");
    build({ ifStale: args.includes("--if-stale"), ...(quiet ? { log: () => {} } : {}) }).catch((error) => {
      process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
  }
}
