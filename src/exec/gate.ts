/**
 * A one-permit async gate (a tiny mutex): waiters are served in arrival order. Closing it rejects
 * every waiter and later acquire with "exec-server connect lock closed".
 */
import { ExecServerProtocolError } from "./errors.ts";

export type Release = () => void;

export interface ConnectGate {
  acquire(): Promise<Release>;
  close(): void;
}

export function createConnectGate(): ConnectGate {
  const waiters: Array<{ grant: (release: Release) => void; fail: (error: Error) => void }> = [];
  let held = false;
  let isClosed = false;

  function makeRelease(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = waiters.shift();
      if (next === undefined) held = false;
      else next.grant(makeRelease());
    };
  }

  return {
    acquire() {
      if (isClosed) return Promise.reject(closedError());
      if (!held) {
        held = true;
        return Promise.resolve(makeRelease());
      }
      return new Promise((grant, fail) => waiters.push({ grant, fail }));
    },
    close() {
      if (isClosed) return;
      isClosed = true;
      for (const waiter of waiters.splice(0)) waiter.fail(closedError());
    },
  };
}

function closedError(): ExecServerProtocolError {
  return new ExecServerProtocolError("exec-server connect lock closed");
}
