/** Can this machine make a network namespace that has only loopback? (`unshare -rn` + `ip link set lo up`) */
import { spawnSync } from "node:child_process";

export type NamespaceProbe = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function probeLoopbackNamespace(): NamespaceProbe {
  const r = spawnSync("unshare", ["-rn", "sh", "-c", "ip link set lo up && ip -o link show | wc -l"], {
    encoding: "utf8",
    timeout: 10_000,
  });
  if (r.error !== undefined) return { ok: false, reason: `cannot run unshare: ${r.error.message}` };
  if (r.status !== 0) return { ok: false, reason: `unshare -rn failed (exit ${r.status ?? "null"}): ${r.stderr.trim() || "no message"}` };
  const links = Number(r.stdout.trim());
  if (links !== 1) return { ok: false, reason: `the namespace has ${links} links, expected only loopback` };
  return { ok: true };
}
