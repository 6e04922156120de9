import { describe, expect, it } from "vitest";
import { createConnectGate } from "./gate.ts";

describe("createConnectGate", () => {
  it("grants the permit to one holder at a time, waiters in arrival order", async () => {
    const gate = createConnectGate();
    const order: string[] = [];
    const first = await gate.acquire();

    const second = gate.acquire().then((release) => {
      order.push("second");
      return release;
    });
    const third = gate.acquire().then((release) => {
      order.push("third");
      release();
    });
    await Promise.resolve();
    expect(order).toEqual([]);

    first();
    (await second)();
    await third;
    expect(order).toEqual(["second", "third"]);
  });

  it("ignores a second call of the same release", async () => {
    const gate = createConnectGate();
    const release = await gate.acquire();
    const waiter = gate.acquire();
    release();
    release();
    const next = await waiter;

    let thirdGranted = false;
    void gate.acquire().then(() => (thirdGranted = true));
    await Promise.resolve();
    expect(thirdGranted).toBe(false);
    next();
  });

  it("rejects waiters and later callers once closed", async () => {
    const gate = createConnectGate();
    await gate.acquire();
    const waiter = gate.acquire();

    gate.close();

    await expect(waiter).rejects.toThrow("exec-server connect lock closed");
    await expect(gate.acquire()).rejects.toThrow("exec-server connect lock closed");
  });
});
