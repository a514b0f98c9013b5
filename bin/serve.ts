/**
 * `mpsim serve`: the simulator's cloud as real listeners, for clients outside
 * this process (a phone or DevTools behind a proxy, curl, another test runner).
 * Prints every routed host, the CA certificate to trust and how to reach a host.
 */
import { Cloud } from '../simulator/cloud';
import { createCosWithAppServer } from '../simulator/servers/appserver';
import { createEchoServer } from '../simulator/servers/echo';

export interface ServeOptions {
  port: number;
  httpPort: number;
  host: string;
  /** Data dir the COS server persists objects, uploads and parts in (default: a temp dir removed on close). */
  data?: string;
}

export async function serve(options: ServeOptions): Promise<Cloud> {
  const servers = [createEchoServer(), ...createCosWithAppServer({ dataDir: options.data })];
  const cloud = await Cloud.start({ port: options.port, httpPort: options.httpPort, listenHost: options.host, servers });
  const hosts = Object.values(cloud.servers).flatMap((s) => s.hosts.map((h) => `  ${h.padEnd(40)} → ${s.name}`));
  const example = 'test.url';
  process.stdout.write(
    [
      `mpsim serve: listening on https://${options.host}:${cloud.port} and http://${options.host}:${cloud.httpPort}`,
      ``,
      `Routed hosts (anything else is refused):`,
      ...hosts,
      ``,
      `CA certificate (trust it in your client): ${cloud.caCertPath}`,
      `COS data: ${options.data ? options.data : 'a temp dir (removed on exit; --data DIR persists)'}`,
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
