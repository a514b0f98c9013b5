/**
 * Test helpers for the COS / app servers: a real http.Server on 127.0.0.1:0
 * and a node:http client that sends raw paths and a virtual Host header.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import type { LocalServer } from '../../simulator/servers/types';
import { DEFAULT_ACCOUNT, signRequest } from '../../simulator/signing';

export const APPID = DEFAULT_ACCOUNT.appid;
export const BUCKET = `examplebucket-${APPID}`;
export const HOST = `${BUCKET}.cos.ap-beijing.myqcloud.com`;

export interface Started {
  port: number;
  server: http.Server;
  stop(): Promise<void>;
}

/** Mounts a LocalServer on a real socket. */
export async function listen(local: LocalServer): Promise<Started> {
  const server = http.createServer((req, res) => local.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    server,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await local.close?.();
    },
  };
}

export interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export interface ReqOptions {
  method?: string;
  host?: string;
  /** Raw path incl. query, sent verbatim. */
  path: string;
  headers?: Record<string, string | number>;
  body?: Buffer | string | Readable;
}

/** One HTTP request; resolves with the whole response. */
export function send(port: number, o: ReqOptions): Promise<Res> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { host: o.host ?? HOST, ...o.headers };
    if (
      (typeof o.body === 'string' || Buffer.isBuffer(o.body)) &&
      !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length')
    ) {
      headers['content-length'] = Buffer.byteLength(o.body);
    }
    const req = http.request({ host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (o.body === undefined || typeof o.body === 'string' || Buffer.isBuffer(o.body)) req.end(o.body);
    else o.body.pipe(req);
  });
}

export interface SignedOptions extends ReqOptions {
  /** Raw key (unencoded) for the signature; default decoded from path. */
  key?: string;
  secretId?: string;
  secretKey?: string;
  token?: string;
  now?: number;
  /** Which request headers to sign (default: content-length, content-md5, host, x-cos-*). */
  signHeaders?: string[];
}

/** Query of a raw path as decoded name → value. */
export function queryOf(path: string): Record<string, string> {
  const i = path.indexOf('?');
  const out: Record<string, string> = {};
  if (i < 0) return out;
  for (const part of path.slice(i + 1).split('&')) {
    if (!part) continue;
    const j = part.indexOf('=');
    out[decodeURIComponent(j < 0 ? part : part.slice(0, j))] = j < 0 ? '' : decodeURIComponent(part.slice(j + 1));
  }
  return out;
}

/** Signs like the SDK (host + content-length + every x-cos-* header) and sends. */
export function sendSigned(port: number, o: SignedOptions): Promise<Res> {
  const host = o.host ?? HOST;
  const raw = o.path.split('?')[0]!;
  const pathname = o.key !== undefined ? '/' + o.key : decodeURIComponent(raw);
  const headers: Record<string, string | number> = { ...o.headers };
  if ((typeof o.body === 'string' || Buffer.isBuffer(o.body)) && headers['content-length'] === undefined) {
    headers['content-length'] = Buffer.byteLength(o.body);
  }
  const toSign: Record<string, string | number> = { host };
  for (const [k, v] of Object.entries(headers)) {
    const n = k.toLowerCase();
    if (o.signHeaders ? o.signHeaders.includes(n) : n === 'content-length' || n === 'content-md5' || n.startsWith('x-cos-')) toSign[n] = v;
  }
  const authorization = signRequest({
    secretId: o.secretId ?? DEFAULT_ACCOUNT.secretId,
    secretKey: o.secretKey ?? DEFAULT_ACCOUNT.secretKey,
    method: o.method ?? 'GET',
    pathname,
    query: queryOf(o.path),
    headers: toSign,
    now: o.now,
  });
  if (o.token !== undefined) headers['x-cos-security-token'] = o.token;
  return send(port, { ...o, host, headers: { ...headers, authorization } });
}

/** Camsafe key → URL path. */
export function keyPath(key: string): string {
  return (
    '/' +
    encodeURIComponent(key)
      .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
      .replace(/%2F/g, '/')
  );
}
