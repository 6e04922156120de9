export { FaultScriptError, validateFaultScript, type CloseAfterFrames, type CloseMidProcess, type ExecServerFaultScript, type ScriptedProcess } from "./fault-script.ts";
export { FakeExecProcess } from "./fake-process.ts";
export { createFakeExecServer, type FakeExecServer, type FakeExecServerOptions, type FakeExecServerStats } from "./server.ts";
export { execServerStdioProgram } from "./stdio-program.ts";
