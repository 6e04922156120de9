import { describe, expect, it } from "vitest";
import { LiveLaneUnavailableError, prepareLiveLane } from "./preflight.ts";

const fakeInstall = () => Promise.resolve({ codexBin: "/opt/codex", installed: false, installMs: 0 });

describe("prepareLiveLane", () => {
  it("refuses with a clear message when no loopback-only namespace can be made", async () => {
    // Arrange
    const probe = () => ({ ok: false as const, reason: "unshare: unshare failed: Operation not permitted" });
    let installed = false;
    const install = () => ((installed = true), fakeInstall());
    // Act
    const attempt = prepareLiveLane({ probe, install, allowNoNamespace: false });
    // Assert
    await expect(attempt).rejects.toBeInstanceOf(LiveLaneUnavailableError);
    await expect(attempt).rejects.toThrow(/cannot create a loopback-only network namespace \(unshare: unshare failed: Operation not permitted\).*--allow-no-netns/);
    expect(installed).toBe(false);
  });

  it("runs without isolation only when the override is explicit, and says so", async () => {
    const lines: string[] = [];
    const lane = await prepareLiveLane({ probe: () => ({ ok: false, reason: "no unshare" }), install: fakeInstall, allowNoNamespace: true, log: (l) => lines.push(l) });
    expect(lane.isolation).toBe("none");
    expect(lines.join("\n")).toContain("WITHOUT a network namespace (no unshare)");
  });

  it("uses the namespace when it can be made", async () => {
    const lane = await prepareLiveLane({ probe: () => ({ ok: true }), install: fakeInstall, allowNoNamespace: false });
    expect(lane).toMatchObject({ isolation: "netns", codexBin: "/opt/codex", codexVersion: "0.169.0" });
  });
});
