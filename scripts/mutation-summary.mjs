#!/usr/bin/env node
// `pnpm mutate:summary`: the mutation score per folder of src/ from the StrykerJS JSON reports under
// reports/out/mutation/ (the all-of-src run and any partial runs; the newest report wins per file),
// and every survivor not yet judged in harness/mutation/SURVIVORS.md. Exit 1 when one is unjudged.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "reports/out/mutation");
const JUDGED = join(ROOT, "harness/mutation/SURVIVORS.md");

function reports() {
  const found = [];
  const add = (p) => existsSync(p) && found.push({ path: p, mtimeMs: statSync(p).mtimeMs });
  add(join(OUT, "mutation.json"));
  const partial = join(OUT, "partial");
  if (existsSync(partial)) for (const d of readdirSync(partial)) add(join(partial, d, "mutation.json"));
  return found.sort((a, b) => a.mtimeMs - b.mtimeMs);
}

/** file → mutants, the newest report's version of each file. */
function mutantsByFile() {
  const files = new Map();
  for (const { path } of reports()) {
    const report = JSON.parse(readFileSync(path, "utf8"));
    for (const [file, data] of Object.entries(report.files)) files.set(file.replace(/^.*?(src\/)/, "$1"), { mutants: data.mutants, source: data.source, report: path });
  }
  return files;
}

/**
 * Lines `- src/x.ts:12 Mutator — category: reason` of SURVIVORS.md, by "src/x.ts:12 Mutator". A line
 * that names its mutant more closely, `(col 11, Survived, → true)`, judges only the mutant at that
 * column with that replacement (a trailing … matches any continuation): another mutant of the same
 * line and mutator is a different mutant, and needs its own line.
 */
function judged() {
  const byKey = new Map();
  if (!existsSync(JUDGED)) return byKey;
  for (const line of readFileSync(JUDGED, "utf8").split("\n")) {
    const m = /^- `?(src\/[^:\s`]+):(\d+)`? (\w+) — \S/.exec(line);
    if (!m) continue;
    const key = `${m[1]}:${m[2]} ${m[3]}`;
    const col = /\(col (\d+)/.exec(line)?.[1];
    const replacement = /, → (.*)\)$/.exec(line)?.[1];
    const entry = { line, col: col === undefined ? undefined : Number(col), replacement, used: false };
    (byKey.get(key) ?? byKey.set(key, []).get(key)).push(entry);
  }
  return byKey;
}

const flat = (text) => String(text ?? "").replace(/\s+/g, " ").trim();

/** The judged lines of SURVIVORS.md that name mutant `m` of `key` (marking them used). */
function judgedLinesOf(byKey, key, m) {
  const found = (byKey.get(key) ?? []).filter((j) => {
    if (j.col !== undefined && j.col !== m.location.start.column) return false;
    if (j.replacement === undefined || j.col === undefined) return true;
    const want = flat(j.replacement);
    const have = flat(m.replacement);
    return want.endsWith("…") ? have.startsWith(want.slice(0, -1)) : have === want;
  });
  for (const j of found) j.used = true;
  return found;
}

const USAGE = `usage: pnpm mutate:summary [--show]

The mutation score per folder of src/ from the reports under reports/out/mutation/, and every
survivor not judged in harness/mutation/SURVIVORS.md (exit 1 when there is one).

  --show  print each unjudged survivor's original code beside its replacement`;
const argv = process.argv.slice(2);
if (argv.includes("--help") || argv.includes("-h")) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
for (const arg of argv) {
  if (arg !== "--show") {
    process.stderr.write(`pnpm mutate:summary: unknown argument ${arg}\n\n${USAGE}\n`);
    process.exit(2);
  }
}
const show = argv.includes("--show");

/** The mutated span of `source` (1-based lines, 1-based columns as Stryker reports them), on one line. */
function spanOf(source, { start, end }) {
  if (typeof source !== "string") return "?";
  const lines = source.split("\n");
  const text = start.line === end.line
    ? lines[start.line - 1]?.slice(start.column - 1, end.column - 1)
    : [lines[start.line - 1]?.slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1]?.slice(0, end.column - 1)].join("\n");
  const flat = (text ?? "").replace(/\s+/g, " ").trim();
  return JSON.stringify(flat.length > 160 ? `${flat.slice(0, 157)}...` : flat);
}

const files = mutantsByFile();
if (files.size === 0) {
  process.stderr.write("pnpm mutate:summary: no report under reports/out/mutation/ — run `pnpm mutate` first\n");
  process.exit(2);
}
const rows = new Map();
const row = (name) => rows.get(name) ?? rows.set(name, { files: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, compileError: 0 }).get(name);
const unjudged = [];
const known = judged();
for (const [file, { mutants, source }] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
  const folder = file.split("/").slice(0, 2).join("/");
  for (const name of [folder, "all measured"]) row(name).files++;
  for (const m of mutants) {
    const key = { Killed: "killed", Timeout: "timeout", Survived: "survived", NoCoverage: "noCoverage", CompileError: "compileError" }[m.status];
    if (key === undefined) continue;
    for (const name of [folder, "all measured"]) row(name)[key]++;
    if (key === "survived" || key === "noCoverage") {
      const id = `${file}:${m.location.start.line} ${m.mutatorName}`;
      if (judgedLinesOf(known, id, m).length === 0) unjudged.push(`${id} (${m.status}) ${JSON.stringify(m.replacement ?? "")}${show ? `\n      was: ${spanOf(source, m.location)}` : ""}`);
    }
  }
}
const pct = (r) => {
  const valid = r.killed + r.timeout + r.survived + r.noCoverage;
  return valid === 0 ? "—" : `${((100 * (r.killed + r.timeout)) / valid).toFixed(1)} %`;
};
const lines = ["| folder | files | score | killed | timeout | survived | no coverage | compile errors |", "|---|---:|---:|---:|---:|---:|---:|---:|"];
for (const [name, r] of [...rows].sort(([a], [b]) => (a === "all measured" ? 1 : b === "all measured" ? -1 : a.localeCompare(b)))) {
  lines.push(`| ${name} | ${r.files} | ${pct(r)} | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${r.compileError} |`);
}
process.stdout.write(`${lines.join("\n")}\n\nscore = (killed + timeout) / (killed + timeout + survived + no coverage); compile errors excluded.\n`);
const measuredFiles = new Set(files.keys());
const stale = [...known.values()].flat().filter((j) => !j.used && measuredFiles.has(/^- `?(src\/[^:\s`]+)/.exec(j.line)?.[1]));
if (stale.length > 0) {
  process.stdout.write(`\n${stale.length} line(s) of harness/mutation/SURVIVORS.md name no survivor of the newest reports (killed now, or the code moved); remove or re-judge them:\n${stale.map((j) => `  ${j.line.slice(2, 150)}`).join("\n")}\n`);
}
if (unjudged.length > 0) {
  process.stdout.write(`\n${unjudged.length} survivor(s) not judged in harness/mutation/SURVIVORS.md:\n${unjudged.map((u) => `  ${u}`).join("\n")}\n`);
  process.exitCode = 1;
}
