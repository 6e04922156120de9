/**
 * Static mutants under `isolate: false`. A mutant of a module-level constant is evaluated once, when
 * its module loads, and `vitest.mutation.config.ts` keeps modules loaded between test files (so the
 * protocol validators compile once). Stryker marks such a mutant's run `mutantActivation: "static"`
 * and switches it on before the test file loads; this setup file (after Stryker's own) then drops the
 * module registry, so the test file's imports evaluate the mutated constant, and drops it again after
 * the file, so the next mutant's run never sees the static one baked into a cached module.
 * Outside a Stryker run nothing is injected and this file does nothing.
 */
import { afterAll, inject, vi } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    mode?: "dry-run" | "mutant";
    mutantActivation?: "static" | "runtime";
  }
}

if (inject("mode") === "mutant" && inject("mutantActivation") === "static") {
  vi.resetModules();
  afterAll(() => {
    vi.resetModules();
  });
}
