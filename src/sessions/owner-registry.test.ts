import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import type { LifecycleEvent } from "../runtime/events.ts";
import { nodeFileSystem } from "../runtime/node-fs.ts";
import { SessionFileOwnerTimeoutError } from "./errors.ts";
import type { SessionFileKeyFn } from "./file-key.ts";
import { createSessionFileOwnerRegistry } from "./owner-registry.ts";
import { createManualClock } from "./testing.ts";

/** Aliases a.jsonl and link.jsonl onto one key, without touching the disk. */
const aliasKey: SessionFileKeyFn = (_fs, file) => Promise.resolve(file.replace("link.jsonl", "a.jsonl"));

function setup(startMs = 0) {
  const clock = createManualClock(startMs);
  const { timerOptions } = clock;
  const events: LifecycleEvent[] = [];
  const owners = createSessionFileOwnerRegistry({ fs: nodeFileSystem, clock, emit: (e) => events.push(e), resolveKey: aliasKey });
  return { clock, events, owners, timerOptions };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe("session-file owner registry", () => {
  it("serializes owners of one canonical file until the first releases", async () => {
    const { owners } = setup();
    const first = await owners.acquire({ sessionFile: "/s/a.jsonl" });
    let secondAcquired = false;
    const second = owners.acquire({ sessionFile: "/s/link.jsonl" }).then((o) => ((secondAcquired = true), o));
    await flush();
    expect(secondAcquired).toBe(false);
    first.release();
    expect((await second).sessionFileKey).toBe("/s/a.jsonl");
  });

  it("serves waiters in arrival order", async () => {
    const { owners } = setup();
    const first = await owners.acquire({ sessionFile: "/s/a.jsonl" });
    const order: string[] = [];
    const b = owners.acquire({ sessionFile: "/s/a.jsonl", label: "b" }).then((o) => (order.push("b"), o));
    await flush();
    const c = owners.acquire({ sessionFile: "/s/a.jsonl", label: "c" }).then((o) => (order.push("c"), o));
    await flush();
    first.release();
    (await b).release();
    await c;
    expect(order).toEqual(["b", "c"]);
  });

  it("makes release owner-checked and idempotent", async () => {
    const { owners } = setup();
    const first = await owners.acquire({ sessionFile: "/s/a.jsonl" });
    first.release();
    const second = await owners.acquire({ sessionFile: "/s/a.jsonl" });
    first.release();
    let thirdAcquired = false;
    void owners.acquire({ sessionFile: "/s/a.jsonl" }).then(() => (thirdAcquired = true));
    await flush();
    expect(thirdAcquired).toBe(false);
    second.release();
    await flush();
    expect(thirdAcquired).toBe(true);
  });

  it("bounds the total wait by the timeout, across hand-offs to other waiters", async () => {
    const { owners, clock } = setup();
    const first = await owners.acquire({ sessionFile: "/s/a.jsonl" });
    const earlier = owners.acquire({ sessionFile: "/s/a.jsonl" });
    await flush();
    const late = owners.acquire({ sessionFile: "/s/a.jsonl", timeoutMs: 100 });
    const lateResult = late.then(
      () => "acquired",
      (error: unknown) => error,
    );
    await flush();
    clock.advance(60);
    first.release(); // hands the file to `earlier`; `late` keeps its original deadline
    await earlier;
    clock.advance(40);
    const error = await lateResult;
    expect(error).toBeInstanceOf(SessionFileOwnerTimeoutError);
    expect(clock.nowMs()).toBe(100);
    expect(owners.ownedCount()).toBe(1);
  });

  it("rejects a waiter with the abort reason and drops it from the queue", async () => {
    const { owners } = setup();
    const first = await owners.acquire({ sessionFile: "/s/a.jsonl" });
    const controller = new AbortController();
    const waiting = owners.acquire({ sessionFile: "/s/a.jsonl", signal: controller.signal });
    await flush();
    controller.abort(new Error("cancelled by user"));
    await expect(waiting).rejects.toThrow("cancelled by user");
    first.release();
    expect(owners.ownedCount()).toBe(0);
  });

  it("rejects at once when the signal is already aborted", async () => {
    const { owners } = setup();
    const controller = new AbortController();
    controller.abort();
    await expect(owners.acquire({ sessionFile: "/s/a.jsonl", signal: controller.signal })).rejects.toBeDefined();
    expect(owners.ownedCount()).toBe(0);
  });

  it("reset rejects every waiter with the reason (a default one when none is given) and forgets every owner", async () => {
    const { owners, events } = setup();
    await owners.acquire({ sessionFile: "/s/a.jsonl" });
    await owners.acquire({ sessionFile: "/s/b.jsonl" });
    const waiting = owners.acquire({ sessionFile: "/s/a.jsonl", label: "w" }).then(
      () => "granted",
      (error: unknown) => error,
    );
    await flush();
    expect(owners.ownedCount()).toBe(2);
    owners.reset();
    const error = await waiting;
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe("session file owner registry reset");
    expect(owners.ownedCount()).toBe(0);
    expect(events.filter((e) => e.kind === "session.owner.wait-failed")).toEqual([expect.objectContaining({ key: "a.jsonl", label: "w", error: "Error" })]);

    const next = owners.acquire({ sessionFile: "/s/a.jsonl", label: "after" });
    const again = owners.acquire({ sessionFile: "/s/a.jsonl", label: "queued" }).then(
      () => "granted",
      (e: unknown) => e,
    );
    await next; // the reset key is free again
    await flush();
    const reason = new Error("world teardown");
    owners.reset(reason);
    expect(await again).toBe(reason);
  });

  it("emits acquire, wait and release events with the queue position, the time waited and whether the file was handed off", async () => {
    const { owners, events, clock } = setup(5_000);
    const first = await owners.acquire({ sessionFile: "/s/a.jsonl" });
    const b = owners.acquire({ sessionFile: "/s/link.jsonl", label: "b" });
    await flush();
    const c = owners.acquire({ sessionFile: "/s/a.jsonl", label: "c" });
    await flush();
    clock.advance(70);
    first.release();
    const second = await b;
    clock.advance(30);
    second.release();
    (await c).release();
    expect(events).toEqual([
      { kind: "session.owner.acquire", key: "a.jsonl", label: "attempt", waitedMs: 0 },
      { kind: "session.owner.wait", key: "a.jsonl", label: "b", position: 1 },
      { kind: "session.owner.wait", key: "a.jsonl", label: "c", position: 2 },
      { kind: "session.owner.release", key: "a.jsonl", label: "attempt", handedOff: true },
      { kind: "session.owner.acquire", key: "a.jsonl", label: "b", waitedMs: 70 },
      { kind: "session.owner.release", key: "a.jsonl", label: "b", handedOff: true },
      { kind: "session.owner.acquire", key: "a.jsonl", label: "c", waitedMs: 100 },
      { kind: "session.owner.release", key: "a.jsonl", label: "c", handedOff: false },
    ]);
    expect(owners.ownedCount()).toBe(0);
  });

  it("arms the wait timeout as an unref'd timer labelled with the file", async () => {
    const { owners, timerOptions } = setup();
    const first = await owners.acquire({ sessionFile: "/s/a.jsonl" });
    const waiting = owners.acquire({ sessionFile: "/s/link.jsonl", timeoutMs: 1_000 });
    await flush();
    expect(timerOptions).toEqual([{ unref: true, label: "session owner wait a.jsonl" }]);
    first.release();
    (await waiting).release();
  });

  it("removes its abort listener once the wait is granted or times out", async () => {
    const { owners, clock } = setup();
    const controller = new AbortController();
    const first = await owners.acquire({ sessionFile: "/s/a.jsonl" });
    const granted = owners.acquire({ sessionFile: "/s/a.jsonl", signal: controller.signal });
    await flush();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    first.release();
    const second = await granted;
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    const timedOut = owners.acquire({ sessionFile: "/s/a.jsonl", signal: controller.signal, timeoutMs: 10 }).catch((e: unknown) => e);
    await flush();
    clock.advance(10);
    expect(await timedOut).toBeInstanceOf(SessionFileOwnerTimeoutError);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    second.release();
  });

  it("rejects with a generic abort error when the signal carries no reason", async () => {
    const { owners } = setup();
    const signal = { aborted: true, reason: undefined } as unknown as AbortSignal;
    const error = await owners.acquire({ sessionFile: "/s/a.jsonl", signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe("operation aborted");
  });

  it("names a non-Error failure 'unknown' and reports the time waited", async () => {
    const { owners, events, clock } = setup(1_000);
    await owners.acquire({ sessionFile: "/s/a.jsonl" });
    const waiting = owners.acquire({ sessionFile: "/s/a.jsonl", label: "w" }).catch((e: unknown) => e);
    await flush();
    clock.advance(25);
    owners.reset("teardown");
    expect(await waiting).toBe("teardown");
    expect(events.filter((e) => e.kind === "session.owner.wait-failed")).toEqual([{ kind: "session.owner.wait-failed", key: "a.jsonl", label: "w", waitedMs: 25, error: "unknown" }]);
  });
});
