/** The upstream lane's preflight: every selected release installed before the first run, and the disk it takes. */
import { cacheDiskUse, formatBytes, UPSTREAM_CACHE_DIR } from "./install.ts";
import { prepareReleases } from "./runtime.ts";

export async function prepareUpstreamLane(options: { readonly releases: readonly string[]; readonly log: (line: string) => void }): Promise<void> {
  const started = performance.now();
  const { runtimes, installedNow } = await prepareReleases(options.releases, { log: options.log });
  const fresh = installedNow.length;
  const disk = await cacheDiskUse();
  const took = ((performance.now() - started) / 1000).toFixed(1);
  options.log(
    `upstream lane: ${runtimes.map((r) => `${r.release} (node ${r.nodeVersion})`).join(", ")} ready in ${took} s` +
      `${fresh > 0 ? ` (${fresh} installed now)` : " (cached)"}; ${UPSTREAM_CACHE_DIR} holds ${formatBytes(disk.bytes)} in ${disk.installs} installs`,
  );
}
