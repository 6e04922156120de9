/**
 * In-memory transport pair for the deterministic lane. Every message crosses through the world's
 * scheduler on its own direction's channel (FIFO per direction), so the harness decides when it
 * arrives. Faults modelled: close from either side (the peer sees `peer-closed` after in-flight
 * messages), abnormal close with a code, and a hard `sever` (nothing in flight is delivered).
 */
import type { Transport, TransportClose } from "../../src/runtime/transport.ts";
import type { FakeWorld } from "../world.ts";

export interface InMemoryEnd extends Transport {
  readonly name: string;
  /** Closes both directions with a peer-visible code (websocket-like), e.g. 1006 unclean. */
  closeWith(close: Extract<TransportClose, { kind: "peer-closed" }>): void;
}

class End implements InMemoryEnd {
  private handler: (message: string) => void = () => {};
  private state: "open" | "closed" = "open";
  private settle!: (close: TransportClose) => void;
  readonly closed = new Promise<TransportClose>((resolve) => (this.settle = resolve));
  peer!: End;

  constructor(
    readonly name: string,
    private readonly world: FakeWorld,
  ) {}

  get isClosed(): boolean {
    return this.state === "closed";
  }

  send(message: string): void {
    if (this.state === "closed") return;
    const peer = this.peer;
    this.world.post(`pipe:${this.name}`, `message → ${peer.name}`, () => peer.receive(message));
  }

  onMessage(handler: (message: string) => void): void {
    this.handler = handler;
  }

  close(): void {
    this.closeWith({ kind: "peer-closed", code: 1000, wasClean: true }, { kind: "local" });
  }

  closeWith(peerSees: Extract<TransportClose, { kind: "peer-closed" }>, selfSees: TransportClose = peerSees): void {
    if (this.state === "closed") return;
    this.finish(selfSees);
    const peer = this.peer;
    // Queued behind in-flight messages on this direction: the peer reads them, then EOF.
    this.world.post(`pipe:${this.name}`, `close → ${peer.name}`, () => peer.finish(peerSees));
  }

  receive(message: string): void {
    if (this.state === "open") this.handler(message);
  }

  finish(close: TransportClose): void {
    if (this.state === "closed") return;
    this.state = "closed";
    this.settle(close);
  }
}

export function createTransportPair(world: FakeWorld, name: string): [InMemoryEnd, InMemoryEnd] {
  const a = new End(`${name}/a`, world);
  const b = new End(`${name}/b`, world);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
