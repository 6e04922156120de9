/**
 * A Mermaid `sequenceDiagram` of one run around its fault (GitHub renders it in comments and
 * step summaries): client, app-server and model as participants, ⚡ where the fault struck, ❌
 * where an invariant first broke, ⏳ where the run hung. Bounded: at most MAX_ITEMS items and
 * MAX_TEXT characters per label, so summary.md stays under GitHub's comment cap.
 */
import type { ProofReport } from "./proof-report.ts";
import { partiesOf, sequenceOf, windowAroundFault, type Party, type SequenceItem } from "./sequence.ts";

export const MAX_DIAGRAM_ITEMS = 36;
const MAX_TEXT = 90;

const LABEL: Readonly<Record<string, string>> = { client: "client", model: "model API", "exec-server": "exec-server" };

/** The diagram as a fenced ```mermaid block, or undefined when the trace holds no message at all. */
export function sequenceDiagram(report: ProofReport, maxItems = MAX_DIAGRAM_ITEMS): string | undefined {
  const all = sequenceOf(report);
  if (!all.some((i) => i.kind === "message" || i.kind === "fault")) return undefined;
  const { items, before, after } = windowAroundFault(all, maxItems);
  const parties = partiesOf(items);
  const ids = new Map(parties.map((p, i) => [p, idOf(p, i)]));
  const id = (p: Party): string => ids.get(p) ?? "C";
  const lines = ["```mermaid", "sequenceDiagram"];
  for (const p of parties) lines.push(`  participant ${id(p)} as ${text(LABEL[p] ?? p)}`);
  const span = parties.length > 1 ? `${id(parties[0] ?? "client")},${id(parties.at(-1) ?? "client")}` : "C";
  if (before > 0) lines.push(`  Note over ${span}: … ${before} earlier items`);
  for (const item of items) lines.push(`  ${line(item, span, id)}`);
  if (after > 0) lines.push(`  Note over ${span}: … ${after} later items`);
  lines.push("```");
  return lines.join("\n");
}

function line(item: SequenceItem, span: string, ID: (p: Party) => string): string {
  switch (item.kind) {
    case "message": {
      const arrow = item.failed ? "--x" : item.from === "client" ? "->>" : "-->>";
      const times = item.count > 1 ? ` ×${item.count}` : "";
      return `${ID(item.from)}${arrow}${ID(item.to)}: ${text(item.text)}${times}`;
    }
    case "fault":
      return `Note over ${ID(item.at)}: ⚡ fault ${text(item.text)} (step ${item.step}, ${item.tMs} ms)`;
    case "note":
      return `Note over ${ID(item.at)}: ${text(item.text)}`;
    case "violation":
      return `Note over ${span}: ❌ ${text(item.invariant)} broke (step ${item.step}): ${text(item.text)}`;
    case "hang":
      return `Note over ${span}: ⏳ hang (step ${item.step}): ${text(item.text)}`;
  }
}


function idOf(party: Party, index: number): string {
  return party === "client" ? "C" : party === "model" ? "M" : party === "exec-server" ? "X" : `A${index}`;
}

/** Mermaid-safe label text: no statement separators, comment markers, entity or HTML syntax. */
function text(raw: string): string {
  const clean = raw
    .replace(/\s+/g, " ")
    .replace(/[;#<>{}"`]/g, " ")
    .replace(/%%/g, "%")
    .replace(/-->>|->>|--x|-x/g, "→")
    .trim();
  return clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT - 1)}…` : clean;
}
