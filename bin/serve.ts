/**
 * `mpsim serve`: the simulator's cloud as real listeners, for clients outside
 * this process (a phone or DevTools behind a proxy, curl, another test runner).
 * Prints every routed host, the CA certificate to trust and how to reach a host.
 */
import { Cloud } from '../simulator/cloud';

export interface ServeOptions {
  port: number;
  httpPort: number;
  host: string;
  /** Data dir the servers persist objects, uploads, parts and media records in (default: temp dirs removed on close). */
  data?: string;
}

export async function serve(options: ServeOptions): Promise<Cloud> {
  // The same servers every embedded simulator mounts (simulator/servers/index.ts).
  const cloud = await Cloud.start({ port: options.port, httpPort: options.httpPort, listenHost: options.host, dataDir: options.data });
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
      `  curl -F file=@photo.jpg --cacert ${cloud.caCertPath} --resolve ${example}:${cloud.port}:${options.host} https://${example}:${cloud.port}/upload`,
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
