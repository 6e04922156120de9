/**
 * `pnpm scenarios` starts here: a progress line goes out before the harness and the scenarios are
 * loaded (which takes seconds through the TypeScript loader), then main.ts runs. Progress is
 * printed on a terminal's stderr, or whenever CLP_PROGRESS=1 (the bench measures it that way).
 */
import { startedProgress } from "./progress.ts";

startedProgress();
await import("./main.ts");
