/**
 * OpenClaw 2026.9's Codex extension is a separate package, installed by OpenClaw itself:
 * `openclaw plugins install npm:@openclaw/codex@<v>` writes it under `$OPENCLAW_STATE_DIR/npm/` and
 * records it (by absolute path) in the state dir's plugin index. That state dir is built once per
 * release + plugin pin, in place under `.cache/upstream/` (the index names its own paths, so it
 * cannot be renamed into place like the other installs; `install.json`, written last, marks it
 * complete), and every run starts from a copy of it without the `npm/` tree, which the copied
 * index still points at.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { signalProcessGroup } from "../blackbox/processes.ts";
import { diskBytes, formatBytes, UPSTREAM_CACHE_DIR, UpstreamInstallError, withLock, type InstallManifest, type InstallOptions } from "./install.ts";
import type { PinnedPackage } from "./releases.ts";

const MANIFEST = "install.json";
const INSTALL_TIMEOUT_MS = 15 * 60_000;

export interface PluginState {
  readonly plugin: PinnedPackage;
  /** `.cache/upstream/<release>+<plugin>@<version>` */
  readonly dir: string;
  /** The template state dir (`<dir>/state`). */
  readonly stateDir: string;
  /** The plugin's package dir inside the template's npm tree. */
  readonly packageDir: string;
  readonly lockSha256: string;
  readonly installedNow: boolean;
}

export interface PluginHost {
  readonly release: string;
  readonly openclawEntry: string;
  readonly nodeBin: string;
}

export function pluginStateKey(release: string, plugin: PinnedPackage): string {
  return `${release}+${plugin.name.replace("/", "+")}@${plugin.version}`;
}

interface PluginLock {
  readonly lockText: string;
  readonly projectDir: string;
}

/** The npm project OpenClaw made for the plugin, and its package-lock (checked against the pin). */
async function findPluginLock(stateDir: string, plugin: PinnedPackage): Promise<PluginLock> {
  const projects = join(stateDir, "npm", "projects");
  const names = await readdir(projects).catch(() => [] as string[]);
  for (const name of names.sort()) {
    const lockText = await readFile(join(projects, name, "package-lock.json"), "utf8").catch(() => undefined);
    if (lockText === undefined) continue;
    const lock = JSON.parse(lockText) as { packages?: Record<string, { version?: string; integrity?: string }> };
    const entry = lock.packages?.[`node_modules/${plugin.name}`];
    if (entry === undefined) continue;
    if (entry.version !== plugin.version || entry.integrity !== plugin.integrity) {
      throw new UpstreamInstallError(`${plugin.name}@${plugin.version}: OpenClaw installed ${entry.version ?? "?"} with integrity ${entry.integrity ?? "<none>"}, the pin says ${plugin.integrity}`);
    }
    return { lockText, projectDir: join(projects, name) };
  }
  throw new UpstreamInstallError(`${plugin.name}@${plugin.version}: no npm project under ${projects} has it in its package-lock.json`);
}

function readPluginManifest(dir: string, key: string, plugin: PinnedPackage): InstallManifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as InstallManifest;
    return m.name === key && m.version === plugin.version && m.integrity === plugin.integrity ? m : undefined;
  } catch {
    return undefined;
  }
}

function runPluginInstall(host: PluginHost, plugin: PinnedPackage, home: string, stateDir: string, log: (line: string) => void): Promise<void> {
  const spec = `npm:${plugin.name}@${plugin.version}`;
  return new Promise((resolvePromise, reject) => {
    // Its own process group: OpenClaw runs npm as a child and kills children by group.
    const child = spawn(host.nodeBin, [host.openclawEntry, "plugins", "install", spec], {
      env: { ...process.env, HOME: home, OPENCLAW_STATE_DIR: stateDir },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let tail = "";
    const keep = (chunk: Buffer): void => void (tail = `${tail}${chunk.toString("utf8")}`.slice(-4_000));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer = setTimeout(() => void signalProcessGroup(child.pid, "SIGKILL"), INSTALL_TIMEOUT_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new UpstreamInstallError(`${spec}: cannot run ${host.release}'s CLI: ${error.message}`, { cause: error }));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) return resolvePromise();
      log(tail);
      reject(new UpstreamInstallError(`${spec}: openclaw plugins install exited ${code ?? "by a signal"} (output above)`));
    });
  });
}

function stateOf(dir: string, plugin: PinnedPackage, lock: PluginLock, manifest: InstallManifest, installedNow: boolean): PluginState {
  return { plugin, dir, stateDir: join(dir, "state"), packageDir: join(lock.projectDir, "node_modules", plugin.name), lockSha256: manifest.lockSha256, installedNow };
}

/** The release's state dir with the pinned plugin installed: built on first use under a lock, then from the cache. */
export async function ensureCodexPluginState(host: PluginHost, plugin: PinnedPackage, options: InstallOptions = {}): Promise<PluginState> {
  const cacheDir = options.cacheDir ?? UPSTREAM_CACHE_DIR;
  const log = options.log ?? ((line: string): void => void process.stderr.write(`${line}\n`));
  const key = pluginStateKey(host.release, plugin);
  const dir = join(cacheDir, key);
  const ready = async (installedNow: boolean): Promise<PluginState | undefined> => {
    const manifest = readPluginManifest(dir, key, plugin);
    return manifest === undefined ? undefined : stateOf(dir, plugin, await findPluginLock(join(dir, "state"), plugin), manifest, installedNow);
  };
  const present = await ready(false);
  if (present !== undefined) return present;
  await mkdir(cacheDir, { recursive: true });
  return withLock(dir, key, log, async () => {
    const raced = await ready(false);
    if (raced !== undefined) return raced;
    log(`upstream lane: installing ${plugin.name}@${plugin.version} into ${host.release}'s state dir ${dir} (first run only)…`);
    const started = Date.now();
    // In place: the plugin index records absolute paths. No manifest until it is complete.
    await rm(dir, { recursive: true, force: true });
    try {
      await mkdir(join(dir, "home"), { recursive: true });
      await mkdir(join(dir, "state"), { recursive: true });
      await runPluginInstall(host, plugin, join(dir, "home"), join(dir, "state"), log);
      const lock = await findPluginLock(join(dir, "state"), plugin);
      const manifest: InstallManifest = {
        name: key,
        version: plugin.version,
        integrity: plugin.integrity,
        lockSha256: createHash("sha256").update(lock.lockText).digest("hex"),
        packages: Object.keys((JSON.parse(lock.lockText) as { packages?: object }).packages ?? {}).length - 1,
        bytes: diskBytes(dir),
        installMs: Date.now() - started,
      };
      await writeFile(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
      log(`upstream lane: ${key} ready in ${(manifest.installMs / 1000).toFixed(1)} s (${formatBytes(manifest.bytes)}, ${manifest.packages} packages)`);
      return stateOf(dir, plugin, lock, manifest, true);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  });
}

/** A run's own state dir: the template's files without its `npm/` tree (the copied index points at the cache's). */
export async function copyPluginState(state: PluginState, into: string): Promise<void> {
  if (!existsSync(join(state.stateDir, "openclaw.json"))) throw new UpstreamInstallError(`${state.stateDir}: no openclaw.json; remove ${state.dir} to reinstall`);
  const npmDir = join(state.stateDir, "npm");
  await cp(state.stateDir, into, { recursive: true, filter: (source) => source !== npmDir });
}
