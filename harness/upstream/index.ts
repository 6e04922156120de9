export { prepareUpstreamLane } from "./lane.ts";
export { releaseRuntime, prepareReleases, type ReleaseRuntime } from "./runtime.ts";
export { ensurePackage, ensurePackages, cacheDiskUse, UPSTREAM_CACHE_DIR, UpstreamInstallError, type InstalledPackage, type PackageSpec } from "./install.ts";
export { PINNED_RELEASES, PINNED_NODES, pinnedRelease, UnknownReleaseError, type PinnedRelease } from "./releases.ts";
export { runOpenClawAttempts, type OpenClawRun, type OpenClawStory, type AttemptResult } from "./openclaw.ts";
export { defineReleaseScenario, type ReleaseImpl, type HistoricalRelease } from "./define.ts";
