/**
 * Every fault script is validated wherever it enters, with the binary's message: a typo must never
 * silently disable a rule (tsx does not type-check scenarios).
 */
import { describe, expect, it } from "vitest";
import { validateFaultScript } from "../exec-server/fault-script.ts";
import { createFakeExecServer } from "../exec-server/server.ts";
import { createModelApiHandlers } from "../model-api/handlers.ts";
import { createManualWorld } from "../websocket/manual-world.testkit.ts";
import { createScriptedModel } from "./model.ts";
import { fakeCodexProgram } from "./program.ts";
import type { FakeCodexScript, ModelScript } from "./script.ts";
import { createFakeAppServer } from "./server.ts";
import { createTestWorld } from "./testkit.ts";
import { FakeCodexScriptError } from "./validate-script.ts";

const typo = { rules: [{ when: { methd: "thread/start" }, action: { kind: "exit", code: 0 } }] } as unknown as FakeCodexScript;
const badModel = { turns: [{ output: [{ type: "mesage" }] }] } as unknown as ModelScript;
const host = { writeLine: () => {}, writeStderr: () => {}, exit: () => {}, closeStdin: () => {} };

describe("fault scripts are validated at every entry point", () => {
  it("fakeCodexProgram rejects a misspelled rule field, naming the field", () => {
    expect(() => fakeCodexProgram(typo)).toThrow(FakeCodexScriptError);
    expect(() => fakeCodexProgram(typo)).toThrow(/^fakeCodexProgram script: rules\[0\]\.when\.methd: expected no such field \(allowed: /);
  });

  it("createFakeAppServer rejects it too", () => {
    const t = createTestWorld({ drain: () => Promise.resolve() });
    expect(() => createFakeAppServer({ world: t, script: typo, host })).toThrow(/^createFakeAppServer script: rules\[0\]\.when\.methd: expected no such field/);
  });

  it("model scripts are validated where they enter the scripted model and the model API", () => {
    const t = createTestWorld({ drain: () => Promise.resolve() });
    expect(() => createScriptedModel({ world: t, script: badModel })).toThrow(/^model script: turns\[0\]\.output\[0\]\.type: expected one of/);
    expect(() => createModelApiHandlers({ world: t, script: badModel })).toThrow(/^model script: turns\[0\]\.output\[0\]\.type: expected one of/);
  });

  it("the exec-server fault script rejects an unknown field instead of ignoring it", () => {
    const world = createManualWorld();
    const misspelled = { closeAfterFrame: [{ connection: 1, frames: 2, code: 1006 }] } as never;
    expect(() => createFakeExecServer({ world, script: misspelled })).toThrow(/^exec-server fault script: closeAfterFrame: expected no such field \(allowed: refuseAttempts, closeAfterFrames, closeMidProcess\)/);
    expect(() => validateFaultScript({ closeAfterFrames: [{ connection: 1, frames: 2, code: 1006, after: 3 }] } as never)).toThrow(/closeAfterFrames\[0\]\.after: expected no such field/);
  });
});
