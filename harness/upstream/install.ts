/**
 * Installs pinned published packages (OpenClaw releases, the npm `node` builds) into
 * `.cache/upstream/<name>@<version>/` on first use — never as part of `pnpm install`. Each install
 * goes into a temp dir beside the target and is renamed into place only after npm succeeded and the
 * tarball's integrity matched the pin, so an interrupted install leaves nothing that looks
 * installed. A lock dir per package makes concurrent runs (and parallel installs) safe.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { pidExists } from "../../src/runtime/signal.ts";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");
export const UPSTREAM_CACHE_DIR = join(REPO_ROOT, ".cache", "upstream");
const MANIFEST = "install.json";
const LOCK_WAIT_MS = 15 * 60_000;
const LOCK_POLL_MS = 500;

export class UpstreamInstallError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UpstreamInstallError";
  }
}

export interface PackageSpec {
  readonly name: string;
  readonly version: string;
  /** The registry's `dist.integrity`; the install fails when npm installed anything else. */
  readonly integrity: string;
  /** The npm `node` package needs its preinstall (it fetches the platform binary); releases never run scripts. */
  readonly runScripts?: boolean;
}

/** What `install.json` records beside each install. */
export interface InstallManifest {
  readonly name: string;
  readonly version: string;
  readonly integrity: string;
  /** sha256 of the package-lock.json npm wrote: the whole dependency tree as installed. */
  readonly lockSha256: string;
  readonly packages: number;
  readonly bytes: number;
  readonly installMs: number;
}

export interface InstalledPackage extends InstallManifest {
  /** `.cache/upstream/<name>@<version>` */
  readonly dir: string;
  /** `<dir>/node_modules/<name>` */
  readonly packageDir: string;
  /** False when the cache already held it. */
  readonly installedNow: boolean;
}

export interface InstallOptions {
  readonly cacheDir?: string;
  readonly log?: (line: string) => void;
}

const defaultLog = (line: string): void => void process.stderr.write(`${line}\n`);

export function packageKey(spec: { name: string; version: string }): string {
  return `${spec.name}@${spec.version}`;
}

function readManifest(dir: string, spec: PackageSpec): InstallManifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as InstallManifest;
    return m.name === spec.name && m.version === spec.version && m.integrity === spec.integrity ? m : undefined;
  } catch {
    return undefined;
  }
}

function installed(dir: string, spec: PackageSpec, manifest: InstallManifest, installedNow: boolean): InstalledPackage {
  return { ...manifest, dir, packageDir: join(dir, "node_modules", spec.name), installedNow };
}

/** Takes `<dir>.lock` (a directory: mkdir is atomic); waits for another holder, breaks a dead one's. */
export async function withLock<T>(dir: string, what: string, log: (line: string) => void, body: () => Promise<T>): Promise<T> {
  const lock = `${dir}.lock`;
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, "pid"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(await readFile(join(lock, "pid"), "utf8").catch(() => "0"));
      if (holder !== 0 && !pidExists(holder)) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - started > LOCK_WAIT_MS) throw new UpstreamInstallError(`${what}: ${lock} is held by pid ${holder} for more than ${LOCK_WAIT_MS / 60_000} min; remove it if no install is running`);
      if (!told) log(`upstream lane: waiting for another install of ${what} (pid ${holder})…`);
      told = true;
      await delay(LOCK_POLL_MS);
    }
  }
  try {
    return await body();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

function runNpm(args: readonly string[], log: (line: string) => void, what: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("npm", [...args], { stdio: ["ignore", "pipe", "pipe"] });
    let tail = "";
    const keep = (chunk: Buffer): void => void (tail = `${tail}${chunk.toString("utf8")}`.slice(-4_000));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", (error) => reject(new UpstreamInstallError(`${what}: cannot run npm: ${error.message}`, { cause: error })));
    child.on("close", (code) => {
      if (code === 0) return resolvePromise();
      log(tail);
      reject(new UpstreamInstallError(`${what}: npm ${args.join(" ")} exited ${code ?? "by a signal"} (output above)`));
    });
  });
}

export function diskBytes(dir: string): number {
  const r = spawnSync("du", ["-sk", dir], { encoding: "utf8" });
  const kb = Number(/^(\d+)/.exec(r.stdout ?? "")?.[1] ?? Number.NaN);
  return Number.isFinite(kb) ? kb * 1024 : 0;
}

async function installInto(tmp: string, spec: PackageSpec, log: (line: string) => void): Promise<InstallManifest> {
  const what = packageKey(spec);
  const started = Date.now();
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await writeFile(join(tmp, "package.json"), `${JSON.stringify({ private: true, description: `upstream lane cache: ${what}` })}\n`);
  const scripts = spec.runScripts === true ? [] : ["--ignore-scripts"];
  await runNpm(["install", "--prefix", tmp, "--no-audit", "--no-fund", "--loglevel", "warn", ...scripts, what], log, what);
  const lockText = await readFile(join(tmp, "package-lock.json"), "utf8");
  const lock = JSON.parse(lockText) as { packages?: Record<string, { version?: string; integrity?: string }> };
  const entry = lock.packages?.[`node_modules/${spec.name}`];
  if (entry?.version !== spec.version || entry.integrity !== spec.integrity) {
    throw new UpstreamInstallError(`${what}: npm installed ${entry?.version ?? "nothing"} with integrity ${entry?.integrity ?? "<none>"}, the pin says ${spec.integrity}`);
  }
  return {
    name: spec.name,
    version: spec.version,
    integrity: spec.integrity,
    lockSha256: createHash("sha256").update(lockText).digest("hex"),
    packages: Object.keys(lock.packages ?? {}).length - 1,
    bytes: diskBytes(tmp),
    installMs: Date.now() - started,
  };
}

/** The pinned package, installed on first use (atomically, under a lock), then from the cache. */
export async function ensurePackage(spec: PackageSpec, options: InstallOptions = {}): Promise<InstalledPackage> {
  const cacheDir = options.cacheDir ?? UPSTREAM_CACHE_DIR;
  const log = options.log ?? defaultLog;
  const what = packageKey(spec);
  const dir = join(cacheDir, what);
  const present = readManifest(dir, spec);
  if (present !== undefined) return installed(dir, spec, present, false);
  await mkdir(cacheDir, { recursive: true });
  return withLock(dir, what, log, async () => {
    const raced = readManifest(dir, spec);
    if (raced !== undefined) return installed(dir, spec, raced, false);
    log(`upstream lane: installing ${what} into ${dir} (first run only)…`);
    const tmp = join(cacheDir, `.tmp-${what}-${process.pid}`);
    try {
      const manifest = await installInto(tmp, spec, log);
      await writeFile(join(tmp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
      await rm(dir, { recursive: true, force: true });
      await rename(tmp, dir);
      log(`upstream lane: ${what} ready in ${(manifest.installMs / 1000).toFixed(1)} s (${formatBytes(manifest.bytes)}, ${manifest.packages} packages)`);
      return installed(dir, spec, manifest, true);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
}

/** Installs several packages at once, at most `concurrency` npm processes at a time. */
export async function ensurePackages(specs: readonly PackageSpec[], options: InstallOptions & { concurrency?: number } = {}): Promise<InstalledPackage[]> {
  const results: InstalledPackage[] = new Array<InstalledPackage>(specs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < specs.length; i = next++) results[i] = await ensurePackage(specs[i]!, options);
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 3, specs.length) }, worker));
  return results;
}

/** Bytes of every completed install under the cache (from their manifests). */
export async function cacheDiskUse(cacheDir: string = UPSTREAM_CACHE_DIR): Promise<{ bytes: number; installs: number }> {
  if (!existsSync(cacheDir)) return { bytes: 0, installs: 0 };
  let bytes = 0;
  let installs = 0;
  for (const name of await readdir(cacheDir)) {
    try {
      const m = JSON.parse(await readFile(join(cacheDir, name, MANIFEST), "utf8")) as InstallManifest;
      bytes += m.bytes;
      installs += 1;
    } catch {
      // not a finished install (a lock, a temp dir of a running install)
    }
  }
  return { bytes, installs };
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}
