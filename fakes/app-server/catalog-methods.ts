/**
 * `model/list` and `skills/list`. The model list is the catalog codex 0.169.0 bundles (as observed:
 * the same with a custom provider, and a configured model that is not in it is not added), paged
 * by `limit`/`cursor` (an offset, as the real server's `nextCursor: "2"`), hidden models only with `includeHidden`. The
 * fake installs no skills: each asked-for cwd (default: the server's) lists none.
 */
import type { Connection, JsonRpcId } from "./connection.ts";
import CATALOG from "./model-catalog.json" with { type: "json" };

type Handler = (id: JsonRpcId, params: Record<string, unknown>) => void;
type Model = Readonly<Record<string, unknown>> & { readonly id: string; readonly hidden: boolean };

const MODELS = CATALOG.data as readonly Model[];

export function createCatalogMethods(deps: { conn: Connection; defaultCwd: string }): Readonly<Record<string, Handler>> {
  const { conn } = deps;
  return {
    "model/list": (id, params) => {
      const visible = MODELS.filter((m) => params["includeHidden"] === true || !m.hidden);
      const offset = typeof params["cursor"] === "string" ? Number.parseInt(params["cursor"], 10) : 0;
      const start = Number.isNaN(offset) ? 0 : Math.max(0, offset);
      const limit = typeof params["limit"] === "number" && params["limit"] > 0 ? params["limit"] : visible.length;
      const page = visible.slice(start, start + limit);
      const more = start + page.length < visible.length;
      conn.respond(id, "model/list", { data: page, nextCursor: more ? String(start + page.length) : null });
    },
    "skills/list": (id, params) => {
      const cwds = Array.isArray(params["cwds"]) && params["cwds"].length > 0 ? (params["cwds"] as unknown[]).map(String) : [deps.defaultCwd];
      conn.respond(id, "skills/list", { data: cwds.map((cwd) => ({ cwd, skills: [], errors: [] })) });
    },
  };
}
