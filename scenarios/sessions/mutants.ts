/**
 * Known-bad variants of the sessions system, each re-creating a historic bug. Each replaces one
 * factory of the `SessionsImpl` record; src/ knows nothing about them.
 */
import type { MutantDef } from "../../harness/scenario/types.ts";
import { rawSessionFileKey } from "../../src/sessions/index.ts";
import { createUpstreamOwnerRegistry } from "./upstream-owner-registry.ts";
import type { SessionsImpl } from "./world.ts";

export const rawPathOwnerKey: MutantDef<SessionsImpl> = {
  id: "raw-path-owner-key",
  title: "the owner registry keys files by their raw path",
  recreates: "#85913 before #87159's canonical key: a symlinked or aliased path is a different owner",
  impl: (base) => ({ ...base, ownerKey: rawSessionFileKey }),
};

export const noOwnerRegistry: MutantDef<SessionsImpl> = {
  id: "no-owner-registry",
  title: "no session-file owner: attempts on one file run concurrently",
  recreates: "#85913 before #87159: heartbeat and channel attempts interleave prompt windows",
  impl: (base) => ({
    ...base,
    createOwnerRegistry: () => ({
      acquire: (options) => Promise.resolve({ sessionFileKey: options.sessionFile, release: () => {} }),
      ownedCount: () => 0,
      reset: () => {},
    }),
  }),
};

export const recoveryIgnoresSessionFile: MutantDef<SessionsImpl> = {
  id: "recovery-ignores-session-file",
  title: "stuck recovery looks up active runs by key and id only",
  recreates: "before #87159: a sibling-key recovery misses the same-file run and resets the lane",
  impl: (base) => ({
    ...base,
    lookupActiveRun: (runs, request) => {
      if (request.sessionKey !== undefined) {
        const byKey = runs.sessionIdByKey(request.sessionKey);
        if (byKey !== undefined) return Promise.resolve(byKey);
      }
      const id = request.sessionId;
      return Promise.resolve(id !== undefined && runs.handle(id) !== undefined ? id : undefined);
    },
  }),
};

export const lockHeldAcrossModelIo: MutantDef<SessionsImpl> = {
  id: "lock-held-across-model-io",
  title: "the coarse write lock is held across the model call",
  recreates: "#13744 before #82891: same-process writers time out while the model streams",
  impl: (base) => ({
    ...base,
    createLockController: async (deps) => {
      const inner = await base.createLockController(deps);
      return {
        get state() {
          return inner.state;
        },
        hasSessionTakeover: () => inner.hasSessionTakeover(),
        releaseForPrompt: () => Promise.resolve(),
        reacquireAfterPrompt: () => Promise.resolve(),
        withSessionWriteLock: (write) => inner.withSessionWriteLock(write),
        acquireForCleanup: () => inner.acquireForCleanup(),
        dispose: () => inner.dispose(),
      };
    },
  }),
};

export const noFence: MutantDef<SessionsImpl> = {
  id: "no-fence",
  title: "writes after the prompt do not check the file fence",
  recreates: "before #82891's fence: a stale attempt rewrites the transcript over a newer writer's lines",
  impl: (base) => ({ ...base, fenceCheck: () => true }),
};

export const perRoundOwnerTimeout: MutantDef<SessionsImpl> = {
  id: "per-round-owner-timeout",
  title: "the owner wait restarts its timeout on every wake-up and wakes all waiters",
  recreates: "upstream #87159's owner registry: the timeout is per round, not total, and waiters race on release",
  impl: (base) => ({ ...base, createOwnerRegistry: createUpstreamOwnerRegistry }),
};

export const reclaimsHoldExceeded: MutantDef<SessionsImpl> = {
  id: "reclaims-hold-exceeded",
  title: "a lock past its max hold is removed while its holder is alive",
  recreates: "the removal proposed in #89673 / #96528: a live long-running holder loses its lock",
  impl: (base) => ({ ...base, isLockRemovable: () => true }),
};
