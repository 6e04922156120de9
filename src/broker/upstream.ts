/** Adapts a CodexAppServerClient to the broker's upstream port. */
import type { CodexAppServerClient } from "../codex/app-server-client.ts";
import type { BrokerUpstream } from "./types.ts";

type AnyRequest = (method: string, params: unknown) => Promise<unknown>;

export function brokerUpstreamFrom(client: CodexAppServerClient, options: { readonly exitTimeoutMs?: number } = {}): BrokerUpstream {
  // The broker forwards methods it does not know (review/start, thread/compact/start…): erase the method map.
  const request = client.request.bind(client) as unknown as AnyRequest;
  return {
    request: (method, params) => request(method, params),
    onAnyNotification: (handler) => client.onAnyNotification((method, params) => handler(method, params)),
    exited: client.closed,
    async close() {
      // Ends stdin and waits for the child, so shutdown never leaves an app-server behind.
      await client.closeAndWait(options.exitTimeoutMs === undefined ? {} : { exitTimeoutMs: options.exitTimeoutMs });
    },
  };
}
