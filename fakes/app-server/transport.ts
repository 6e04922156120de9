/**
 * Serves the fake app-server over a Transport (e.g. one end of an in-memory pair) instead of a
 * process. Faults modelled: every fault-script rule; an exit or a stdin close closes the transport
 * (the client sees the peer go away), and the transport closing ends the server like stdin EOF.
 */
import type { ProcessExit } from "../../src/runtime/process.ts";
import type { Transport } from "../../src/runtime/transport.ts";
import { createFakeAppServer, type FakeAppServer, type FakeAppServerOptions } from "./server.ts";

export interface ServedAppServer {
  readonly server: FakeAppServer;
  /** Settles with the server's exit (code 0 when the transport closed first). */
  readonly exited: Promise<ProcessExit>;
}

export function serveFakeAppServer(options: Omit<FakeAppServerOptions, "host"> & { readonly transport: Transport }): ServedAppServer {
  const { transport } = options;
  let settle!: (exit: ProcessExit) => void;
  const exited = new Promise<ProcessExit>((resolve) => (settle = resolve));
  const server = createFakeAppServer({
    ...options,
    host: {
      writeLine: (line) => transport.send(line),
      writeStderr: () => {},
      exit: (exit) => {
        settle(exit);
        transport.close();
      },
      closeStdin: () => transport.close(),
    },
  });
  transport.onMessage((line) => server.handleLine(line));
  void transport.closed.then(() => server.handleStdinEnd());
  server.start();
  return { server, exited };
}
