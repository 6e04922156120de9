/**
 * A self-contained HTML timeline of one run (`--html`: `runs/<run>.html` beside its JSON): one
 * column per party (client, each app-server, model API, exec-server), one row per message in
 * trace order with its step and virtual time, the fault rows marked ⚡ (`data-marker="fault"`),
 * the first violation of each invariant ❌ (`data-marker="violation"`), a hang ⏳. No script,
 * no external resource: it opens offline from an artifact download.
 */
import type { ProofReport } from "./proof-report.ts";
import { partiesOf, sequenceOf, type Party, type SequenceItem } from "./sequence.ts";

export function toHtmlTimeline(report: ProofReport): string {
  const core = report.core as { scenario?: { id?: string; title?: string }; target?: string; seed?: number; verdict?: string; reason?: string };
  const items = sequenceOf(report);
  const parties = partiesOf(items);
  const title = `${core.scenario?.id ?? "run"} · ${core.target ?? ""} · seed ${core.seed ?? ""}`;
  const rows = items.map((item) => row(item, parties)).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body{font:14px system-ui,sans-serif;margin:1.5rem;color:#1b1f24}
h1{font-size:1.2rem} .verdict{font-weight:bold} .pass{color:#1a7f37} .fail,.hang,.error,.unknown{color:#cf222e}
table{border-collapse:collapse;width:100%} th,td{border-bottom:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{position:sticky;top:0;background:#f6f8fa} td.when{white-space:nowrap;color:#57606a;font-variant-numeric:tabular-nums}
tr[data-marker=fault]{background:#fff8c5} tr[data-marker=violation]{background:#ffebe9} tr[data-marker=hang]{background:#ffebe9}
.failed{color:#cf222e} .arrow{color:#57606a}
</style></head><body>
<h1>${esc(title)}</h1>
<p>${esc(core.scenario?.title ?? "")}</p>
<p>Verdict: <span class="verdict ${esc(core.verdict ?? "")}" id="verdict">${esc(core.verdict ?? "?")}</span> — ${esc(core.reason ?? "")}</p>
<p>Digest <code>${esc(report.digest.value)}</code> · ${items.length} items · ⚡ fault · ❌ invariant broke · ⏳ hang</p>
<table><thead><tr><th>step</th><th>virtual ms</th>${parties.map((p) => `<th>${esc(p)}</th>`).join("")}</tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}

function row(item: SequenceItem, parties: readonly Party[]): string {
  const when = `<td class="when">${item.step}</td><td class="when">${item.tMs}</td>`;
  const span = `<td colspan="${parties.length}">`;
  switch (item.kind) {
    case "message": {
      const from = parties.indexOf(item.from);
      const to = parties.indexOf(item.to);
      const cells = parties.map((_p, i) => {
        if (i === from) return `<td class="${item.failed ? "failed" : ""}">${esc(item.text)}${item.count > 1 ? ` ×${item.count}` : ""} <span class="arrow">${to > from ? "→" : "←"} ${esc(item.to)}</span></td>`;
        return "<td></td>";
      });
      return `<tr data-kind="message">${when}${cells.join("")}</tr>`;
    }
    case "fault":
      return `<tr data-marker="fault">${when}${span}⚡ fault at ${esc(item.at)}: ${esc(item.text)}</td></tr>`;
    case "note":
      return `<tr data-kind="note">${when}${span}${esc(item.at)}: ${esc(item.text)}</td></tr>`;
    case "violation":
      return `<tr data-marker="violation">${when}${span}❌ ${esc(item.invariant)} broke: ${esc(item.text)}</td></tr>`;
    case "hang":
      return `<tr data-marker="hang">${when}${span}⏳ hang: ${esc(item.text)}</td></tr>`;
  }
}


function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
