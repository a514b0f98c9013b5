/**
 * `mpsim serve`: the simulator's cloud as real listeners, for clients outside
 * this process (a phone or DevTools behind a proxy, curl, another test runner).
 * Prints every routed host, the CA certificate to trust and how to reach a host.
 */
import * as path from 'node:path';
import { Cloud } from '../simulator/cloud';
import { sweepStaleTempDirs } from '../simulator/temp-dirs';

/** A JPEG the package ships, for the printed `curl -F file=@…` line (dist/bin → package root). */
export const sampleUploadFile = path.resolve(__dirname, '..', '..', 'simulator', 'assets', 'sample-video-thumb.jpg');

/** Thrown when a listen port is taken; the CLI prints the message and exits 1. */
export class ServeError extends Error {}

export interface ServeOptions {
  port: number;
  httpPort: number;
  host: string;
  /** Data dir the servers persist objects, uploads, parts and media records in (default: temp dirs removed on close). */
  data?: string;
}

export async function serve(options: ServeOptions): Promise<Cloud> {
  // Temp dirs left by mpsim processes that were killed.
  sweepStaleTempDirs();
  // The same servers every embedded simulator mounts (simulator/servers/index.ts).
  let cloud: Cloud;
  try {
    cloud = await Cloud.start({ port: options.port, httpPort: options.httpPort, listenHost: options.host, dataDir: options.data });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { port?: number };
    if (e.code === 'EADDRINUSE') {
      const flag = e.port === options.httpPort && e.port !== options.port ? '--http-port' : '--port';
      throw new ServeError(`port ${e.port} is in use; use ${flag} N (0 = any)`);
    }
    if (e.code === 'EACCES')
      throw new ServeError(`no permission to listen on port ${e.port} of ${options.host}; use --port N above 1023 (0 = any)`);
    if (e.code === 'EADDRNOTAVAIL') throw new ServeError(`cannot listen on ${options.host}: not an address of this machine (--host)`);
    throw err;
  }
  // curl to a host nothing answers for fails in the TLS handshake (or gets a 502): say why here.
  cloud.onRefusedHost = (host, via) =>
    process.stderr.write(
      `mpsim serve: refused ${via} request for ${host || '(no host)'}: no server is routed for it (see "Routed hosts")\n`,
    );
  // One line per server; the OSS server alone answers for ~60 regional patterns.
  const hosts = Object.values(cloud.servers).map((s) => {
    const shown = s.hosts.slice(0, 4).join(', ');
    return `  ${s.name.padEnd(12)} ${shown}${s.hosts.length > 4 ? ` (+${s.hosts.length - 4} more)` : ''}`;
  });
  const example = 'test.url';
  process.stdout.write(
    [
      `mpsim serve: listening on https://${options.host}:${cloud.port} and http://${options.host}:${cloud.httpPort}`,
      ``,
      `Routed hosts (anything else is refused):`,
      ...hosts,
      ``,
      `CA certificate (trust it in your client): ${cloud.caCertPath}`,
      `Server data: ${options.data ? options.data : 'temp dirs (removed on exit; --data DIR persists)'}`,
      ``,
      `Point a client at it by resolving a routed host to this listener, e.g.:`,
      `  curl --cacert ${cloud.caCertPath} --resolve ${example}:${cloud.port}:${options.host} https://${example}:${cloud.port}/anything`,
      `  curl -F file=@${sampleUploadFile} --cacert ${cloud.caCertPath} --resolve ${example}:${cloud.port}:${options.host} https://${example}:${cloud.port}/upload`,
      ``,
      `Ctrl-C stops it.`,
      ``,
    ].join('\n'),
  );
  const stop = () => {
    void cloud.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return cloud;
}
