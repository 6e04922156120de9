import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { STATEFUL_METHODS } from "../app-server/surface.ts";
import { bootServer, createTestWorld } from "../app-server/testkit.ts";
import type { MethodEntry } from "./method-table.ts";
import { methodTableMarkdown, TABLE_BEGIN, TABLE_END } from "./readme-table.ts";

const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const table = JSON.parse(readFileSync(new URL("./method-table.json", import.meta.url), "utf8")) as Record<string, MethodEntry>;
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const clientRequest = JSON.parse(readFileSync(new URL("./schema-experimental/ClientRequest.json", import.meta.url), "utf8")) as {
  oneOf: Array<{ properties: { method: { enum: string[] } } }>;
};

describe("the method table in fakes/README.md", () => {
  it("is the generated one (run `pnpm protocol:table` after changing the schema or the stateful methods)", () => {
    const block = readme.slice(readme.indexOf(TABLE_BEGIN), readme.indexOf(TABLE_END) + TABLE_END.length);
    expect(block).toBe(methodTableMarkdown(table));
  });

  it("has a row for every ClientRequest method of the experimental schema", () => {
    const methods = clientRequest.oneOf.map((b) => b.properties.method.enum[0] ?? "");
    expect(methods).toHaveLength(184);
    const missing = methods.filter((m) => !readme.includes(`| \`${m}\` |`));
    expect(missing).toEqual([]);
  });

  it("describes exactly the methods the server answers from state", () => {
    const server = bootServer({ world: createTestWorld({ drain }) }).server;
    expect([...server.statefulMethods].sort()).toEqual(Object.keys(STATEFUL_METHODS).sort());
    for (const method of Object.keys(STATEFUL_METHODS)) expect(table).toHaveProperty([method]);
  });
});
