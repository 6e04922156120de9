export { parseExecArgs, ExecUsageError, type ExecArgs, type SandboxMode } from "./args.ts";
export { runExecJson, type ExecHost, type ExecJsonOptions, type ExecRun } from "./engine.ts";
export { ExecTranslator, usageEvent, type ExecItem, type ExecUsage, type ThreadEvent } from "./events.ts";
export { runExecProcess, type ExecProcessOptions } from "./process.ts";
export { fileThreadStore, memoryThreadStore, type ExecThreadStore, type StoredThread } from "./store.ts";
