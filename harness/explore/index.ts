export { explore, countFaults, trimChoices, isFailure, type ExploreOptions, type ExploreOutcome } from "./explore.ts";
export { recipeFromJson, corpusEntry, RecipeError, CORPUS_SCHEMA_VERSION, type ReplayRecipe, type CorpusEntry } from "./recipe.ts";
export { replayRecipe, type ReplayOutcome, type ReplayStatus, type ReplayDeps } from "./replay.ts";
export { loadCorpus, saveCorpusEntry, corpusFileName, CORPUS_DIR, type LoadedCorpusEntry } from "./corpus.ts";
export { parseShard, shardOf, shardKey, inShard, ShardSpecError, type Shard } from "./shard.ts";
