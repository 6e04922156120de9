/**
 * The keyed, leased shared-client registry (the May-2026 shape), as an object instead of a global.
 * One entry per key; an entry holds the client, its start promise, the active lease count and
 * `closeWhenIdle`. `clearIfCurrent` closes now (other holders lose the process);
 * `retireIfCurrent` closes once the last lease is released; `releaseLease` drops one lease.
 * Every transition is emitted with the client id and a key hash, never a secret.
 */
import type { Clock } from "../runtime/clock.ts";
import type { EventSink } from "../runtime/events.ts";
import type { CodexAppServerClient } from "./app-server-client.ts";
import { errorMessage, INITIALIZE_TIMED_OUT_MESSAGE } from "./errors.ts";
import { redactSecrets } from "./redact.ts";
import { keyHash, sharedClientKey, type CodexStartOptions } from "./shared-client-key.ts";
import { withTimeout } from "./timeout.ts";

export interface SharedClientRegistryOptions {
  /** Starts (spawns or connects) a client; the registry runs `initialize()` on it. */
  readonly startClient: (options: CodexStartOptions) => Promise<CodexAppServerClient>;
  /** Runs after initialize (e.g. `account/login/start` for the auth profile); a throw closes the client. */
  readonly prepareClient?: (client: CodexAppServerClient, options: CodexStartOptions) => Promise<void>;
  readonly emit: EventSink;
  readonly clock: Clock;
}

export interface AcquireOptions {
  /** Bounds the wait for the shared start + initialize; 0 or absent = no bound. */
  readonly timeoutMs?: number;
}

export interface ClientLease {
  readonly client: CodexAppServerClient;
  /** Drops this lease. Idempotent. */
  readonly release: () => void;
}

export interface SharedClientEntryView {
  readonly key: string;
  readonly keyHash: string;
  readonly activeLeases: number;
  readonly clientId: string | null;
  readonly closeWhenIdle: boolean;
}

export interface RetireResult {
  readonly activeLeases: number;
  readonly closed: boolean;
}

export interface SharedClientRegistry {
  acquire(options: CodexStartOptions, acquireOptions?: AcquireOptions): Promise<CodexAppServerClient>;
  acquireLeased(options: CodexStartOptions, acquireOptions?: AcquireOptions): Promise<ClientLease>;
  /** Starts a private, unshared client (closed again if its initialize fails). */
  startIsolated(options: CodexStartOptions, acquireOptions?: AcquireOptions): Promise<CodexAppServerClient>;
  /** Pops and runs one outstanding release for `client` (LIFO); false if it has none. */
  releaseLease(client: CodexAppServerClient): boolean;
  /** Deletes the entry whose client is `client` and closes it now. */
  clearIfCurrent(client: CodexAppServerClient): boolean;
  /** Deletes the entry; closes the client when its active leases reach 0. */
  retireIfCurrent(client: CodexAppServerClient): RetireResult | undefined;
  entries(): SharedClientEntryView[];
  /** Closes every client the registry holds (teardown). */
  closeAll(): void;
}

interface Entry {
  readonly key: string;
  readonly keyHash: string;
  client: CodexAppServerClient | undefined;
  promise: Promise<CodexAppServerClient> | undefined;
  activeLeases: number;
  closeWhenIdle: boolean;
}

export function createSharedClientRegistry(options: SharedClientRegistryOptions): SharedClientRegistry {
  const { emit, clock } = options;
  const clients = new Map<string, Entry>();
  const entryByClient = new WeakMap<CodexAppServerClient, Entry>();
  const leasedReleases = new WeakMap<CodexAppServerClient, (() => void)[]>();

  async function startAndInitialize(
    entry: Entry | undefined,
    startOptions: CodexStartOptions,
    hash: string,
    onStarted?: (client: CodexAppServerClient) => void,
  ): Promise<CodexAppServerClient> {
    const client = await options.startClient(startOptions);
    onStarted?.(client);
    if (entry !== undefined && clients.get(entry.key) !== entry) {
      // The waiters gave up (initialize timeout) before the process came up: nobody owns it.
      client.close();
      throw new Error(INITIALIZE_TIMED_OUT_MESSAGE);
    }
    if (entry !== undefined) {
      entry.client = client;
      entryByClient.set(client, entry);
      client.onClose((error) => {
        const entryRemoved = clients.get(entry.key)?.client === client;
        if (entryRemoved) clients.delete(entry.key);
        emit({ kind: "shared-client.closed", clientId: client.id, keyHash: hash, message: redactSecrets(error.message), entryRemoved });
      });
    }
    emit({ kind: "shared-client.started", clientId: client.id, keyHash: hash, shared: entry !== undefined });
    try {
      await client.initialize();
      await options.prepareClient?.(client, startOptions);
    } catch (error) {
      client.close();
      throw error;
    }
    return client;
  }

  function initTimeout(promise: Promise<CodexAppServerClient>, timeoutMs: number | undefined): Promise<CodexAppServerClient> {
    return withTimeout(promise, { timeoutMs, clock, error: () => new Error(INITIALIZE_TIMED_OUT_MESSAGE), label: "codex app-server initialize" });
  }

  async function acquire(startOptions: CodexStartOptions, acquireOptions: AcquireOptions = {}): Promise<CodexAppServerClient> {
    const key = sharedClientKey(startOptions);
    let entry = clients.get(key);
    if (entry === undefined) {
      entry = { key, keyHash: keyHash(key), client: undefined, promise: undefined, activeLeases: 0, closeWhenIdle: false };
      clients.set(key, entry);
    }
    const reused = entry.promise !== undefined;
    entry.promise ??= startAndInitialize(entry, startOptions, entry.keyHash);
    emit({ kind: "shared-client.acquire", keyHash: entry.keyHash, reused });
    const promise = entry.promise;
    try {
      return await initTimeout(promise, acquireOptions.timeoutMs);
    } catch (error) {
      // Every waiter on this start loses it: drop the entry and close its client, if still current.
      const current = clients.get(key) === entry && entry.promise === promise;
      if (current) {
        clients.delete(key);
        entry.client?.close();
      }
      emit({ kind: "shared-client.init-failed", keyHash: entry.keyHash, clientId: entry.client?.id ?? null, message: redactSecrets(errorMessage(error)), entryRemoved: current });
      throw error;
    }
  }

  async function acquireLeased(startOptions: CodexStartOptions, acquireOptions: AcquireOptions = {}): Promise<ClientLease> {
    const client = await acquire(startOptions, acquireOptions);
    const entry = entryByClient.get(client);
    if (entry === undefined) throw new Error(`shared client ${client.id} has no registry entry`);
    entry.activeLeases += 1;
    emit({ kind: "shared-client.lease", clientId: client.id, keyHash: entry.keyHash, activeLeases: entry.activeLeases });
    let released = false;
    const releases = leasedReleases.get(client) ?? [];
    leasedReleases.set(client, releases);
    const release = (): void => {
      if (released) return;
      released = true;
      const index = releases.lastIndexOf(release);
      if (index !== -1) releases.splice(index, 1);
      entry.activeLeases = Math.max(0, entry.activeLeases - 1);
      const closeNow = entry.closeWhenIdle && entry.activeLeases === 0 && !client.isClosed;
      emit({ kind: "shared-client.release", clientId: client.id, keyHash: entry.keyHash, activeLeases: entry.activeLeases, closed: closeNow });
      if (closeNow) client.close();
    };
    releases.push(release);
    return { client, release };
  }

  async function startIsolated(startOptions: CodexStartOptions, acquireOptions: AcquireOptions = {}): Promise<CodexAppServerClient> {
    const hash = keyHash(sharedClientKey(startOptions));
    // The client is known as soon as it is started, so a timeout during its initialize closes it,
    // and one that comes up after the caller gave up is closed at once.
    let started: CodexAppServerClient | undefined;
    let abandoned = false;
    const promise = startAndInitialize(undefined, startOptions, hash, (client) => {
      started = client;
      if (abandoned) client.close();
    });
    try {
      return await initTimeout(promise, acquireOptions.timeoutMs);
    } catch (error) {
      abandoned = true;
      started?.close();
      void promise.catch(() => {});
      throw error;
    }
  }

  function currentEntryOf(client: CodexAppServerClient): Entry | undefined {
    const entry = entryByClient.get(client);
    return entry !== undefined && clients.get(entry.key) === entry ? entry : undefined;
  }

  return {
    acquire,
    acquireLeased,
    startIsolated,
    releaseLease(client) {
      const release = leasedReleases.get(client)?.at(-1);
      if (release === undefined) return false;
      release();
      return true;
    },
    clearIfCurrent(client) {
      const entry = currentEntryOf(client);
      emit({ kind: "shared-client.clear", clientId: client.id, keyHash: entry?.keyHash ?? null, cleared: entry !== undefined });
      if (entry === undefined) return false;
      clients.delete(entry.key);
      client.close();
      return true;
    },
    retireIfCurrent(client) {
      const entry = entryByClient.get(client);
      const current = currentEntryOf(client) !== undefined;
      let result: RetireResult | undefined;
      if (entry !== undefined && (current || entry.activeLeases > 0)) {
        if (current) clients.delete(entry.key);
        entry.closeWhenIdle = true;
        result = { activeLeases: entry.activeLeases, closed: current && entry.activeLeases === 0 };
      }
      emit({ kind: "shared-client.retire", clientId: client.id, keyHash: entry?.keyHash ?? null, activeLeases: result?.activeLeases ?? null, closed: result?.closed ?? false });
      if (result?.closed === true) client.close();
      return result;
    },
    entries: () =>
      [...clients.values()].map((e) => ({ key: e.key, keyHash: e.keyHash, activeLeases: e.activeLeases, clientId: e.client?.id ?? null, closeWhenIdle: e.closeWhenIdle })),
    closeAll() {
      const all = [...clients.values()];
      clients.clear();
      for (const entry of all) entry.client?.close();
    },
  };
}
