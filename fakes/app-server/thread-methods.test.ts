import { describe, expect, it } from "vitest";
import { statefulSession } from "./stateful-kit.ts";
import type { FakeCodexScript } from "./script.ts";

const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const session = (script?: FakeCodexScript) => statefulSession({ drain, ...(script === undefined ? {} : { script }) });
const ids = (list: unknown): string[] => ((list as { data: Array<{ id: string }> }).data ?? []).map((t) => t.id);
const UNKNOWN = "01a233f3-37ad-7a73-aeae-5168e41cb904";

describe("thread/list, thread/read, thread/archive, thread/unarchive (as codex 0.169.0 keeps them)", () => {
  it("lists a thread once it ran a turn, hides it while archived and brings it back on unarchive", async () => {
    const s = session();
    await s.start();
    const threadId = await s.newThread();
    expect(ids((await s.call("thread/list")).result)).toEqual([]);
    await s.turn(threadId, "first question");
    const listed = (await s.call("thread/list")).result;
    expect(ids(listed)).toEqual([threadId]);
    expect((listed as { data: Array<Record<string, unknown>> }).data[0]).toMatchObject({ preview: "first question", status: { type: "idle" }, forkedFromId: null, turns: [] });

    const read = (await s.call("thread/read", { threadId })).result?.["thread"];
    expect(read).toMatchObject({ id: threadId, preview: "first question", status: { type: "idle" }, canAcceptDirectInput: true, turns: [] });

    const before = s.count();
    expect((await s.call("thread/archive", { threadId })).result).toEqual({});
    expect(s.shapeSince(before)).toEqual(["thread/status/changed", "#thread/archive", "thread/archived"]);
    expect(ids((await s.call("thread/list")).result)).toEqual([]);
    expect(ids((await s.call("thread/list", { archived: true })).result)).toEqual([threadId]);
    expect((await s.call("thread/loaded/list")).result).toEqual({ data: [], nextCursor: null });
    const archived = (await s.call("thread/read", { threadId })).result?.["thread"] as Record<string, unknown>;
    expect(archived).toMatchObject({ status: { type: "notLoaded" }, environments: null, canAcceptDirectInput: null });
    expect(String(archived["path"])).toMatch(/\/archived_sessions\/rollout-[^/]+\.jsonl$/);
    expect((await s.call("turn/start", { threadId, input: [] }))["error"]).toEqual({ code: -32600, message: `thread not found: ${threadId}` });

    const back = await s.call("thread/unarchive", { threadId });
    expect(back.result?.["thread"]).toMatchObject({ id: threadId, status: { type: "notLoaded" } });
    expect(s.shapeSince(s.count() - 1)).toEqual(["thread/unarchived"]);
    expect(ids((await s.call("thread/list")).result)).toEqual([threadId]);
    expect((await s.call("thread/unarchive", { threadId }))["error"]).toEqual({ code: -32600, message: `no archived rollout found for thread id ${threadId}` });
    expect(s.invalid()).toEqual([]);
  });

  it("answers unknown and malformed thread ids with the real server's words per method", async () => {
    const s = session();
    await s.start();
    const bad = "invalid thread id: invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1";
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["thread/read", { threadId: "nope" }, bad],
      ["thread/read", { threadId: UNKNOWN }, `thread not loaded: ${UNKNOWN}`],
      ["thread/turns/list", { threadId: UNKNOWN }, `thread not loaded: ${UNKNOWN}`],
      ["thread/archive", { threadId: UNKNOWN }, `no rollout found for thread id ${UNKNOWN}`],
      ["thread/unarchive", { threadId: UNKNOWN }, `no archived rollout found for thread id ${UNKNOWN}`],
      ["thread/fork", { threadId: "nope" }, bad.replace("thread id", "session id")],
      ["thread/fork", { threadId: UNKNOWN }, `no rollout found for thread id ${UNKNOWN}`],
      ["thread/name/set", { threadId: UNKNOWN, name: "x" }, `no rollout found for thread id ${UNKNOWN}`],
      ["thread/backgroundTerminals/list", { threadId: UNKNOWN }, `thread not found: ${UNKNOWN}`],
      ["thread/read", { threadId: "" }, "invalid thread id: invalid length: expected length 32 for simple format, found 0"],
    ];
    for (const [method, params, message] of cases) expect([method, (await s.call(method, params))["error"]]).toEqual([method, { code: -32600, message }]);
    expect((await s.call("thread/unsubscribe", { threadId: UNKNOWN })).result).toEqual({ status: "notLoaded" });
  });

  it("refuses history reads of a thread that never ran a turn, as 0.169.0 does (-32601)", async () => {
    const s = session();
    await s.start();
    const threadId = await s.newThread();
    const unsupported = { code: -32601, message: "list_turns is not supported yet" };
    expect((await s.call("thread/turns/list", { threadId }))["error"]).toEqual(unsupported);
    expect((await s.call("thread/read", { threadId, includeTurns: true }))["error"]).toEqual(unsupported);
    expect((await s.call("thread/name/set", { threadId, name: "x" }))["error"]).toEqual({ code: -32600, message: `no rollout found for thread id ${threadId}` });
  });
});

describe("thread history: thread/read includeTurns, thread/turns/list, thread/fork", () => {
  const script: FakeCodexScript = { model: { turns: [{ output: [{ type: "message", phase: "final_answer", deltas: ["Answer 0"] }], usage: { inputTokens: 12, outputTokens: 4 } }, { output: [{ type: "message", phase: "final_answer", deltas: ["Answer 1"] }] }] } };

  it("reads the turns a thread ran, newest first in thread/turns/list, with their items", async () => {
    const s = session(script);
    await s.start();
    const threadId = await s.newThread();
    const first = String(((await s.turn(threadId, "one")).result?.["turn"] as { id: string }).id);
    const second = String(((await s.turn(threadId, "two")).result?.["turn"] as { id: string }).id);
    const before = s.count();
    const read = await s.call("thread/read", { threadId, includeTurns: true });
    expect(s.shapeSince(before)).toEqual(["deprecationNotice", "#thread/read"]);
    const turns = (read.result?.["thread"] as { turns: Array<{ id: string; status: string; itemsView: string; items: Array<{ type: string; text?: string }> }> }).turns;
    expect(turns.map((t) => [t.id, t.status, t.itemsView])).toEqual([[first, "completed", "full"], [second, "completed", "full"]]);
    expect(turns[0]?.items.map((i) => i.type)).toEqual(["userMessage", "agentMessage"]);
    expect(turns[1]?.items[1]?.text).toBe("Answer 1");
    const listed = (await s.call("thread/turns/list", { threadId })).result as { data: Array<{ id: string; itemsView: string }>; nextCursor: unknown };
    expect(listed.data.map((t) => [t.id, t.itemsView])).toEqual([[second, "summary"], [first, "summary"]]);
    expect(listed.nextCursor).toBeNull();
    const revision = async (): Promise<unknown> => ((await s.call("thread/read", { threadId })).result?.["readState"] as { revision: string }).revision;
    const r1 = await revision();
    expect(await revision()).toBe(r1);
    expect((await s.call("thread/read", { threadId })).result?.["readState"]).toMatchObject({ firstUnread: { type: "turn", turnId: first } });
    const paged = (await s.call("thread/turns/list", { threadId, limit: 1 })).result as { data: Array<{ id: string }>; nextCursor: string };
    expect(paged.data.map((t) => t.id)).toEqual([second]);
    const rest = (await s.call("thread/turns/list", { threadId, limit: 1, cursor: paged.nextCursor })).result as { data: Array<{ id: string }>; nextCursor: unknown };
    expect([rest.data.map((t) => t.id), rest.nextCursor]).toEqual([[first], null]);
    expect(s.invalid()).toEqual([]);
  });

  it("forks a thread with a copy of its turns, reports the usage, and announces the fork", async () => {
    const s = session(script);
    await s.start();
    const threadId = await s.newThread();
    const turnId = String(((await s.turn(threadId, "first question")).result?.["turn"] as { id: string }).id);
    const before = s.count();
    const fork = (await s.call("thread/fork", { threadId })).result as { thread: { id: string; forkedFromId: string; preview: string; turns: Array<{ id: string; items: unknown[] }> } };
    expect(s.shapeSince(before)).toEqual(["deprecationNotice", "#thread/fork", "thread/tokenUsage/updated", "thread/started"]);
    expect(fork.thread.id).not.toBe(threadId);
    expect(fork.thread).toMatchObject({ forkedFromId: threadId, preview: "first question" });
    expect(fork.thread.turns.map((t) => [t.id, t.items.length])).toEqual([[turnId, 2]]);
    expect((await s.call("thread/loaded/list")).result).toEqual({ data: [threadId, fork.thread.id], nextCursor: null });
    // The fork's history is its own: a turn on the fork does not show in the source.
    await s.turn(fork.thread.id, "only in the fork");
    const source = (await s.call("thread/turns/list", { threadId })).result as { data: unknown[] };
    const forked = (await s.call("thread/turns/list", { threadId: fork.thread.id })).result as { data: unknown[] };
    expect([source.data.length, forked.data.length]).toEqual([1, 2]);
    const slim = (await s.call("thread/fork", { threadId, excludeTurns: true })).result as { thread: { turns: unknown[] } };
    expect(slim.thread.turns).toEqual([]);
    await s.call("thread/archive", { threadId });
    expect((await s.call("thread/fork", { threadId }))["error"]).toEqual({
      code: -32600,
      message: `session ${threadId} is archived. Run \`codex unarchive ${threadId}\` to unarchive it first.`,
    });
    expect(s.invalid()).toEqual([]);
  });
});

describe("thread/unsubscribe, thread/name/set, thread/backgroundTerminals/list", () => {
  it("stops this connection's turn notifications for the thread, except status changes, until it resumes", async () => {
    const s = session();
    await s.start();
    const threadId = await s.newThread();
    await s.turn(threadId);
    expect((await s.call("thread/unsubscribe", { threadId })).result).toEqual({ status: "unsubscribed" });
    expect((await s.call("thread/unsubscribe", { threadId })).result).toEqual({ status: "notSubscribed" });
    const before = s.count();
    await s.turn(threadId, "nobody hears this");
    expect(s.shapeSince(before)).toEqual(["#turn/start", "thread/status/changed", "thread/status/changed"]);
    // The turn still ran and is in the thread's history; the thread stays loaded.
    const turns = (await s.call("thread/turns/list", { threadId })).result as { data: Array<{ status: string }> };
    expect(turns.data.map((t) => t.status)).toEqual(["completed", "completed"]);
    expect((await s.call("thread/loaded/list")).result).toEqual({ data: [threadId], nextCursor: null });
    const resumed = s.count();
    await s.call("thread/resume", { threadId });
    expect(s.shapeSince(resumed)).toEqual(["deprecationNotice", "#thread/resume"]);
    const again = s.count();
    await s.turn(threadId);
    expect(s.shapeSince(again)).toContain("turn/completed");
  });

  it("names a thread (thread/name/updated), shows the name, and refuses an empty one", async () => {
    const s = session();
    await s.start();
    const threadId = await s.newThread();
    await s.turn(threadId);
    const before = s.count();
    expect((await s.call("thread/name/set", { threadId, name: "My thread" })).result).toEqual({});
    expect(s.t.out().slice(before).map((m) => [m.method ?? "#", m.params])).toEqual([["#", undefined], ["thread/name/updated", { threadId, threadName: "My thread" }]]);
    expect((await s.call("thread/read", { threadId })).result?.["thread"]).toMatchObject({ name: "My thread" });
    expect(((await s.call("thread/list")).result as { data: Array<{ name: string }> }).data[0]?.name).toBe("My thread");
    expect((await s.call("thread/name/set", { threadId, name: "" }))["error"]).toEqual({ code: -32600, message: "thread name must not be empty" });
  });

  it("lists no background terminals for a loaded thread, behind experimentalApi", async () => {
    const s = session();
    await s.start();
    const threadId = await s.newThread();
    expect((await s.call("thread/backgroundTerminals/list", { threadId })).result).toEqual({ data: [], nextCursor: null });
    const plain = session();
    await plain.start({});
    const other = await plain.newThread();
    expect((await plain.call("thread/backgroundTerminals/list", { threadId: other }))["error"]).toEqual({
      code: -32600,
      message: "thread/backgroundTerminals/list requires experimentalApi capability",
    });
  });
});

describe("review/start", () => {
  it("runs a review turn: enteredReviewMode, the inner turn, exitedReviewMode with the model's answer, then that answer", async () => {
    const s = session({ model: { turns: [{ output: [{ type: "message", phase: "final_answer", deltas: ["No ", "findings."] }] }] } });
    await s.start();
    const threadId = await s.newThread();
    const before = s.count();
    const answer = await s.call("review/start", { threadId, target: { type: "custom", instructions: "check the code" } });
    expect(answer.result).toMatchObject({ reviewThreadId: threadId, turn: { status: "inProgress", rootTurnId: null, items: [{ type: "userMessage", content: [{ type: "text", text: "check the code" }] }] } });
    const items = s.t
      .out()
      .slice(before)
      .filter((m) => m.method === "item/started" || m.method === "item/completed")
      .map((m) => `${m.method === "item/started" ? "+" : "-"}${(m.params?.["item"] as { type: string }).type}`);
    expect(items).toEqual(["+enteredReviewMode", "-enteredReviewMode", "+userMessage", "-userMessage", "+agentMessage", "+exitedReviewMode", "-exitedReviewMode", "+agentMessage", "-agentMessage"]);
    const exited = s.t.out().find((m) => m.method === "item/completed" && (m.params?.["item"] as { type: string }).type === "exitedReviewMode");
    expect((exited?.params?.["item"] as { review: string }).review).toBe("No findings.");
    const completed = s.t.out().at(-1);
    expect(completed?.method).toBe("turn/completed");
    expect(completed?.params?.["turn"]).toMatchObject({ status: "completed", items: [{ type: "agentMessage", text: "No findings." }] });
    expect(s.shapeSince(before)).not.toContain("item/agentMessage/delta");
    expect((await s.call("review/start", { threadId, target: { type: "bogus" } }))["error"]).toEqual({
      code: -32600,
      message: "Invalid request: unknown variant `bogus`, expected one of `uncommittedChanges`, `baseBranch`, `commit`, `custom`",
    });
    expect(s.invalid()).toEqual([]);
  });
});

describe("fault rules on the stateful methods", () => {
  it("apply by method as on any other: an error answer, a stalled answer, a delayed answer", async () => {
    const s = session({
      rules: [
        { when: { method: "thread/list" }, action: { kind: "error", code: -32603, message: "boom" } },
        { when: { method: "thread/fork" }, action: { kind: "stall" } },
        { when: { method: "config/read" }, action: { kind: "delay", ms: 500 } },
      ],
    });
    await s.start();
    const threadId = await s.newThread();
    await s.turn(threadId);
    expect((await s.call("thread/list"))["error"]).toEqual({ code: -32603, message: "boom" });
    const forkId = s.send("thread/fork", { threadId });
    await s.t.world.run();
    expect(s.t.out().some((m) => m.id === forkId)).toBe(false);
    const started = s.t.world.elapsedMs();
    expect((await s.call("config/read")).result).toHaveProperty("config");
    expect(s.t.world.elapsedMs() - started).toBeGreaterThanOrEqual(500);
    // Each rule fired once: the second thread/list is answered.
    expect(ids((await s.call("thread/list")).result)).toEqual([threadId]);
  });
});
