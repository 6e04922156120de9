import { describe, expect, it } from "vitest";
import { createPathNormalizer, mapJsonStrings, repoRelative } from "./normalize-paths.ts";

const roots = { repoRoot: "/home/dev/proj", tmpRoots: ["/tmp", "/private/tmp"], homeDir: "/home/dev" };

describe("createPathNormalizer", () => {
  it("numbers distinct temp dirs by first appearance and reuses the token for the same dir", () => {
    // Arrange
    const normalize = createPathNormalizer(roots);
    // Act
    const a = normalize("open /tmp/run-x1Y2z3/session.jsonl");
    const b = normalize("link /private/tmp/lane-Q9/b -> /tmp/run-x1Y2z3/a");
    // Assert
    expect(a).toBe("open <tmp>/session.jsonl");
    expect(b).toBe("link <tmp#2>/b -> <tmp>/a");
  });

  it("gives the same text for the same story whatever the random dir names", () => {
    const first = createPathNormalizer(roots)("/tmp/abc123/f and /tmp/def456/g");
    const second = createPathNormalizer(roots)("/tmp/zzz999/f and /tmp/yyy888/g");
    expect(first).toBe(second);
  });

  it("replaces the repo root before the home dir, and leaves look-alike prefixes alone", () => {
    const normalize = createPathNormalizer(roots);
    expect(normalize("at /home/dev/proj/src/x.ts:3 (home /home/dev/.npmrc)")).toBe(
      "at <repo>/src/x.ts:3 (home <home>/.npmrc)",
    );
    expect(normalize("/tmpfoo/x and /home/dev/project2")).toBe("/tmpfoo/x and <home>/project2");
  });

  it("prefers <repo> for a checkout that lives under the temp root", () => {
    const normalize = createPathNormalizer({ repoRoot: "/tmp/ci/repo", tmpRoots: ["/tmp"] });
    expect(normalize("/tmp/ci/repo/scenarios/a.ts")).toBe("<repo>/scenarios/a.ts");
  });
});

describe("mapJsonStrings", () => {
  it("maps strings and keys at any depth and keeps other values", () => {
    const out = mapJsonStrings({ a: ["x", 1, null, { b: "y" }], c: true }, (s) => s.toUpperCase());
    expect(out).toEqual({ A: ["X", 1, null, { B: "Y" }], C: true });
  });
});

describe("repoRelative", () => {
  it("strips the repo root only from paths inside it", () => {
    expect(repoRelative("/home/dev/proj/scenarios/a.scenario.ts", "/home/dev/proj")).toBe("scenarios/a.scenario.ts");
    expect(repoRelative("/elsewhere/a.ts", "/home/dev/proj")).toBe("/elsewhere/a.ts");
  });
});
