/**
 * What the fake app-server does for each client method it answers with state (everything else gets
 * its schema sample from fakes/protocol/method-table.json). The README's method table is generated
 * from this list (`pnpm protocol:table`), and a test checks it against the server's own handlers.
 */

export interface MethodBehaviour {
  readonly behaviour: string;
  /** Notifications the method sends (besides its answer): `afterNotification` rules count them. */
  readonly notifies?: readonly string[];
  /** A turn whose notifications `afterNotification` rules count; "turn/start" also takes `when.turn` and the `model` action. */
  readonly turn?: "turn/start" | "review";
}

export const STATEFUL_METHODS: Readonly<Record<string, MethodBehaviour>> = {
  initialize: {
    behaviour: "the handshake; `capabilities.experimentalApi` unlocks the experimental methods, `optOutNotificationMethods` honoured; a second one → `Already initialized`",
    notifies: ["afterInitialize"],
  },
  "thread/start": { behaviour: "a new thread (configured or written `model` / `model_provider`)", notifies: ["thread/started"] },
  "thread/resume": { behaviour: "reloads and resubscribes a thread of this process (or a persisted one), with its turns unless `excludeTurns`; archived → refused", notifies: ["deprecationNotice"] },
  "turn/start": { behaviour: "a model-driven turn (scripted model, or the configured provider over HTTP); `outputSchema` → JSON valid against it; recorded in the thread", turn: "turn/start" },
  "review/start": { behaviour: "a review turn: `enteredReviewMode`, the model's answer as `exitedReviewMode`, then as an agentMessage", turn: "review" },
  "turn/interrupt": { behaviour: "`{}`, then the turn ends interrupted", notifies: ["thread/status/changed", "turn/completed"] },
  "thread/list": { behaviour: "threads that ran a turn, newest first; archived ones only with `archived: true`; `limit`/`cursor`, `modelProviders`, `searchTerm`, `sortKey`" },
  "thread/read": { behaviour: "the thread (name, preview, status, `readState`); `includeTurns` → its turns with items", notifies: ["deprecationNotice"] },
  "thread/turns/list": { behaviour: "the thread's turns, newest first, paged; a thread that never ran a turn → `-32601 list_turns is not supported yet`" },
  "thread/fork": { behaviour: "a new thread with a copy of the source's turns (`forkedFromId`); archived source → refused", notifies: ["deprecationNotice", "thread/tokenUsage/updated", "thread/started"] },
  "thread/archive": { behaviour: "unloads the thread and moves its rollout under `archived_sessions/`", notifies: ["thread/status/changed", "thread/archived"] },
  "thread/unarchive": { behaviour: "brings an archived thread back (not loaded)", notifies: ["thread/unarchived"] },
  "thread/unsubscribe": { behaviour: "`unsubscribed` / `notSubscribed` / `notLoaded`; the thread's turn notifications stop for this connection (status changes still arrive) until `thread/resume`" },
  "thread/name/set": { behaviour: "names the thread (seen in read and list); empty → refused", notifies: ["thread/name/updated"] },
  "thread/loaded/list": { behaviour: "ids of the threads loaded in this process" },
  "thread/backgroundTerminals/list": { behaviour: "none run in the fake: `{data: []}` for a loaded thread; unknown → `thread not found`" },
  "config/read": { behaviour: "the configuration the fake started with (config.toml + `-c`) plus writes, with origins (`includeLayers` → the user layer)" },
  "config/value/write": { behaviour: "writes one key (`replace` / `upsert`); a new `sha256:` version; stale `expectedVersion`, empty key path, wrong type → refused" },
  "config/batchWrite": { behaviour: "writes several keys at once (all or none)" },
  "configRequirements/read": { behaviour: "`{supportsIndependentSpeedModes: true, requirements: null}`" },
  "model/list": { behaviour: "the model catalog codex 0.169.0 bundles, paged by an offset cursor" },
  "skills/list": { behaviour: "no skills for each asked-for cwd" },
  "account/read": { behaviour: "the account (from `auth`, then logins and logouts)" },
  "account/login/start": { behaviour: "API key: logged in at once; ChatGPT: a pending login (`loginId`, `authUrl`)", notifies: ["account/login/completed", "account/updated"] },
  "account/login/cancel": { behaviour: "`canceled` for a pending login (then a failed `account/login/completed`), else `notFound`", notifies: ["account/login/completed"] },
  "account/logout": { behaviour: "clears the account", notifies: ["account/updated"] },
};
