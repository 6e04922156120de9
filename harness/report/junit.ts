/**
 * Projection of a run summary to JUnit XML (the de-facto Ant/Surefire shape): one testsuite per
 * scenario, one testcase per run. Same pass/fail mapping as CTRF (a caught mutant is a passing
 * test case). Seed, target and digest travel as properties, since JUnit has no parameters.
 */
import { ctrfStatuses, ctrfTestName, type CtrfStatus } from "./ctrf.ts";
import type { Summary, SummaryRun } from "./summary.ts";

type Case = { readonly run: SummaryRun; readonly status: CtrfStatus };

export function toJunitXml(summary: Summary): string {
  const statuses = ctrfStatuses(summary);
  const groups = new Map<string, Case[]>();
  summary.runs.forEach((run, i) => {
    const entry: Case = { run, status: statuses[i] ?? "other" };
    groups.set(run.scenarioId, [...(groups.get(run.scenarioId) ?? []), entry]);
  });
  const suites = [...groups.entries()].map(([id, cases]) => testsuite(id, cases, summary.generatedAt));
  const failures = statuses.filter((s) => s === "failed").length;
  const skipped = statuses.filter((s) => s === "other").length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pnpm scenarios" tests="${summary.runs.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(summary.wallMs)}">`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}

function testsuite(id: string, cases: readonly Case[], timestamp: string): string {
  const failures = cases.filter((c) => c.status === "failed").length;
  const skipped = cases.filter((c) => c.status === "other").length;
  const time = cases.reduce((sum, c) => sum + c.run.wallMs, 0);
  return [
    `  <testsuite name="${esc(id)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(time)}" timestamp="${esc(timestamp)}">`,
    ...cases.map(testcase),
    "  </testsuite>",
  ].join("\n");
}

function testcase({ run, status }: Case): string {
  const open = `    <testcase classname="${esc(run.scenarioId)}" name="${esc(ctrfTestName(run))}" time="${seconds(run.wallMs)}">`;
  const props = [
    "      <properties>",
    prop("seed", String(run.seed)),
    prop("target", run.target),
    prop("verdict", run.verdict),
    prop("digest", run.digest),
    prop("report", run.reportFile),
    "      </properties>",
  ];
  const body =
    status === "failed"
      ? [`      <failure message="${esc(firstLine(run.reason))}" type="${esc(run.verdict)}">${esc(run.reason)}</failure>`]
      : status === "other"
        ? [`      <skipped message="${esc(`${run.verdict}: ${firstLine(run.reason)}`)}"/>`]
        : [];
  return [open, ...props, ...body, "    </testcase>"].join("\n");
}

function prop(name: string, value: string): string {
  return `        <property name="${esc(name)}" value="${esc(value)}"/>`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}

/** XML 1.0 escaping; characters XML cannot carry at all are dropped. */
export function esc(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}
