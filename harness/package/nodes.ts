/**
 * The Node versions the package promises (engines: >=20.19): this process's Node, and npm's
 * `node@22` / `node@24` packages installed once into .cache/node-<major>/ (git-ignored).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { REPO_ROOT } from "../runner/run-scenario.ts";

export interface NodeBinary {
  readonly major: number;
  /** The folder holding `node`; put first on PATH so `#!/usr/bin/env node` bins use it. */
  readonly binDir: string;
}

export async function ensureNode(major: number): Promise<NodeBinary> {
  if (Number(process.versions.node.split(".")[0]) === major) return { major, binDir: join(process.execPath, "..") };
  const dir = join(REPO_ROOT, ".cache", `node-${major}`);
  const binDir = join(dir, "node_modules", ".bin");
  if (!existsSync(join(binDir, "node"))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `node-${major}`, private: true }));
    await execa("npm", ["install", "--no-audit", "--no-fund", `node@${major}`], { cwd: dir });
  }
  return { major, binDir };
}
