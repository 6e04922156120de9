/**
 * The shared-client key: one app-server process per distinct (start options, auth identity,
 * agentDir). Secrets are hashed (sha256) before they enter the key, so the key can be logged and
 * traced; headers and env are sorted so their order does not matter.
 */
import { createHash } from "node:crypto";

export interface CodexStartOptions {
  readonly transport: "stdio" | "websocket";
  readonly command?: string;
  readonly commandSource?: string;
  readonly args?: readonly string[];
  readonly url?: string;
  /** Sent as `Authorization: Bearer …` on websocket; hashed in the key. */
  readonly authToken?: string;
  /** Header values are hashed in the key. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Env values are hashed in the key. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly clearEnv?: readonly string[];
  /** `null` = native auth: `agentDir` is then left out of the key. */
  readonly authProfileId?: string | null;
  readonly agentDir?: string;
  readonly fallbackApiKeyCacheKey?: string;
}

export function hashSecret(value: string): string {
  return `sha256:${createHash("sha256").update(value).digest("hex").slice(0, 16)}`;
}

/** A short digest of a whole key, for events and reports. */
export function keyHash(key: string): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 12);
}

function sortedEntries<V>(record: Readonly<Record<string, V>> | undefined): [string, V][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function sharedClientKey(options: CodexStartOptions): string {
  const key: Record<string, unknown> = {
    transport: options.transport,
    command: options.command ?? null,
    commandSource: options.commandSource ?? null,
    args: options.args ?? [],
    url: options.url ?? null,
    authToken: options.authToken === undefined ? null : hashSecret(options.authToken),
    headers: sortedEntries(options.headers).map(([name, value]) => [name.toLowerCase(), hashSecret(value)]),
    env: sortedEntries(options.env).map(([name, value]) => [name, value === undefined ? null : hashSecret(value)]),
    clearEnv: [...(options.clearEnv ?? [])].sort(),
    authProfileId: options.authProfileId ?? null,
  };
  if (options.authProfileId !== null) key["agentDir"] = options.agentDir ?? null;
  key["fallbackApiKeyCacheKey"] = options.fallbackApiKeyCacheKey === undefined ? null : hashSecret(options.fallbackApiKeyCacheKey);
  return JSON.stringify(key);
}
