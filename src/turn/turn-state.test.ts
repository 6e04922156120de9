import { describe, expect, it } from "vitest";
import { toErrorInfo, toTerminalTurn } from "./turn-state.ts";

describe("toTerminalTurn", () => {
  it("reads id, status and error, taking a turn without a status as completed and without an id as the fallback", () => {
    expect(toTerminalTurn({ id: "t-1", status: "failed", error: { message: "boom", codexErrorInfo: "usageLimitExceeded" } }, "fb")).toEqual({
      id: "t-1",
      status: "failed",
      error: { message: "boom", codexErrorInfo: "usageLimitExceeded" },
    });
    expect(toTerminalTurn({}, "fb")).toEqual({ id: "fb", status: "completed", error: null });
    expect(toTerminalTurn(undefined, "fb")).toEqual({ id: "fb", status: "completed", error: null });
  });

  it("drops an error without a message and a null codexErrorInfo", () => {
    expect(toErrorInfo({ codexErrorInfo: "x" })).toBeNull();
    expect(toErrorInfo({ message: "m", codexErrorInfo: null })).toEqual({ message: "m" });
  });
});
