// Fault injection between the client and a real server: a TCP proxy of ours that forwards bytes both ways and cuts
// connections at chosen points (downstream byte offsets, or now), or refuses to carry new ones. Plus a TCP server that
// accepts connections and never answers.
import { createServer, connect, type Server, type Socket } from 'node:net';

interface Pair {
  client: Socket;
  upstream: Socket;
}

/** A TCP proxy to 127.0.0.1:targetPort that cuts connections on request. */
export class FaultProxy {
  /** Bytes carried from the server to the client, over every connection. */
  downBytes = 0;
  /** Bytes carried from the client to the server. */
  upBytes = 0;
  /** Connections accepted. */
  connections = 0;
  /** Connections cut by us (not counting refused ones). */
  cuts = 0;
  /** When true, new connections are closed at once (the network is down). */
  refuseNew = false;
  private readonly pairs = new Set<Pair>();
  private cutOffsets: number[] = [];
  private upstreamCut?: number;
  private random: () => number = Math.random;

  private constructor(private readonly server: Server, readonly port: number, private readonly targetPort: number) {}

  static start(targetPort: number): Promise<FaultProxy> {
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const proxy = new FaultProxy(server, (server.address() as { port: number }).port, targetPort);
        server.on('connection', (socket) => proxy.accept(socket));
        resolve(proxy);
      });
    });
  }

  /**
   * Cuts the connection carrying downstream byte number `offset` (counted over all connections) right after that byte,
   * once for each offset. `random` chooses how each cut looks (FIN or RST).
   */
  cutAtDownstreamOffsets(offsets: number[], random: () => number = Math.random): void {
    this.cutOffsets = [...offsets].sort((a, b) => a - b);
    this.random = random;
  }

  /** Cuts the connection carrying upstream byte number `offset`, forwarding only the bytes before it (half a request). */
  cutAtUpstreamOffset(offset: number): void {
    this.upstreamCut = offset;
  }

  /** Offsets not reached yet. */
  get pendingCuts(): number {
    return this.cutOffsets.length;
  }

  /** Cuts every open connection now. */
  cutAll(): void {
    for (const pair of [...this.pairs]) this.cut(pair);
  }

  /** Open connections right now. */
  get openConnections(): number {
    return this.pairs.size;
  }

  close(): Promise<void> {
    for (const pair of [...this.pairs]) this.drop(pair);
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.refuseNew) {
      client.resetAndDestroy();
      return;
    }
    this.connections++;
    const upstream = connect(this.targetPort, '127.0.0.1');
    const pair = { client, upstream };
    this.pairs.add(pair);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const end = () => this.drop(pair);
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.on('data', (chunk: Buffer) => this.forwardUp(pair, chunk));
    upstream.on('drain', () => client.resume());
    upstream.on('data', (chunk: Buffer) => this.forwardDown(pair, chunk));
    client.on('drain', () => upstream.resume());
  }

  private forwardUp(pair: Pair, chunk: Buffer): void {
    if (!this.pairs.has(pair)) return;
    const at = this.upstreamCut;
    if (at !== undefined && this.upBytes + chunk.length >= at) {
      const keep = Math.max(0, at - this.upBytes);
      this.upstreamCut = undefined;
      this.upBytes += keep;
      if (keep > 0) pair.upstream.write(chunk.subarray(0, keep));
      this.cut(pair);
      return;
    }
    this.upBytes += chunk.length;
    if (!pair.upstream.write(chunk)) pair.client.pause();
  }

  private forwardDown(pair: Pair, chunk: Buffer): void {
    if (!this.pairs.has(pair)) return;
    const next = this.cutOffsets[0];
    if (next !== undefined && this.downBytes + chunk.length >= next) {
      const keep = Math.max(0, next - this.downBytes);
      this.cutOffsets.shift();
      this.downBytes += keep;
      if (keep > 0) pair.client.write(chunk.subarray(0, keep));
      this.cut(pair);
      return;
    }
    this.downBytes += chunk.length;
    if (!pair.client.write(chunk)) pair.upstream.pause();
  }

  private cut(pair: Pair): void {
    if (!this.pairs.has(pair)) return;
    this.cuts++;
    this.pairs.delete(pair);
    // Half the cuts look like a closed connection (FIN after what was written), half like a reset (RST).
    if (this.random() < 0.5) pair.client.destroySoon();
    else pair.client.resetAndDestroy();
    pair.upstream.resetAndDestroy();
  }

  private drop(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.destroy();
    pair.upstream.destroy();
  }
}

/** A TCP server that accepts connections and never sends a byte. */
export class SilentServer {
  private readonly sockets = new Set<Socket>();
  accepted = 0;

  private constructor(private readonly server: Server, readonly port: number) {}

  static start(): Promise<SilentServer> {
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const silent = new SilentServer(server, (server.address() as { port: number }).port);
        server.on('connection', (socket) => {
          silent.accepted++;
          silent.sockets.add(socket);
          socket.on('data', () => undefined);
          socket.on('error', () => undefined);
          socket.on('close', () => silent.sockets.delete(socket));
        });
        resolve(silent);
      });
    });
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A small seeded PRNG: the same seed gives the same cut points on every run. */
export { mulberry32 as seededRandom } from '../../support/rng';
