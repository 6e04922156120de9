import { describe, expect, it } from "vitest";
import { ExecServerConnectError, ExecServerDisconnectedError, ExecServerProtocolError, ExecServerRpcError, redactUrl } from "./errors.ts";

describe("exec-server errors", () => {
  it("name themselves and say what failed", () => {
    const rpc = new ExecServerRpcError("process/start", -32600, "unknown process id p9", { hint: 1 });
    expect([rpc.name, rpc.message, rpc.method, rpc.code, rpc.rpcMessage, rpc.data]).toEqual([
      "ExecServerRpcError",
      "exec-server process/start failed (-32600): unknown process id p9",
      "process/start",
      -32600,
      "unknown process id p9",
      { hint: 1 },
    ]);
    const protocol = new ExecServerProtocolError("bad frame", { cause: "x" });
    expect([protocol.name, protocol.message, protocol.cause]).toEqual(["ExecServerProtocolError", "bad frame", "x"]);
    const gone = new ExecServerDisconnectedError("closed locally");
    expect([gone.name, gone.message]).toEqual(["ExecServerDisconnectedError", "exec-server transport disconnected: closed locally"]);
    const connect = new ExecServerConnectError("ws://h/", { cause: "refused" });
    expect([connect.name, connect.message]).toEqual(["ExecServerConnectError", "failed to connect to exec-server at ws://h/: refused"]);
  });
});

describe("redactUrl", () => {
  it("strips credentials, query and fragment", () => {
    expect(redactUrl("ws://user:pass@127.0.0.1:9/exec?token=sekrit#frag")).toBe("ws://127.0.0.1:9/exec");
  });

  it("says so instead of echoing a string that is not a URL", () => {
    expect(redactUrl("not a url token=sekrit")).toBe("<unparseable url>");
  });
});
