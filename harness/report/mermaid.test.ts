import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { discoverScenarios } from "../runner/discover.ts";
import { REPO_ROOT, runScenario } from "../runner/run-scenario.ts";
import { sequenceDiagram } from "./mermaid.ts";
import { diagramSection } from "./summary-diagrams.ts";
import { buildProofReport } from "./proof-report.ts";
import { FIXTURE_ENVIRONMENT } from "./testing.ts";

async function report(id: string, target: "src" | `mutant:${string}`) {
  const scenario = (await discoverScenarios(join(REPO_ROOT, "scenarios/codex"))).find((s) => s.id === id);
  if (scenario === undefined) throw new Error(`no ${id}`);
  return buildProofReport(await runScenario({ scenario, seed: 1, target }), { environment: FIXTURE_ENVIRONMENT, generatedAt: "2026-01-01T00:00:00.000Z" });
}

describe("sequenceDiagram", () => {
  it("shows who sent what, the fault and the broken invariant, one participant per app-server process", async () => {
    const diagram = sequenceDiagram(await report("codex/helper-401-rpc-error", "mutant:isolated-client-per-helper")) ?? "";
    const lines = diagram.split("\n");
    expect(lines.slice(0, 2)).toEqual(["```mermaid", "sequenceDiagram"]);
    expect(lines.at(-1)).toBe("```");
    expect(lines).toContain("  participant A1 as app-server codex:4000");
    expect(lines).toContain("  participant A2 as app-server codex:4001");
    expect(lines).toContain("  C->>A2: thread/start (id 2)");
    expect(lines.some((l) => /^ {2}Note over A2: ⚡ fault helper-thread-start-401-private: error at request thread\/start/.test(l))).toBe(true);
    expect(lines).toContain("  A2--xC: thread/start (id 2) error -32603");
    expect(lines.some((l) => l.startsWith("  Note over C,A2: ❌ safety:exactly-one-app-server broke"))).toBe(true);
    // The fault comes before the violation.
    expect(lines.findIndex((l) => l.includes("⚡"))).toBeLessThan(lines.findIndex((l) => l.includes("❌")));
  });

  it("stays bounded and keeps every line a Mermaid statement without separators or comments", async () => {
    const diagram = sequenceDiagram(await report("codex/helper-401-turn-error", "mutant:clear-on-any-attempt-failure"), 12) ?? "";
    const body = diagram.split("\n").slice(2, -1);
    expect(body.length).toBeLessThanOrEqual(12 + 5);
    for (const line of body) {
      expect(line).toMatch(/^ {2}(?:participant \w+ as [^;#]+|Note over \w+(?:,\w+)?: [^;#]+|\w+(?:->>|-->>|--x)\w+: [^;#]+)$/);
      expect(line).not.toContain("%%");
    }
  });
});

describe("diagramSection", () => {
  it("drops whole diagrams from the end to stay within its character budget, and says so", () => {
    const diagrams = Array.from({ length: 100 }, (_, i) => ({ heading: `run ${i}`, reportFile: `runs/r${i}.json`, diagram: `\`\`\`mermaid\nsequenceDiagram\n${"  C->>A1: x\n".repeat(150)}\`\`\`` }));
    const text = diagramSection(diagrams, 60_000).join("\n");
    expect(text.length).toBeLessThanOrEqual(60_000);
    expect(text).toContain("<summary>run 0</summary>");
    expect(text).not.toContain("<summary>run 99</summary>");
    expect(text).toMatch(/… \d+ more diagrams left out to keep this comment under GitHub's size cap\./);
  });

  it("links each report to the CI artifact when its URL is known", () => {
    const text = diagramSection([{ heading: "h", reportFile: "runs/a.json", diagram: "```mermaid\nsequenceDiagram\n```" }], 10_000, "https://ci.example/run/1").join("\n");
    expect(text).toContain("Report: `runs/a.json` in the [reports artifact](https://ci.example/run/1)");
  });
});
