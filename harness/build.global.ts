/**
 * Vitest global setup: rebuilds what `pnpm build` makes (the fake-codex bundle, the precompiled
 * protocol validators) when any of its sources is newer than the build, so no test runs an old
 * binary. Cheap when nothing changed (one stat per recorded source).
 */
import { ensureBuilt } from "../scripts/build.mjs";

export default async function setup(): Promise<void> {
  await ensureBuilt();
}
