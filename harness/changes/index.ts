export { changedFiles, GitDiffError } from "./git.ts";
export { dependencyClosure, localDependencies } from "./import-graph.ts";
export { ENGINE_PATHS, touchedScenarios, type Touched } from "./touched.ts";
