/**
 * Installs the pinned `@openai/codex` into the repo's cache on first use (never part of the
 * default install) and finds its native binary. Progress goes to the `log` sink (stderr by default).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./launch.ts";

export const CODEX_VERSION = "0.169.0";
export const CODEX_CACHE_DIR = join(REPO_ROOT, ".cache", `codex-${CODEX_VERSION}`);

export class CodexInstallError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CodexInstallError";
  }
}

const TRIPLES: Readonly<Record<string, string>> = {
  "linux-x64": "x86_64-unknown-linux-musl",
  "linux-arm64": "aarch64-unknown-linux-musl",
  "darwin-x64": "x86_64-apple-darwin",
  "darwin-arm64": "aarch64-apple-darwin",
};

/** The native binary inside an installed cache dir, or the JS launcher when the native one is absent. */
export function codexBinaryIn(cacheDir: string): string | undefined {
  const key = `${process.platform}-${process.arch}`;
  const triple = TRIPLES[key];
  if (triple !== undefined) {
    const native = join(cacheDir, "node_modules", "@openai", `codex-${key}`, "vendor", triple, "bin", "codex");
    if (existsSync(native)) return native;
  }
  const launcher = join(cacheDir, "node_modules", "@openai", "codex", "bin", "codex.js");
  return existsSync(launcher) ? launcher : undefined;
}

export function installedVersion(codexBin: string): string | undefined {
  const r = spawnSync(codexBin, ["--version"], { encoding: "utf8", timeout: 20_000 });
  if (r.status !== 0) return undefined;
  return /(\d+\.\d+\.\d+)/.exec(r.stdout)?.[1];
}

function runNpmInstall(cacheDir: string, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = ["install", "--prefix", cacheDir, "--no-save", "--no-audit", "--no-fund", "--loglevel", "http", `@openai/codex@${CODEX_VERSION}`];
    log(`live lane: npm ${args.join(" ")}`);
    const child = spawn("npm", args, { stdio: ["ignore", "pipe", "pipe"] });
    const relay = (chunk: Buffer): void => {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim() !== "") log(`  npm: ${line}`);
    };
    child.stdout.on("data", relay);
    child.stderr.on("data", relay);
    child.on("error", (error) => reject(new CodexInstallError(`cannot run npm: ${error.message}`, { cause: error })));
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new CodexInstallError(`npm install @openai/codex@${CODEX_VERSION} failed with exit ${code ?? "null"}`));
    });
  });
}

/** Returns the codex binary, installing the pinned version first when it is missing. */
export async function ensureCodexInstalled(
  options: { cacheDir?: string; log?: (line: string) => void } = {},
): Promise<{ codexBin: string; installed: boolean; installMs: number }> {
  const cacheDir = options.cacheDir ?? CODEX_CACHE_DIR;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const present = codexBinaryIn(cacheDir);
  if (present !== undefined && installedVersion(present) === CODEX_VERSION) return { codexBin: present, installed: false, installMs: 0 };
  const started = performance.now();
  log(`live lane: installing @openai/codex@${CODEX_VERSION} into ${cacheDir} (first run only, ~400 MB)…`);
  await runNpmInstall(cacheDir, log);
  const codexBin = codexBinaryIn(cacheDir);
  if (codexBin === undefined) throw new CodexInstallError(`npm finished but no codex binary was found under ${cacheDir}`);
  const version = installedVersion(codexBin);
  if (version !== CODEX_VERSION) throw new CodexInstallError(`installed codex reports version ${version ?? "<none>"}, expected ${CODEX_VERSION}`);
  const installMs = performance.now() - started;
  log(`live lane: codex ${version} ready in ${(installMs / 1000).toFixed(1)} s`);
  return { codexBin, installed: true, installMs };
}
