// TLS in front of the plaintext server: a CA and a server certificate for localhost/127.0.0.1 made with openssl at
// test time, and a TLS-terminating proxy (node:tls, ALPN h2) that pipes every connection to the server's port.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';

/** PEM files in a temporary folder. */
export interface Certificates {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** A fresh CA, and a server certificate it signed for CN/SAN localhost and 127.0.0.1. */
export function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), 'dce-tls-'));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('ca.key'), '-out', at('ca.pem'), '-days', '2',
    '-subj', '/CN=Delta Connect Explorer test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('server.key'), '-out', at('server.csr'), '-subj', '/CN=localhost');
  writeFileSync(at('server.ext'), [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ].join('\n'));
  openssl('x509', '-req', '-in', at('server.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial',
    '-out', at('server.pem'), '-days', '2', '-extfile', at('server.ext'));
  return { dir, caFile: at('ca.pem'), certFile: at('server.pem'), keyFile: at('server.key') };
}

/** Terminates TLS (HTTP/2 by ALPN) and forwards the plaintext to 127.0.0.1:targetPort. */
export class TlsProxy {
  /** TLS handshakes that failed (e.g. the client refused our certificate). */
  handshakeErrors: string[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server, readonly port: number) {}

  static start(certs: Certificates, targetPort: number): Promise<TlsProxy> {
    const server = createServer({ key: readFileSync(certs.keyFile), cert: readFileSync(certs.certFile), ALPNProtocols: ['h2'] });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const proxy = new TlsProxy(server, (server.address() as { port: number }).port);
        server.on('secureConnection', (socket) => proxy.pipe(socket, targetPort));
        server.on('tlsClientError', (err) => proxy.handshakeErrors.push(err.message));
        resolve(proxy);
      });
    });
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private pipe(secure: TLSSocket, targetPort: number): void {
    const plain = connect(targetPort, '127.0.0.1');
    this.sockets.add(secure).add(plain);
    const end = () => {
      secure.destroy();
      plain.destroy();
      this.sockets.delete(secure);
      this.sockets.delete(plain);
    };
    secure.on('error', end).on('close', end);
    plain.on('error', end).on('close', end);
    secure.pipe(plain);
    plain.pipe(secure);
  }
}

export function removeCertificates(certs: Certificates): void {
  rmSync(certs.dir, { recursive: true, force: true });
}
