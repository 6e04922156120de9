#!/usr/bin/env node
// The deliberately naive black-box client: a re-creation of the codex-plugin-cc turn capture
// before PR #243. It spawns `codex app-server` from PATH, does the handshake, starts a thread and
// a turn, and then waits for the root `turn/completed` and nothing else: the app-server's exit
// and stdout EOF are ignored. A progress ticker on stderr keeps the process alive the way the
// plugin's open broker socket does, so an app-server that exits mid-turn leaves this client
// waiting forever. Plain node, no dependencies. Usage: node naive-client.mjs "prompt"
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const prompt = process.argv.slice(2).join(" ") || "hello";
const child = spawn("codex", ["app-server"], { stdio: ["pipe", "pipe", "pipe"] });
child.on("error", () => {}); // the naive client does not look at spawn failures or exits
child.stdin.on("error", () => {});
child.stderr.resume();

let nextId = 1;
const pending = new Map();
let onNotification = () => {};

function request(method, params) {
  const id = nextId++;
  child.stdin.write(`${JSON.stringify({ id, method, params })}\n`);
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

createInterface({ input: child.stdout }).on("line", (line) => {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return;
  }
  if (message.id !== undefined && message.method === undefined) {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(message.error.message));
    else waiter?.resolve(message.result);
  } else if (message.method !== undefined && message.id === undefined) {
    onNotification(message.method, message.params ?? {});
  }
});

let waitedS = 0;
setInterval(() => {
  waitedS += 1;
  process.stderr.write(`waiting for turn/completed (${waitedS}s)\n`);
}, 1000);

await request("initialize", { clientInfo: { name: "naive-client", title: null, version: "0.0.1" }, capabilities: { experimentalApi: false } });
child.stdin.write(`${JSON.stringify({ method: "initialized" })}\n`);
const { thread } = await request("thread/start", { approvalPolicy: "never", sandbox: "read-only", ephemeral: true });

let lastMessage = null;
const completed = new Promise((resolve) => {
  onNotification = (method, params) => {
    if (method === "item/completed" && params.item?.type === "agentMessage") {
      lastMessage = params.item.text;
      process.stderr.write(`assistant (${params.item.phase ?? "message"}): ${params.item.text}\n`);
    }
    if (method === "turn/completed" && params.threadId === thread.id) resolve(params.turn);
  };
});
await request("turn/start", { threadId: thread.id, input: [{ type: "text", text: prompt, text_elements: [] }] });

// The bug: nothing but turn/completed ends this wait.
const turn = await completed;
if (lastMessage !== null) process.stdout.write(`${lastMessage}\n`);
child.stdin.end();
process.exit(turn.status === "completed" ? 0 : 1);
