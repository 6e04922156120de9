import type { ScenarioDef } from "./types.ts";

/**
 * Declares a scenario. Validates the stable parts at load time so a typo fails loudly with the
 * scenario id, not later as a confusing run.
 */
export function defineScenario<Impl, Outcome, Params = undefined>(
  def: ScenarioDef<Impl, Outcome, Params>,
): ScenarioDef<Impl, Outcome, Params> {
  const where = `scenario "${def.id}"`;
  if (!/^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)+$/.test(def.id)) {
    throw new Error(`${where}: id must look like "<area>/<name>" (lowercase, digits, dashes)`);
  }
  if (def.seeds.length === 0) throw new Error(`${where}: declare at least one seed`);
  for (const seed of def.seeds) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
      throw new Error(`${where}: seed ${seed} is not a uint32`);
    }
  }
  if (def.checks.length === 0) throw new Error(`${where}: a scenario without checks proves nothing`);
  for (const m of def.mutants) {
    if (m.expects === undefined) continue;
    if (m.expects.length === 0 || m.expects.some((v) => v !== "fail" && v !== "hang")) {
      throw new Error(`${where}: mutant "${m.id}" expects ${JSON.stringify(m.expects)}; give one or more of "fail", "hang"`);
    }
  }
  const ids = new Set<string>();
  for (const c of [...def.checks.map((c) => c.id), ...def.mutants.map((m) => `mutant:${m.id}`)]) {
    if (ids.has(c)) throw new Error(`${where}: duplicate id "${c}"`);
    ids.add(c);
  }
  if (def.releases !== undefined) validateReleases(def, where);
  for (const m of def.mutants) {
    if (m.violates !== undefined) {
      const known = new Set(def.checks.map((c) => c.id));
      const missing = m.violates.filter((id) => !known.has(id));
      if (m.violates.length === 0 || missing.length > 0) {
        throw new Error(`${where}: mutant "${m.id}" expects a violation of ${missing.length > 0 ? `unknown check(s) ${missing.join(", ")}` : "no check"}; name at least one of its checks`);
      }
    }
  }
  return def;
}

/** `openclaw@2026.5.26` → `openclaw-2026-5-26`: a release's mutant id. */
export function releaseMutantId(release: string): string {
  return release.replace(/[@.]/g, "-");
}

function validateReleases<Impl, Outcome, Params>(def: ScenarioDef<Impl, Outcome, Params>, where: string): void {
  const { target, mutants } = def.releases!;
  if (def.lane !== "upstream") throw new Error(`${where}: releases are for the upstream lane, not "${def.lane}"`);
  for (const release of [target, ...mutants]) {
    if (!/^(@[a-z0-9-]+\/)?[a-z0-9-]+@\d+\.\d+\.\d+$/.test(release)) throw new Error(`${where}: release "${release}" must look like "<package>@<x.y.z>"`);
  }
  for (const release of mutants) {
    const mutant = def.mutants.find((m) => m.id === releaseMutantId(release));
    if (mutant === undefined) throw new Error(`${where}: historical release ${release} has no mutant "${releaseMutantId(release)}"`);
    if (mutant.expects === undefined || (mutant.expects.includes("fail") && mutant.violates === undefined)) {
      throw new Error(`${where}: historical release ${release} must declare how it is caught (a hang, or the checks it violates)`);
    }
  }
}
