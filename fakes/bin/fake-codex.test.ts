import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { API_KEY_401 } from "../model-api/api-key-401.ts";
import { createModelApiHandlers } from "../model-api/handlers.ts";
import { startModelApiServer, type ModelApiRequestLog } from "../model-api/loopback.ts";
import { createProcessWorld } from "../app-server/process-world.ts";
import { planCli } from "./main.ts";

const SHIM = fileURLToPath(new URL("./fake-codex.mjs", import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "fake-codex-test-"));
  dirs.push(dir);
  return dir;
}

type Msg = Record<string, unknown> & { id?: unknown; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown> };

/** A real fake-codex child; `until` resolves on the first stdout message matching the predicate. */
function run(args: string[], env: Record<string, string> = {}) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [SHIM, ...args], { env: { ...process.env, ...env } });
  const messages: Msg[] = [];
  const text: string[] = [];
  const waiters: Array<{ match: (m: Msg) => boolean; resolve: (m: Msg) => void }> = [];
  let buffer = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    buffer += chunk;
    let nl = buffer.indexOf("\n");
    while (nl !== -1) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      nl = buffer.indexOf("\n");
      if (!line.startsWith("{")) {
        text.push(line);
        continue;
      }
      const message = JSON.parse(line) as Msg;
      messages.push(message);
      for (const w of waiters.filter((x) => x.match(message))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(message);
      }
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const outClosed = new Promise<void>((resolve) => child.stdout.once("close", () => resolve()));
  const writeErrors: string[] = [];
  child.stdin.on("error", (e: Error & { code?: string }) => writeErrors.push(e.code ?? e.message));
  return {
    child,
    messages,
    text,
    exited,
    outClosed,
    writeErrors,
    stderr: () => stderr,
    send: (m: unknown) => child.stdin.write(`${JSON.stringify(m)}\n`),
    until: (match: (m: Msg) => boolean) =>
      new Promise<Msg>((resolve) => {
        const found = messages.find(match);
        if (found !== undefined) resolve(found);
        else waiters.push({ match, resolve });
      }),
  };
}

const init = { id: 0, method: "initialize", params: { clientInfo: { name: "t", version: "1" } } };

async function startTurn(p: ReturnType<typeof run>): Promise<void> {
  p.send(init);
  p.send({ id: 1, method: "thread/start", params: {} });
  const started = await p.until((m) => m.id === 1);
  const threadId = (started.result?.["thread"] as { id: string }).id;
  p.send({ id: 2, method: "turn/start", params: { threadId, input: [{ type: "text", text: "hi" }] } });
}

describe("planCli (no process)", () => {
  it("plans --version, login status, app-server --help and usage errors", () => {
    expect(planCli(["--version"], {})).toEqual({ kind: "exit", code: 0, stdout: "codex-cli 0.169.0 (fake)\n" });
    expect(planCli(["login", "status"], { FAKE_CODEX_SCRIPT: '{"auth":"none"}' })).toMatchObject({ kind: "exit", code: 1, stdout: "Not logged in\n" });
    expect(planCli(["app-server", "--help"], {})).toMatchObject({ kind: "exit", code: 0 });
    expect(planCli(["app-server", "--listen", "ws://127.0.0.1:1"], {})).toMatchObject({ kind: "exit", code: 2 });
    expect(planCli(["app-server", "-c", "model=x", "--listen", "stdio://"], {})).toEqual({ kind: "serve", overrides: [{ path: ["model"], value: "x" }] });
    expect(planCli(["exec", "-c", "model=x", "--json", "hi"], {})).toEqual({ kind: "serve", overrides: [{ path: ["model"], value: "x" }], exec: ["--json", "hi"] });
    expect(planCli(["review", "hi"], {})).toMatchObject({ kind: "exit", code: 2 });
  });

  it("takes -c before and after the subcommand, as the OpenClaw CLI passes it, and --enable/--disable", () => {
    expect(planCli(["-c", 'cli_auth_credentials_store="ephemeral"', "app-server", "--listen", "stdio://"], {})).toEqual({
      kind: "serve",
      overrides: [{ path: ["cli_auth_credentials_store"], value: "ephemeral" }],
    });
    expect(planCli(["--config=model=\"o3\"", "app-server", "-c", "model_providers.mock.stream_idle_timeout_ms=1500", "--enable", "x", "--stdio"], {})).toEqual({
      kind: "serve",
      overrides: [
        { path: ["model"], value: "o3" },
        { path: ["model_providers", "mock", "stream_idle_timeout_ms"], value: 1500 },
        { path: ["features", "x"], value: true },
      ],
    });
  });

  it("refuses what the real binary refuses: a -c without '=', --profile with app-server", () => {
    expect(planCli(["-c", "bogus", "app-server"], {})).toEqual({ kind: "exit", code: 1, stderr: "Error: error parsing -c overrides: Invalid override (missing '='): bogus\n" });
    expect(planCli(["-p", "work", "app-server"], {})).toMatchObject({ kind: "exit", code: 1, stderr: expect.stringMatching(/^Error: --profile only applies to runtime commands/) });
  });

  it("plans generate-json-schema --out DIR and lists only working subcommands in --help", () => {
    expect(planCli(["app-server", "generate-json-schema", "--out", "/tmp/x"], {})).toEqual({ kind: "generate-json-schema", out: "/tmp/x", experimental: false });
    expect(planCli(["app-server", "generate-json-schema"], {})).toMatchObject({ kind: "exit", code: 2 });
    const help = planCli(["app-server", "--help"], {});
    expect(help.kind === "exit" ? help.stdout : "").not.toContain("generate-ts");
  });

  it("exits 2 with one line naming the file, path and expectation for a malformed script file", () => {
    const dir = tempDir();
    const file = join(dir, "faults.json");
    const plan = planCli(["app-server"], { FAKE_CODEX_SCRIPT: file });
    expect(plan).toEqual({ kind: "exit", code: 2, stderr: `fake-codex: ${file}: (root): expected a readable fault-script file, got ENOENT\n` });
  });
});

describe("fake-codex as a real process", () => {
  it("prints its version through the .mjs shim", async () => {
    const p = run(["--version"]);
    const exit = await p.exited;
    await p.outClosed;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(p.text).toEqual(["codex-cli 0.169.0 (fake)"]);
    expect(p.stderr()).toBe("");
  });

  it("rejects a malformed inline script with exit 2 and a one-line message", async () => {
    const p = run(["app-server"], { FAKE_CODEX_SCRIPT: '{"rules":[{"when":{"method":"x"},"action":{"kind":"boom"}}]}' });
    expect(await p.exited).toEqual({ code: 2, signal: null });
    expect(p.stderr().trim().split("\n")).toHaveLength(1);
    expect(p.stderr()).toMatch(/^fake-codex: FAKE_CODEX_SCRIPT \(inline JSON\): rules\[0\]\.action\.kind: expected one of/);
  });

  it("runs a turn, exits 0 on stdin EOF mid-turn without turn/completed, and writes a redacted transcript", async () => {
    const transcript = join(tempDir(), "t.jsonl");
    const p = run(["app-server"], {
      FAKE_CODEX_TRANSCRIPT: transcript,
      FAKE_CODEX_SCRIPT: JSON.stringify({ model: { turns: [{ output: [{ type: "message", deltas: ["a", "b"] }], eventDelayMs: 60_000 }] } }),
    });
    p.send({ id: 9, method: "account/login/start", params: { type: "apiKey", apiKey: "sk-live-secret-123456" } });
    await startTurn(p);
    await p.until((m) => m.method === "turn/started");
    p.child.stdin.end();
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.messages.map((m) => m.method)).not.toContain("turn/completed");
    const text = readFileSync(transcript, "utf8");
    expect(text).not.toContain("sk-live-secret-123456");
    const entries = text.trim().split("\n").map((l) => JSON.parse(l) as { dir: string });
    expect(entries[0]).toMatchObject({ dir: "start", argv: ["app-server"], processIndex: 0 });
    expect(entries.at(-1)).toEqual(expect.objectContaining({ dir: "exit", code: 0, signal: null }));
    expect(entries.filter((e) => e.dir === "in")).toHaveLength(4);
  });

  it("exits 0 on SIGTERM mid-turn with no terminal notification", async () => {
    const p = run(["app-server"], { FAKE_CODEX_SCRIPT: JSON.stringify({ model: { turns: [{ output: [], end: "stall" }] } }) });
    await startTurn(p);
    await p.until((m) => m.method === "turn/started");
    p.child.kill("SIGTERM");
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.messages.map((m) => m.method)).not.toContain("turn/completed");
  });

  it("really dies by the signal a rule names, after the Nth notification", async () => {
    const p = run(["app-server"], { FAKE_CODEX_SCRIPT: JSON.stringify({ rules: [{ when: { turn: 0, afterNotification: 2 }, action: { kind: "exit", signal: "SIGKILL" } }] }) });
    await startTurn(p);
    expect(await p.exited).toEqual({ code: null, signal: "SIGKILL" });
    expect(p.messages.filter((m) => m.method !== undefined && m.method !== "thread/started").map((m) => m.method)).toEqual(["thread/status/changed", "turn/started"]);
  });

  it("closes its stdin on a closeStdin rule so the client's next write fails with EPIPE", async () => {
    const p = run(["app-server"], { FAKE_CODEX_SCRIPT: JSON.stringify({ rules: [{ when: { method: "initialize" }, action: { kind: "closeStdin" } }] }) });
    p.send(init);
    await p.until((m) => m.id === 0);
    const failed = new Promise<string>((resolve) => p.child.stdin.once("error", (e: Error & { code?: string }) => resolve(e.code ?? e.message)));
    p.send({ id: 1, method: "account/read" });
    expect(await failed).toBe("EPIPE");
    p.child.kill("SIGKILL");
    await p.exited;
  });

  it("counts spawns across processes with FAKE_CODEX_STATE_DIR so rules can target one process", async () => {
    const state = tempDir();
    const env = { FAKE_CODEX_STATE_DIR: state, FAKE_CODEX_SCRIPT: JSON.stringify({ rules: [{ when: { process: 1, method: "initialize" }, action: { kind: "exit", code: 7 } }] }) };
    const first = run(["app-server"], env);
    first.send(init);
    await first.until((m) => m.id === 0);
    const second = run(["app-server"], env);
    second.send(init);
    expect(await second.exited).toEqual({ code: 7, signal: null });
    first.child.stdin.end();
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(readdirSync(state).sort()).toEqual(["spawn-0", "spawn-1"]);
  });

  it("asks a loopback model API when FAKE_CODEX_MODEL_URL is set (a real 401 turn)", async () => {
    const world = createProcessWorld({ seed: 3 });
    const api = createModelApiHandlers({ world, script: { turns: [{ http: { status: 401, message: "Incorrect API key provided." } }] } });
    const server = await startModelApiServer({ handlers: api.handlers });
    try {
      const p = run(["app-server"], { FAKE_CODEX_MODEL_URL: server.baseUrl, FAKE_CODEX_MODEL_KEY: "sk-test" });
      await startTurn(p);
      const completed = await p.until((m) => m.method === "turn/completed");
      expect(completed.params?.["turn"]).toMatchObject({ status: "failed", error: { codexErrorInfo: { httpConnectionFailed: { httpStatusCode: 401 } } } });
      const error = p.messages.find((m) => m.method === "error");
      expect((error?.params?.["error"] as { message: string }).message).toBe(`unexpected status 401 Unauthorized: Incorrect API key provided., url: ${server.baseUrl}/responses`);
      expect(api.requests).toEqual([{ turn: 0, call: 0, model: "gpt-5.5", status: 401, authorized: true }]);
      p.child.stdin.end();
      await p.exited;
    } finally {
      await server.close();
    }
  });

  /** The client flags of the live golden cases: a provider configured only through -c. */
  function providerFlags(baseUrl: string, idleMs = 1500): string[] {
    return [
      "-c",
      `model_providers.mock={name="mock",base_url="${baseUrl}",env_key="MOCK_KEY",wire_api="responses",request_max_retries=0,stream_max_retries=0,stream_idle_timeout_ms=${idleMs}}`,
      "-c",
      "model_provider=mock",
      "-c",
      'model="gpt-5.4-mini"',
      "app-server",
      "--listen",
      "stdio://",
    ];
  }

  it("calls the provider configured with -c (Bearer $env_key) and reports its model and provider", async () => {
    const world = createProcessWorld({ seed: 4 });
    const api = createModelApiHandlers({ world, script: { turns: [{ output: [{ type: "message", phase: "final_answer", deltas: ["Hi", "."] }] }] } });
    const logs: ModelApiRequestLog[] = [];
    const server = await startModelApiServer({ handlers: api.handlers, onRequest: (log) => logs.push(log) });
    try {
      const p = run(providerFlags(server.baseUrl), { MOCK_KEY: "sk-mock" });
      await startTurn(p);
      const completed = await p.until((m) => m.method === "turn/completed");
      expect(completed.params?.["turn"]).toMatchObject({ status: "completed" });
      const started = p.messages.find((m) => m.id === 1);
      expect(started?.result).toMatchObject({ model: "gpt-5.4-mini", modelProvider: "mock", thread: { modelProvider: "mock", model: "gpt-5.4-mini" } });
      expect(p.messages.find((m) => m.method === "thread/started")?.params).toMatchObject({ thread: { modelProvider: "mock", model: "gpt-5.4-mini" } });
      expect(p.messages.filter((m) => m.method === "item/agentMessage/delta").map((m) => m.params?.["delta"])).toEqual(["Hi", "."]);
      expect(api.requests).toEqual([{ turn: 0, call: 0, model: "gpt-5.4-mini", status: 200, authorized: true }]);
      expect(logs.map((l) => [l.method, l.path, l.authSha256])).toEqual([["POST", "/v1/responses", createHash("sha256").update("Bearer sk-mock").digest("hex")]]);
      p.child.stdin.end();
      await p.exited;
    } finally {
      await server.close();
    }
  });

  it("fails the turn on the provider's 401 and on a stream idle past stream_idle_timeout_ms, as the real binary does", async () => {
    const world = createProcessWorld({ seed: 5 });
    const api = createModelApiHandlers({ world, script: { turns: [{ http: { status: 401, message: "Incorrect API key provided." } }, { output: [], end: "stall" }] } });
    const server = await startModelApiServer({ handlers: api.handlers });
    try {
      const p = run(providerFlags(server.baseUrl, 300), { MOCK_KEY: "sk-mock" });
      await startTurn(p);
      const first = await p.until((m) => m.method === "turn/completed");
      expect(first.params?.["turn"]).toMatchObject({ status: "failed", error: { codexErrorInfo: { httpConnectionFailed: { httpStatusCode: 401 } } } });
      const threadId = (p.messages.find((m) => m.id === 1)?.result?.["thread"] as { id: string }).id;
      p.send({ id: 3, method: "turn/start", params: { threadId, input: [{ type: "text", text: "again" }] } });
      const second = await p.until((m) => m.method === "turn/completed" && m !== first);
      expect(second.params?.["turn"]).toMatchObject({ status: "failed", error: { message: "stream disconnected before completion: idle timeout waiting for SSE" } });
      p.child.stdin.end();
      await p.exited;
    } finally {
      await server.close();
    }
  });

  it("refuses a configured provider that does not exist, as codex does (exit 1 before reading input)", async () => {
    const p = run(["-c", "model_provider=nope", "app-server"]);
    expect(await p.exited).toEqual({ code: 1, signal: null });
    expect(p.stderr()).toBe("Error: Model provider `nope` not found\n");
  });

  it("sends a configWarning after initialize for a config.toml that does not parse, and goes on with defaults", async () => {
    const home = tempDir();
    writeFileSync(join(home, "config.toml"), "model = \n");
    const p = run(["app-server"], { CODEX_HOME: home });
    p.send(init);
    const warning = await p.until((m) => m.method === "configWarning");
    expect(warning.params).toMatchObject({ summary: "Invalid configuration; using defaults.", path: join(home, "config.toml"), range: { start: { line: 1 } } });
    p.child.stdin.end();
    expect(await p.exited).toEqual({ code: 0, signal: null });
  });

  it("writes the committed schema with app-server generate-json-schema --out DIR", async () => {
    const out = join(tempDir(), "schema");
    const p = run(["app-server", "generate-json-schema", "--out", out]);
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(readFileSync(join(out, "ClientRequest.json"), "utf8")).toBe(readFileSync(fileURLToPath(new URL("../protocol/schema/ClientRequest.json", import.meta.url)), "utf8"));
  });

  it("shim DIR writes a codex launcher and prints the PATH that makes `codex` the fake", async () => {
    const dir = join(tempDir(), "bin");
    const p = run(["shim", dir], { PATH: "/usr/bin:/bin" });
    expect(await p.exited).toEqual({ code: 0, signal: null });
    await p.outClosed;
    expect(p.text).toEqual([`${dir}:/usr/bin:/bin`]);
    const version = spawnSync("codex", ["--version"], { env: { ...process.env, PATH: p.text[0] }, encoding: "utf8" });
    expect(version.stdout).toBe("codex-cli 0.169.0 (fake)\n");
    expect(planCli(["shim"], {})).toMatchObject({ kind: "exit", code: 2 });
  });

  it("records how an exec process ended on every way out: a usage error, and a kill right after turn.failed as the SDK sends it", async () => {
    const exitsIn = (file: string): unknown[] =>
      readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { dir: string }).filter((e) => e.dir === "exit");
    const usage = join(tempDir(), "usage.jsonl");
    const bad = run(["exec", "--experimental-json", "--no-such-flag", "hi"], { FAKE_CODEX_TRANSCRIPT: usage });
    bad.child.stdin.end();
    expect(await bad.exited).toEqual({ code: 2, signal: null });
    expect(exitsIn(usage)).toEqual([expect.objectContaining({ code: 2, signal: null })]);

    // @openai/codex-sdk breaks out on `turn.failed` and kills its child at once: the exit is still on record, once.
    const killed = join(tempDir(), "killed.jsonl");
    const p = run(["exec", "--experimental-json", "Say hello."], { FAKE_CODEX_TRANSCRIPT: killed, FAKE_CODEX_SCRIPT: JSON.stringify({ model: { turns: [API_KEY_401] } }) });
    p.child.stdin.end();
    await p.until((m) => m["type"] === "turn.failed");
    p.child.kill("SIGTERM");
    const exit = await p.exited;
    expect([JSON.stringify({ code: 1, signal: null }), JSON.stringify({ code: null, signal: "SIGTERM" })]).toContain(JSON.stringify(exit));
    expect(exitsIn(killed)).toHaveLength(1);
  });
});
