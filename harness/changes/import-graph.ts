/**
 * The files a scenario depends on: its own file and, transitively, every local module it imports
 * (static and dynamic imports, re-exports) plus the local files it names by path in a string (a
 * client script it runs, `resolve(ROOT, "src/cli/run-turn.ts")`, a golden file). Packages are
 * left out. Read from disk each time, so an edit to an import is seen.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"'\n]+)["']/g;
const PATH_STRING = /["'`]((?:\.{1,2}\/|src\/|fakes\/|harness\/|scenarios\/)?[\w@.-]+(?:\/[\w@.-]+)*\.(?:ts|mts|mjs|js|json))["'`]/g;
const SOURCE = /\.(?:ts|mts|mjs|js)$/;

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function resolveSpecifier(spec: string, fromDir: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = join(fromDir, spec.split("?")[0] ?? spec);
  for (const candidate of [base, base.replace(/\.js$/, ".ts"), `${base}.ts`, join(base, "index.ts")]) if (isFile(candidate)) return candidate;
  return undefined;
}

function resolvePathString(text: string, fromDir: string, repoRoot: string): string | undefined {
  for (const candidate of [join(fromDir, text), join(repoRoot, text)]) if (isFile(candidate)) return candidate;
  return undefined;
}

/** Local files `file` points at directly. */
export function localDependencies(file: string, repoRoot: string): string[] {
  if (!SOURCE.test(file) || !existsSync(file)) return [];
  const text = readFileSync(file, "utf8");
  const dir = dirname(file);
  const found = new Set<string>();
  for (const m of text.matchAll(IMPORT)) {
    const dep = resolveSpecifier(m[1] ?? "", dir);
    if (dep !== undefined) found.add(dep);
  }
  for (const m of text.matchAll(PATH_STRING)) {
    const dep = resolvePathString(m[1] ?? "", dir, repoRoot);
    if (dep !== undefined && dep !== file) found.add(dep);
  }
  return [...found];
}

/** `file` and everything it depends on, transitively (absolute paths). */
export function dependencyClosure(file: string, repoRoot: string, cache = new Map<string, string[]>()): Set<string> {
  const seen = new Set<string>();
  const stack = [file];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    let deps = cache.get(next);
    if (deps === undefined) {
      deps = localDependencies(next, repoRoot);
      cache.set(next, deps);
    }
    stack.push(...deps);
  }
  return seen;
}
