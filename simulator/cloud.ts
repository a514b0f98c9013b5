/**
 * The local cloud: an HTTPS listener (TLS with SNI, leaf certificates issued by
 * the simulator CA for whatever routed host the client names) and a plain HTTP
 * listener, both on 127.0.0.1, dispatching each request by its Host header to the
 * LocalServer the routing table names. The original Host header and path reach
 * the server untouched (signatures cover them).
 *
 * The transport (simulator/network) dials these listeners for every routed
 * host; `mpsim serve` can expose the same Cloud on fixed ports for other clients
 * (`curl --cacert <caCertPath> --resolve test.url:<port>:127.0.0.1 ...`).
 *
 * Fault directives: the transport may add an `x-mpsim-fault` request header
 * (`<token> status=<code>`, `<token> reset` or `<token> hang`) computed from the
 * Device's network conditions. The Cloud strips the header from every request
 * before any server sees it and executes the fault only when it carries this
 * Cloud's `faultToken` (random per Cloud, known only in-process): a header that
 * user code or an outside client (`mpsim serve`) sets is dropped, never obeyed.
 *
 * Every response goes through `guardResponse`: a server that writes an invalid
 * status or header value (a user-controlled value that slipped through) answers
 * 500 instead of throwing out of an event callback and killing the process.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import * as tls from 'node:tls';
import { CertificateAuthority, defaultCacheDir } from './network/ca';
import { hostMatches, normalizeHost, RoutingTable } from './network/routing';
import { createDefaultServers } from './servers';
import type { LocalServer } from './servers/types';

/** Header the transport uses to ask the Cloud for an injected fault (never reaches a server). */
export const FAULT_HEADER = 'x-mpsim-fault';

/** What a routed host presents in the TLS handshake (tests of certificate failures). */
export type CertificateMode = 'valid' | 'untrusted' | 'expired';

export interface CloudOptions {
  /** Where the CA lives (default `$MPSIM_CACHE_DIR` or `~/.cache/mpsim`). */
  cacheDir?: string;
  /** Listen address (default 127.0.0.1). */
  listenHost?: string;
  /** HTTPS port (default 0 = any free port). */
  port?: number;
  /** Plain HTTP port (default 0). */
  httpPort?: number;
  /**
   * Servers to mount (each on its own `hosts`). Default: every local cloud
   * server (servers/index.ts: echo, COS, app server, OSS, Alibaba VOD). Pass a
   * list or `[]` to choose; add later with `cloud.mount()`.
   */
  servers?: LocalServer[];
  /** Where the default servers keep their objects (default: temp dirs removed on close). */
  dataDir?: string;
}

export class Cloud {
  readonly routes = new RoutingTable();
  private readonly mounted = new Map<string, LocalServer>();
  private readonly certOverrides: Array<{ pattern: string; mode: CertificateMode }> = [];
  private readonly contexts = new Map<string, Promise<tls.SecureContext>>();
  private untrustedCa?: Promise<CertificateAuthority>;
  private closed = false;
  /** Called for every request refused because no server is routed for its host (TLS SNI or Host header); `mpsim serve` logs them. */
  onRefusedHost?: (host: string, via: 'https' | 'http') => void;
  /** Proves a fault directive came from this process's transport (see the file comment). */
  readonly faultToken = randomBytes(16).toString('hex');

  private constructor(
    /** The simulator CA (the only root the transport trusts). */
    readonly ca: CertificateAuthority,
    private readonly httpsServer: https.Server,
    private readonly httpServer: http.Server,
  ) {}

  /** Creates the CA if needed and starts both listeners. */
  static async start(options: CloudOptions = {}): Promise<Cloud> {
    const ca = await CertificateAuthority.load(options.cacheDir ?? defaultCacheDir());
    const fallback = await ca.issue('localhost');
    // The SNI callback needs the Cloud, which needs the servers: bound once both exist.
    const self: { cloud?: Cloud } = {};
    const httpsServer = https.createServer({
      key: fallback.key,
      cert: fallback.cert,
      ALPNProtocols: ['http/1.1'],
      SNICallback: (servername, cb) =>
        self.cloud!.contextFor(servername).then(
          (ctx) => cb(null, ctx),
          (err: Error) => cb(err, undefined as never),
        ),
    });
    const httpServer = http.createServer();
    const cloud = new Cloud(ca, httpsServer, httpServer);
    self.cloud = cloud;
    for (const s of [httpsServer, httpServer]) {
      s.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => cloud.dispatch(req, res));
      s.on('clientError', (_err: Error, socket: Socket) => socket.destroy());
      // Long uploads on a throttled link: no server-side request timeout.
      s.requestTimeout = 0;
      s.headersTimeout = 0;
      s.keepAliveTimeout = 5000;
    }
    httpsServer.on('tlsClientError', () => undefined);
    const listenHost = options.listenHost ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      httpsServer.once('error', reject);
      httpsServer.listen(options.port ?? 0, listenHost, () => resolve());
    });
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', (err) => {
        // Do not leave the HTTPS listener holding its port (and the process) open.
        httpsServer.close();
        reject(err);
      });
      httpServer.listen(options.httpPort ?? 0, listenHost, () => resolve());
    });
    for (const server of options.servers ?? createDefaultServers({ dataDir: options.dataDir }).all) cloud.mount(server);
    return cloud;
  }

  /** HTTPS port. */
  get port(): number {
    return (this.httpsServer.address() as AddressInfo).port;
  }

  /** Plain HTTP port. */
  get httpPort(): number {
    return (this.httpServer.address() as AddressInfo).port;
  }

  /** Host path of the CA certificate (PEM). */
  get caCertPath(): string | undefined {
    return this.ca.certPath;
  }

  /** PEM of the CA certificate. */
  get caCert(): string {
    return this.ca.root.cert;
  }

  /** Mounted servers by name. */
  get servers(): Readonly<Record<string, LocalServer>> {
    return Object.fromEntries(this.mounted);
  }

  /** Mounts a server on its own host patterns (a later mount wins for overlapping hosts). */
  mount(server: LocalServer): void {
    this.mounted.set(server.name, server);
    this.routes.mount(server);
  }

  /** Routes one more host pattern to a server. Returns a function removing the route. */
  route(pattern: string, server: LocalServer): () => void {
    if (!this.mounted.has(server.name)) this.mounted.set(server.name, server);
    return this.routes.add(pattern, server);
  }

  /** True when some server answers for `hostname`. */
  isRouted(hostname: string): boolean {
    return this.routes.match(hostname) !== undefined;
  }

  /** Makes hosts matching `pattern` present a certificate of that kind (`valid` removes the override). */
  setCertificate(pattern: string, mode: CertificateMode): void {
    for (let i = this.certOverrides.length - 1; i >= 0; i--) if (this.certOverrides[i].pattern === pattern) this.certOverrides.splice(i, 1);
    if (mode !== 'valid') this.certOverrides.push({ pattern, mode });
  }

  private certificateMode(hostname: string): CertificateMode {
    for (let i = this.certOverrides.length - 1; i >= 0; i--)
      if (hostMatches(this.certOverrides[i].pattern, hostname)) return this.certOverrides[i].mode;
    return 'valid';
  }

  private contextFor(servername: string): Promise<tls.SecureContext> {
    const host = normalizeHost(servername);
    if (!this.isRouted(host) && host !== 'localhost') {
      this.onRefusedHost?.(host, 'https');
      return Promise.reject(new Error(`mpsim: no route for ${host}`));
    }
    const mode = this.certificateMode(host);
    const key = `${mode}:${host}`;
    let ctx = this.contexts.get(key);
    if (!ctx) {
      ctx = (async () => {
        let issuer = this.ca;
        if (mode === 'untrusted') issuer = await (this.untrustedCa ??= CertificateAuthority.ephemeral());
        const leaf = await issuer.issue(host, mode === 'expired' ? 'expired' : 'valid');
        return tls.createSecureContext({ key: leaf.key, cert: leaf.cert });
      })();
      this.contexts.set(key, ctx);
      ctx.catch(() => this.contexts.delete(key));
    }
    return ctx;
  }

  /** Dispatches one request to its server (after executing an injected fault, if any). */
  private dispatch(req: http.IncomingMessage, res: http.ServerResponse): void {
    guardResponse(res);
    const fault = req.headers[FAULT_HEADER];
    if (fault !== undefined) {
      delete req.headers[FAULT_HEADER];
      for (let i = req.rawHeaders.length - 2; i >= 0; i -= 2)
        if (req.rawHeaders[i].toLowerCase() === FAULT_HEADER) req.rawHeaders.splice(i, 2);
      const directive = this.directiveOf(fault);
      if (directive !== undefined && this.applyFault(directive, req, res)) return;
    }
    const host = req.headers.host ?? '';
    const server = this.routes.match(host);
    if (!server) {
      this.onRefusedHost?.(normalizeHost(host), req.socket instanceof tls.TLSSocket ? 'https' : 'http');
      req.resume();
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`mpsim: no server routed for host ${normalizeHost(host)}`);
      return;
    }
    try {
      server.handle(req, res);
    } catch (err) {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`mpsim: server ${server.name} threw: ${(err as Error).message}`);
      } else res.destroy();
    }
  }

  /** The directive of a fault header that carries this Cloud's token, else undefined (ignored). */
  private directiveOf(header: string | string[]): string | undefined {
    if (typeof header !== 'string') return undefined;
    const space = header.indexOf(' ');
    if (space < 0) return undefined;
    const token = Buffer.from(header.slice(0, space));
    const mine = Buffer.from(this.faultToken);
    if (token.length !== mine.length || !timingSafeEqual(token, mine)) return undefined;
    return header.slice(space + 1);
  }

  /** Executes a fault directive. Returns true when the request is fully taken care of. */
  private applyFault(directive: string, req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const status = /^status=([2-5]\d\d)$/.exec(directive);
    if (status) {
      req.resume();
      req.on('end', () => {
        const body = Buffer.from(`mpsim: injected status ${status[1]}`);
        res.writeHead(Number(status[1]), { 'Content-Type': 'text/plain', 'Content-Length': body.length });
        res.end(body);
      });
      return true;
    }
    if (directive === 'hang') {
      // Never answer; the connection dies when the client gives up or the Cloud closes.
      req.resume();
      return true;
    }
    if (directive === 'reset') {
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > 0) {
        // Cut while the request body is arriving: after half of it.
        let got = 0;
        req.on('data', (c: Buffer) => {
          got += c.length;
          if (got >= length / 2) req.socket.destroy();
        });
        return true;
      }
      // No request body: let the server answer, cut the response body half way.
      const socket = req.socket;
      const origWrite = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
      const cut = (chunk: unknown): boolean => {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
        if (buf.length > 1) origWrite(buf.subarray(0, Math.floor(buf.length / 2)));
        else if (!res.headersSent) res.flushHeaders();
        setImmediate(() => socket.destroy());
        return false;
      };
      let done = false;
      res.write = ((chunk: unknown) => {
        if (done) return false;
        done = true;
        return cut(chunk);
      }) as typeof res.write;
      res.end = ((chunk?: unknown) => {
        if (!done) {
          done = true;
          if (chunk !== undefined && typeof chunk !== 'function') cut(chunk);
          else {
            if (!res.headersSent) res.flushHeaders();
            setImmediate(() => socket.destroy());
          }
        }
        return res;
      }) as typeof res.end;
      return false;
    }
    return false;
  }

  /**
   * Lets the process exit while the Cloud is still listening (`mpsim run`: the
   * script's own pending work keeps the process alive, not our listeners). Applies
   * to the listeners and to every connection they accept from now on.
   */
  unref(): void {
    for (const s of [this.httpsServer, this.httpServer]) {
      s.unref();
      s.on('connection', (socket: Socket) => socket.unref());
    }
  }

  /** Stops both listeners, drops every connection and closes every mounted server. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stop = (s: http.Server) =>
      new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    await Promise.all([stop(this.httpsServer), stop(this.httpServer)]);
    for (const server of new Set(this.mounted.values())) {
      try {
        await server.close?.();
      } catch {
        // keep closing the rest
      }
    }
  }
}

/**
 * Makes a server's invalid status or header value (RangeError / ERR_INVALID_CHAR
 * from `writeHead`, `setHeader`) end in a 500 answer instead of an exception out
 * of whatever event callback wrote it — one guard for every routed server, so no
 * request from outside can crash the process this way. After the guard answered,
 * the server's further writes are dropped.
 */
export function guardResponse(res: http.ServerResponse): void {
  // A write after the guard answered (or after a client hung up) must not emit an unheard 'error'.
  res.on('error', () => undefined);
  let answered = false;
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
  const setHeader = res.setHeader.bind(res);
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  const answer500 = (err: unknown) => {
    answered = true;
    if (res.headersSent) return void res.destroy();
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    const body = Buffer.from(
      `mpsim: the server could not send its answer (${(err as Error)?.message ?? 'invalid response'})`.replace(/[^\x20-\x7e]/g, '?'),
    );
    writeHead(500, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
    end(body);
  };
  res.writeHead = ((...args: unknown[]) => {
    if (answered) return res;
    try {
      return writeHead(...args);
    } catch (err) {
      answer500(err);
      return res;
    }
  }) as typeof res.writeHead;
  res.setHeader = ((name: string, value: number | string | readonly string[]) => {
    if (answered) return res;
    try {
      return setHeader(name, value);
    } catch (err) {
      answer500(err);
      return res;
    }
  }) as typeof res.setHeader;
  res.write = ((...args: unknown[]) => {
    if (answered) return true;
    try {
      return write(...args);
    } catch (err) {
      answer500(err);
      return true;
    }
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    if (answered) return res;
    try {
      return end(...args);
    } catch (err) {
      answer500(err);
      return res;
    }
  }) as typeof res.end;
}
