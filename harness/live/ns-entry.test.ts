/**
 * The namespace wrapper with a stand-in for codex (a tiny node script), so it runs without the
 * 400 MB binary: loopback-only networking, the model server reachable inside, config.toml written
 * (or the same keys passed as -c flags), extra codex environment passed, stdio relayed both ways,
 * exit code and SIGTERM forwarded. Skipped where `unshare -rn` is not allowed.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nodeProcessSpawner } from "../../src/runtime/node-process.ts";
import { liveLaunch } from "./launch.ts";
import { probeLoopbackNamespace } from "./namespace.ts";

const STAND_IN = `#!/usr/bin/env node
const { readFileSync } = require("node:fs");
const os = require("node:os");
let config;
try { config = readFileSync(process.env.CODEX_HOME + "/config.toml", "utf8"); } catch { config = process.argv.slice(2).join(" "); }
const baseUrl = /base_url = "([^"]+)"/.exec(config)[1];
process.on("SIGTERM", () => { process.stdout.write(JSON.stringify({ got: "SIGTERM" }) + "\\n"); process.exit(0); });
process.stdin.on("data", async (chunk) => {
  if (!String(chunk).includes("ping")) return;
  const res = await fetch(baseUrl + "/responses", { method: "POST", body: "{}", headers: { authorization: "Bearer " + process.env.FAKE_KEY } });
  const text = await res.text();
  const interfaces = Object.keys(os.networkInterfaces());
  process.stdout.write(JSON.stringify({ status: res.status, firstEvent: text.split("\\n")[0], interfaces, args: process.argv.slice(2), seed: process.env.FAKE_CODEX_SEED ?? null }) + "\\n");
});
process.stdin.on("end", () => process.exit(7));
`;

const probe = probeLoopbackNamespace();
const root = mkdtempSync(join(tmpdir(), "clp-ns-entry-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function start(name: string, configVia: "toml" | "flags" = "toml") {
  const homeDir = join(root, name);
  const codexBin = join(root, `${name}-codex.cjs`);
  writeFileSync(codexBin, STAND_IN);
  chmodSync(codexBin, 0o755);
  const launch = liveLaunch({
    codexBin,
    homeDir,
    workDir: root,
    model: { turns: [{ output: [{ type: "message", deltas: ["hi"] }] }] },
    streamIdleTimeoutMs: 1_000,
    isolation: "netns",
    configVia,
    codexEnv: { FAKE_CODEX_SEED: "7" },
  });
  const child = nodeProcessSpawner.spawn(launch.command, launch.args, { env: launch.env, cwd: launch.cwd });
  let out = "";
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  child.onStdout((c) => {
    out += c;
    const parts = out.split("\n");
    out = parts.pop() ?? "";
    lines.push(...parts);
    waiters.splice(0).forEach((w) => w());
  });
  const nextLine = async (): Promise<Record<string, unknown>> => {
    while (lines.length === 0) await new Promise<void>((r) => waiters.push(r));
    return JSON.parse(lines.shift() as string) as Record<string, unknown>;
  };
  return { child, nextLine };
}

describe.skipIf(!probe.ok)("ns-entry (inside unshare -rn)", () => {
  it("serves the model on loopback inside a namespace that has only lo, relays stdio and forwards the exit code", async () => {
    // Arrange
    const { child, nextLine } = start("relay");
    // Act
    child.write("ping\n");
    const reply = await nextLine();
    child.endInput();
    // Assert
    expect(reply).toEqual({ status: 200, firstEvent: "event: response.created", interfaces: ["lo"], args: ["app-server"], seed: "7" });
    expect(await child.exited).toEqual({ code: 7, signal: null });
  });

  it("with LIVE_CONFIG_VIA=flags writes no config.toml and passes the provider as -c flags before the subcommand", async () => {
    // Arrange
    const { child, nextLine } = start("flags", "flags");
    // Act
    child.write("ping\n");
    const reply = await nextLine();
    child.endInput();
    // Assert
    expect(reply).toMatchObject({ status: 200, firstEvent: "event: response.created" });
    const args = reply["args"] as string[];
    expect(args.at(-1)).toBe("app-server");
    expect(args.slice(0, 4)).toEqual(["-c", 'model="gpt-5.5"', "-c", 'model_provider="fake"']);
    expect(args.join(" ")).toMatch(/model_providers\.fake=\{name = "fake", base_url = "http:\/\/127\.0\.0\.1:\d+\/v1"/);
    expect(await child.exited).toEqual({ code: 7, signal: null });
  });

  it("forwards SIGTERM to codex and exits as codex did", async () => {
    const { child, nextLine } = start("sigterm");
    child.write("ping\n");
    await nextLine(); // codex is up and has answered
    child.kill("SIGTERM");
    expect(await nextLine()).toEqual({ got: "SIGTERM" });
    expect(await child.exited).toEqual({ code: 0, signal: null });
  });
});
