/**
 * What one pinned release needs to run: its installed package and a Node new enough for it (this
 * machine's, when its major suffices; else the pinned npm `node` build, installed into the cache).
 * Prepared once per process and shared by every run of the release.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ensureCodexPluginState, type PluginState } from "./codex-plugin.ts";
import { ensurePackage, ensurePackages, type InstalledPackage, type InstallOptions, type PackageSpec } from "./install.ts";
import { PINNED_NODES, pinnedRelease } from "./releases.ts";

export interface ReleaseRuntime {
  /** `<package>@<version>` */
  readonly release: string;
  readonly pkg: InstalledPackage;
  readonly nodeBin: string;
  /** `process.version` of that Node, e.g. `v22.23.3`. */
  readonly nodeVersion: string;
  /** 2026.9+: the state dir with the pinned Codex plugin installed (see codex-plugin.ts). */
  readonly codexPlugin?: PluginState;
}

const prepared = new Map<string, Promise<ReleaseRuntime>>();

function nodeSpec(major: 22 | 24): PackageSpec {
  const pin = PINNED_NODES[major];
  return { name: "node", version: pin.version, integrity: pin.integrity, runScripts: true };
}

function machineNodeSuffices(major: number): boolean {
  return Number(process.versions.node.split(".")[0]) >= major;
}

function versionOf(nodeBin: string): string {
  const r = spawnSync(nodeBin, ["--version"], { encoding: "utf8", timeout: 20_000 });
  if (r.status !== 0) throw new Error(`${nodeBin} --version failed (exit ${r.status ?? "signal"}): ${r.stderr}`);
  return r.stdout.trim();
}

async function nodeFor(major: 22 | 24, options: InstallOptions): Promise<string> {
  if (machineNodeSuffices(major)) return process.execPath;
  const node = await ensurePackage(nodeSpec(major), options);
  return join(node.dir, "node_modules", ".bin", "node");
}

async function prepare(release: string, options: InstallOptions): Promise<ReleaseRuntime> {
  const pin = pinnedRelease(release);
  const [pkg, nodeBin] = await Promise.all([ensurePackage({ name: pin.name, version: pin.version, integrity: pin.integrity }, options), nodeFor(pin.nodeMajor, options)]);
  const base = { release, pkg, nodeBin, nodeVersion: versionOf(nodeBin) };
  if (pin.codexPlugin === undefined) return base;
  const codexPlugin = await ensureCodexPluginState({ release, openclawEntry: join(pkg.packageDir, "openclaw.mjs"), nodeBin }, pin.codexPlugin, options);
  return { ...base, codexPlugin };
}

/** The release's runtime, installing on first use (memoized per process). */
export function releaseRuntime(release: string, options: InstallOptions = {}): Promise<ReleaseRuntime> {
  let p = prepared.get(release);
  if (p === undefined) {
    p = prepare(release, options);
    prepared.set(release, p);
    p.catch(() => prepared.delete(release));
  }
  return p;
}

/** Installs every release (and the Nodes they need) in parallel, before any run's deadline starts. */
export async function prepareReleases(
  releases: readonly string[],
  options: InstallOptions & { concurrency?: number } = {},
): Promise<{ runtimes: ReleaseRuntime[]; installedNow: string[] }> {
  const unique = [...new Set(releases)];
  const pins = unique.map(pinnedRelease);
  const nodes = [...new Set(pins.map((p) => p.nodeMajor))].filter((m) => !machineNodeSuffices(m)).map(nodeSpec);
  const done = await ensurePackages([...nodes, ...pins.map((p) => ({ name: p.name, version: p.version, integrity: p.integrity }))], options);
  const runtimes = await Promise.all(unique.map((r) => releaseRuntime(r, options)));
  const plugins = runtimes.flatMap((r) => (r.codexPlugin?.installedNow === true ? [`${r.codexPlugin.plugin.name}@${r.codexPlugin.plugin.version} for ${r.release}`] : []));
  return { runtimes, installedNow: [...done.filter((p) => p.installedNow).map((p) => `${p.name}@${p.version}`), ...plugins] };
}
