/**
 * Compares the model requests two codex binaries made against the same loopback model server in
 * the same golden case: how many, in which order, to which path, with which answer, and their
 * shape (fakes/model-api/request-shape.ts). The compared shape fields are the ones a client's own
 * Responses-API server can act on; header and body field *names* are compared too, values never.
 */
import type { ModelApiRequestLog, ModelRequestShape } from "../../fakes/model-api/index.ts";
import type { Json } from "../scenario/types.ts";

export interface RequestDifference {
  readonly index: number;
  readonly field: string;
  readonly expected: Json;
  readonly actual: Json;
  readonly detail: string;
}

/** The shape fields compared (all of ModelRequestShape). */
export const COMPARED_SHAPE_FIELDS: readonly (keyof ModelRequestShape)[] = [
  "authScheme",
  "contentType",
  "accept",
  "model",
  "stream",
  "store",
  "textFormat",
  "input",
  "bodyKeys",
  "headers",
];

type Log = Pick<ModelApiRequestLog, "method" | "path" | "status"> & { readonly shape?: ModelRequestShape | undefined };

export function compareModelRequests(options: { expected: readonly Log[]; actual: readonly Log[]; actualLabel: string }): RequestDifference[] {
  const out: RequestDifference[] = [];
  const { expected, actual } = options;
  if (expected.length !== actual.length) {
    out.push({ index: -1, field: "count", expected: expected.length, actual: actual.length, detail: `model requests: expected ${expected.length}, ${options.actualLabel} made ${actual.length}` });
  }
  for (let i = 0; i < Math.min(expected.length, actual.length); i++) {
    const e = expected[i] as Log;
    const a = actual[i] as Log;
    const pairs: Array<[string, Json, Json]> = [
      ["method", e.method, a.method],
      ["path", e.path, a.path],
      ["status", e.status, a.status],
      ...COMPARED_SHAPE_FIELDS.map((f): [string, Json, Json] => [`shape.${f}`, (e.shape?.[f] ?? null) as Json, (a.shape?.[f] ?? null) as Json]),
    ];
    for (const [field, ev, av] of pairs) {
      if (JSON.stringify(ev) === JSON.stringify(av)) continue;
      out.push({ index: i, field, expected: ev, actual: av, detail: `model request [${i}] ${field}: expected ${JSON.stringify(ev)}, ${options.actualLabel} sent ${JSON.stringify(av)}` });
    }
  }
  return out;
}
