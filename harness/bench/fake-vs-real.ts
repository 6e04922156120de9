/**
 * Figure 7, "fake-codex vs real codex": the fake's `codex` launcher and the real native binary from
 * the live lane's cache, timed side by side in one run inside a loopback-only namespace
 * (./fake-vs-real-child.ts). Skipped, with a note, when the real binary is not installed
 * (`pnpm scenarios --lane live` installs it) or no such namespace can be made: the real binary
 * never runs with network access here.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { writeCodexLauncher } from "../../fakes/bin/shim.ts";
import { CODEX_CACHE_DIR, CODEX_VERSION, codexBinaryIn } from "../live/install.ts";
import { probeLoopbackNamespace } from "../live/namespace.ts";
import type { Figure, FigureOptions } from "./figure.ts";
import type { FakeVsRealChildResult, FakeVsRealPlan } from "./fake-vs-real-child.ts";
import { fakeVsRealFigure } from "./fake-vs-real-table.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const CHILD = resolve(ROOT, "harness/bench/fake-vs-real-child.ts");
const FAKE_CODEX = resolve(ROOT, "fakes/bin/fake-codex.mjs");

export class FakeVsRealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FakeVsRealError";
  }
}

function runChild(plan: FakeVsRealPlan, log: (line: string) => void): Promise<FakeVsRealChildResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("unshare", ["-rn", process.execPath, "--import", "tsx", CHILD, JSON.stringify(plan)], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      err += c;
      const lines = err.split("\n");
      err = lines.pop() ?? "";
      for (const line of lines) log(line);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new FakeVsRealError(`the fake-vs-real child exited ${code ?? "by signal"}: ${err.trim()}`));
      try {
        resolvePromise(JSON.parse(out.trim().split("\n").at(-1) ?? "") as FakeVsRealChildResult);
      } catch {
        reject(new FakeVsRealError(`the fake-vs-real child printed no result: ${out.slice(0, 200)}`));
      }
    });
  });
}

/** The figure, or undefined (with a note on the log) when the real binary or the namespace is missing. */
export async function measureFakeVsReal(options: FigureOptions & { readonly cacheDir?: string }): Promise<Figure | undefined> {
  const realBin = codexBinaryIn(options.cacheDir ?? CODEX_CACHE_DIR);
  if (realBin === undefined) {
    options.log(`fake vs real: SKIPPED — no real codex ${CODEX_VERSION} in ${options.cacheDir ?? CODEX_CACHE_DIR} (run \`pnpm scenarios --lane live\` once to install it)`);
    return undefined;
  }
  const probe = probeLoopbackNamespace();
  if (!probe.ok) {
    options.log(`fake vs real: SKIPPED — no loopback-only network namespace (${probe.reason}); the real binary is not run with network access`);
    return undefined;
  }
  const binDir = mkdtempSync(join(tmpdir(), "clp-bench-shim-"));
  try {
    const launcher = writeCodexLauncher(binDir, [process.execPath, FAKE_CODEX], "fakes/bin/fake-codex.mjs");
    const repeats = Math.max(10, options.repeats);
    const result = await runChild({ repeats, fake: [launcher], real: [realBin] }, (line) => options.log(line));
    return fakeVsRealFigure(result, { realBinary: realBin.replace(ROOT, "."), codexVersion: CODEX_VERSION, isolation: "netns", flags: result.flags.map((f) => f.replace(/:\d+\/v1/, ":<port>/v1")) });
  } finally {
    rmSync(binDir, { recursive: true, force: true });
  }
}
