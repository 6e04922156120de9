import { describe, expect, it } from "vitest";
import { describeTransportClose } from "./transport.ts";

describe("describeTransportClose", () => {
  it("describes an exit with its code and signal, each as null when absent", () => {
    expect(describeTransportClose({ kind: "exit", code: 3, signal: null })).toBe("exited: code=3 signal=null");
    expect(describeTransportClose({ kind: "exit", code: null, signal: "SIGTERM" })).toBe("exited: code=null signal=SIGTERM");
    expect(describeTransportClose({ kind: "exit", code: 0, signal: null, stderrTail: "boom" })).toBe("exited: code=0 signal=null");
  });

  it("describes a stream error by its message", () => {
    expect(describeTransportClose({ kind: "error", message: "write EPIPE", code: "EPIPE" })).toBe("write EPIPE");
  });

  it("describes a peer close, with the close code only when there is one", () => {
    expect(describeTransportClose({ kind: "peer-closed" })).toBe("closed by peer");
    expect(describeTransportClose({ kind: "peer-closed", code: 1006, reason: "gone", wasClean: false })).toBe("closed by peer (code 1006)");
    expect(describeTransportClose({ kind: "peer-closed", code: 0 })).toBe("closed by peer (code 0)");
  });

  it("describes our own close", () => {
    expect(describeTransportClose({ kind: "local" })).toBe("closed locally");
  });
});
