import { describe, expect, it } from "vitest";
import { BrokerUsageError, parseServeArgs } from "./main.ts";

describe("parseServeArgs", () => {
  it("reads the endpoint, pid file and the upstream command after --", () => {
    const args = parseServeArgs(["serve", "--endpoint", "unix:/tmp/b.sock", "--pid-file", "/tmp/b.pid", "--", "node", "fake.ts", "app-server"]);
    expect(args).toEqual({ socketPath: "/tmp/b.sock", pidFile: "/tmp/b.pid", cwd: undefined, upstream: ["node", "fake.ts", "app-server"] });
  });

  it("defaults the upstream to `codex app-server`", () => {
    expect(parseServeArgs(["serve", "--endpoint", "unix:/tmp/b.sock"]).upstream).toEqual(["codex", "app-server"]);
  });

  it("rejects a missing or non-unix endpoint and unknown commands with a usage line", () => {
    expect(() => parseServeArgs(["serve"])).toThrow(BrokerUsageError);
    expect(() => parseServeArgs(["serve", "--endpoint", "pipe:\\\\.\\pipe\\x"])).toThrow(/unix:<path>/);
    expect(() => parseServeArgs(["start"])).toThrow(/unknown command "start"/);
    expect(() => parseServeArgs(["serve", "--endpoint"])).toThrow(/bad argument/);
  });
});
