/**
 * The fidelity check: two normalized transcripts (the real binary's and the fake's) compared
 * message by message. Messages are aligned by method (longest common subsequence), so one extra
 * or missing message is one difference, not a cascade; aligned pairs are compared field by field.
 */
import type { Json } from "../scenario/types.ts";
import type { NormalizedMessage, NormalizedTranscript } from "./normalize.ts";

export type FidelityDifference =
  | { readonly kind: "missing"; readonly stream: "received" | "sent"; readonly index: number; readonly method: string; readonly detail: string }
  | { readonly kind: "extra"; readonly stream: "received" | "sent"; readonly index: number; readonly method: string; readonly detail: string }
  | {
      readonly kind: "field";
      readonly stream: "received" | "sent";
      readonly index: number;
      readonly method: string;
      readonly path: string;
      readonly expected: Json;
      readonly actual: Json;
      readonly detail: string;
    }
  | { readonly kind: "ambient"; readonly method: string; readonly expected: number; readonly actual: number; readonly detail: string }
  | { readonly kind: "timeout"; readonly side: "expected" | "actual"; readonly detail: string };

export interface FidelityReport {
  readonly caseId: string;
  /** Who is "expected" (the reference, e.g. "codex 0.169.0") and who is "actual" (e.g. "fake"). */
  readonly expected: string;
  readonly actual: string;
  readonly compared: { readonly received: number; readonly sent: number };
  readonly differences: readonly FidelityDifference[];
}

function lcsPairs(a: readonly NormalizedMessage[], b: readonly NormalizedMessage[]): Array<[number, number]> {
  const n = a.length;
  const m = b.length;
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = table[i] as number[];
      row[j] = a[i]?.method === b[j]?.method ? (table[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(table[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i]?.method === b[j]?.method) {
      pairs.push([i++, j++]);
    } else if ((table[i + 1]?.[j] ?? 0) >= (table[i]?.[j + 1] ?? 0)) i++;
    else j++;
  }
  return pairs;
}

function diffFields(expected: Json, actual: Json, path: string, out: Array<{ path: string; expected: Json; actual: Json }>): void {
  if (JSON.stringify(expected) === JSON.stringify(actual)) return;
  const isObj = (v: Json): v is { readonly [k: string]: Json } => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObj(expected) && isObj(actual)) {
    for (const key of [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()) {
      diffFields(expected[key] ?? null, actual[key] ?? null, `${path}.${key}`, out);
    }
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    expected.forEach((e, i) => diffFields(e, actual[i] ?? null, `${path}[${i}]`, out));
    return;
  }
  out.push({ path, expected, actual });
}

function diffStream(
  stream: "received" | "sent",
  expected: readonly NormalizedMessage[],
  actual: readonly NormalizedMessage[],
): FidelityDifference[] {
  const pairs = lcsPairs(expected, actual);
  const out: FidelityDifference[] = [];
  const matchedE = new Set(pairs.map(([i]) => i));
  const matchedA = new Set(pairs.map(([, j]) => j));
  expected.forEach((m, index) => {
    if (!matchedE.has(index)) out.push({ kind: "missing", stream, index, method: m.method, detail: `${stream}[${index}] ${m.method} is missing` });
  });
  actual.forEach((m, index) => {
    if (!matchedA.has(index)) out.push({ kind: "extra", stream, index, method: m.method, detail: `${stream}[${index}] ${m.method} is extra` });
  });
  for (const [i, j] of pairs) {
    const e = expected[i] as NormalizedMessage;
    const a = actual[j] as NormalizedMessage;
    const fieldDiffs: Array<{ path: string; expected: Json; actual: Json }> = [];
    diffFields(e.fields, a.fields, "", fieldDiffs);
    for (const d of fieldDiffs) {
      const detail = `${stream}[${i}] ${e.method}${d.path}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)}`;
      out.push({ kind: "field", stream, index: i, method: e.method, path: d.path.slice(1), expected: d.expected, actual: d.actual, detail });
    }
  }
  return out;
}

export function compareTranscripts(options: {
  expected: NormalizedTranscript;
  actual: NormalizedTranscript;
  expectedLabel: string;
  actualLabel: string;
}): FidelityReport {
  const { expected, actual } = options;
  const differences: FidelityDifference[] = [];
  if (expected.timedOut) differences.push({ kind: "timeout", side: "expected", detail: `${options.expectedLabel} run timed out` });
  if (actual.timedOut) differences.push({ kind: "timeout", side: "actual", detail: `${options.actualLabel} run timed out` });
  differences.push(...diffStream("received", expected.received, actual.received));
  differences.push(...diffStream("sent", expected.sent, actual.sent));
  for (const method of [...new Set([...Object.keys(expected.ambient), ...Object.keys(actual.ambient)])].sort()) {
    const e = expected.ambient[method] ?? 0;
    const a = actual.ambient[method] ?? 0;
    if (e !== a) differences.push({ kind: "ambient", method, expected: e, actual: a, detail: `${method}: expected ${e}×, got ${a}×` });
  }
  return {
    caseId: expected.caseId,
    expected: options.expectedLabel,
    actual: options.actualLabel,
    compared: { received: expected.received.length, sent: expected.sent.length },
    differences,
  };
}
