import { describe, expect, it } from "vitest";
import { SimKernel } from "./kernel.ts";
import { Prng } from "./prng.ts";

function interleave(kernel: SimKernel): string[] {
  const order: string[] = [];
  for (const ch of ["a", "b", "c"]) for (let i = 0; i < 3; i++) kernel.post(ch, `${ch}${i}`, () => order.push(`${ch}${i}`));
  return order;
}

describe("Prng", () => {
  it("gives the same stream for the same seed and label, and independent streams per label", () => {
    const a = new Prng(7).fork("x");
    const b = new Prng(7).fork("x");
    const c = new Prng(7).fork("y");
    const draw = (p: Prng): number[] => Array.from({ length: 5 }, () => p.nextU32());
    expect(draw(a)).toEqual(draw(b));
    expect(draw(new Prng(7).fork("x"))).not.toEqual(draw(c));
  });

  it("forks do not depend on how many draws the parent made", () => {
    const p1 = new Prng(3);
    const p2 = new Prng(3);
    p2.nextU32();
    p2.nextU32();
    expect(p1.fork("fake").nextU32()).toBe(p2.fork("fake").nextU32());
  });

  it("nextInt stays in range", () => {
    const p = new Prng(1);
    for (let i = 0; i < 1000; i++) expect(p.nextInt(3)).toBeLessThan(3);
  });
});

describe("SimKernel", () => {
  it("keeps each channel FIFO while interleaving channels", async () => {
    const kernel = new SimKernel({ seed: 11 });
    const order = interleave(kernel);
    const r = await kernel.runUntil(new Promise<void>((resolve) => kernel.world.clock.setTimer(1, resolve)));
    expect(r.kind).toBe("settled");
    for (const ch of ["a", "b", "c"]) expect(order.filter((x) => x.startsWith(ch))).toEqual([`${ch}0`, `${ch}1`, `${ch}2`]);
  });

  it("FIFO policy runs tasks in posting order", async () => {
    const kernel = new SimKernel({ seed: 1, policy: { kind: "fifo" } });
    const order = interleave(kernel);
    await kernel.runUntil(new Promise<void>((resolve) => kernel.world.clock.setTimer(1, resolve)));
    expect(order.slice(0, 3)).toEqual(["a0", "a1", "a2"]);
  });

  it("replays a seeded interleaving exactly from its recorded choices", async () => {
    const first = new SimKernel({ seed: 99 });
    const orderA = interleave(first);
    await first.runUntil(new Promise<void>((r) => first.world.clock.setTimer(1, r)));
    const replay = new SimKernel({ seed: 0, policy: { kind: "list", choices: first.choices() } });
    const orderB = interleave(replay);
    await replay.runUntil(new Promise<void>((r) => replay.world.clock.setTimer(1, r)));
    expect(orderB).toEqual(orderA);
  });

  it("judges a never-settling await as a hang by quiescence, naming what was pending, without waiting", async () => {
    const kernel = new SimKernel({ seed: 5 });
    kernel.world.clock.setTimer(60_000, () => {}, { unref: true, label: "heartbeat" });
    const never = kernel.track("captureTurn", new Promise<void>(() => {}));
    const started = performance.now();
    const r = await kernel.runUntil(never);
    expect(r.kind).toBe("hang");
    if (r.kind !== "hang") return;
    expect(r.hang.reason).toBe("quiescent");
    expect(r.hang.pending).toEqual(["captureTurn"]);
    expect(r.hang.idleTimers[0]).toContain("heartbeat (unref)");
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("advances virtual time to the next timer when nothing is ready", async () => {
    const kernel = new SimKernel({ seed: 5 });
    const t0 = kernel.clock.nowMs();
    const r = await kernel.runUntil(new Promise<number>((resolve) => kernel.world.clock.setTimer(30_000, () => resolve(kernel.clock.nowMs()))));
    expect(r).toEqual({ kind: "settled", value: t0 + 30_000 });
  });

  it("fires an unref'd timer at its own due time when a later ref'd timer keeps the world alive", async () => {
    const kernel = new SimKernel({ seed: 5 });
    const fired: number[] = [];
    kernel.world.clock.setTimer(30, () => fired.push(kernel.clock.elapsedMs()), { unref: true });
    const r = await kernel.runUntil(new Promise<void>((resolve) => kernel.world.clock.setTimer(100, resolve)));
    expect(r.kind).toBe("settled");
    expect(fired).toEqual([30]);
  });

  it("turns a livelock into a budget verdict instead of looping forever", async () => {
    const kernel = new SimKernel({ seed: 5, budgets: { steps: 50 } });
    const spin = (): void => kernel.post("spin", "again", spin);
    spin();
    const r = await kernel.runUntil(new Promise<void>(() => {}));
    expect(r.kind === "hang" && r.hang.reason).toBe("budget:steps");
  });
});
