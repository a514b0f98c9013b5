/**
 * The simulated developer backend (`https://appserver.mpsim.test`) that
 * mini-program code calls with `wx.request`, as the COS docs assume:
 *
 * - `GET /cos/sts` → temporary keys `{ credentials: { tmpSecretId, tmpSecretKey,
 *   sessionToken }, startTime, expiredTime }` issued by the shared credential
 *   authority (the COS server verifies them).
 * - `POST /cos/sign` with JSON `{ method, key | pathname, headers?, query?,
 *   bucket?, region? }` → `{ authorization, securityToken? }` for the default
 *   account (permanent key; with `signWithSts` a fresh STS key + its token).
 *
 * VOD endpoints: `/vod/aliyun/*` (aliyun.ts) and `/vod/tencent/*` (tencent.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readLimitedBody } from '../body';
import { createCredentialAuthority, signRequest, type CredentialAuthority } from '../../signing';
import { createCosServer, type CosServer, type CosServerOptions } from '../cos';
import type { LocalServer } from '../types';
import { ALIYUN_ROUTE_PREFIX, createAliyunAppRoutes, type AliyunAppRoutesOptions } from './aliyun';
import { createTencentAppRoutes, TENCENT_ROUTE_PREFIX, type TencentAppRoutesOptions } from './tencent';

/** Options of {@link createAppServer}. */
export interface AppServerOptions {
  /** The authority shared with the COS server (default: a new one; pass `cos.authority`). */
  authority?: CredentialAuthority;
  /** Milliseconds clock (default: the authority's clock). */
  clock?: () => number;
  /** STS lifetime in seconds for `/cos/sts` (default 1800; a `?duration=` query may ask for less or more, 1..43200). */
  stsDurationSeconds?: number;
  /** `/cos/sign` signs with a fresh STS key and returns its `securityToken` (default false: the permanent key). */
  signWithSts?: boolean;
  /** Signature lifetime of `/cos/sign` in seconds (default 900). */
  signExpiresSeconds?: number;
  /** Host the server answers for (default `appserver.mpsim.test`). */
  host?: string;
  /** Serve the Alibaba VOD endpoints `/vod/aliyun/*` (see aliyun.ts) against this VOD server. */
  aliyun?: AliyunAppRoutesOptions;
  /** Serve the Tencent VOD endpoints `/vod/tencent/*` (see tencent.ts) for this VOD server. */
  tencent?: TencentAppRoutesOptions;
}

/** The app server. */
export interface AppServer extends LocalServer {
  readonly authority: CredentialAuthority;
  /** Count of requests per route, for tests (`GET /cos/sts`, `POST /cos/sign`, ...). */
  readonly calls: Record<string, number>;
}

/** Default host of the app server. */
export const APPSERVER_HOST = 'appserver.mpsim.test';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.end(text);
}

async function readJson(req: IncomingMessage, limit = 64 * 1024): Promise<unknown> {
  const body = await readLimitedBody(req, limit, () => new Error('body too large'));
  return JSON.parse(body.toString('utf8')) as unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks a `headers`/`query` object: string or number values only. */
function stringMap(v: unknown, what: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) throw new Error(`${what} must be an object`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string' || typeof x === 'number') out[k] = String(x);
    else if (x !== undefined) throw new Error(`${what}.${k} must be a string or number`);
  }
  return out;
}

/** Creates the app server. */
export function createAppServer(options: AppServerOptions = {}): AppServer {
  const authority = options.authority ?? createCredentialAuthority({ clock: options.clock });
  const clock = options.clock ?? authority.clock;
  const calls: Record<string, number> = {};
  const aliyun = options.aliyun && createAliyunAppRoutes(options.aliyun);
  const tencent = options.tencent && createTencentAppRoutes(options.tencent);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = (req.method ?? 'GET').toUpperCase();
    const id = `${method} ${url.pathname}`;
    calls[id] = (calls[id] ?? 0) + 1;
    if (method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
      res.setHeader('Access-Control-Allow-Headers', '*');
      return sendJson(res, 200, {});
    }
    if (url.pathname === '/cos/sts') {
      if (method !== 'GET') return sendJson(res, 405, { error: 'use GET' });
      const d = url.searchParams.get('duration');
      let duration = options.stsDurationSeconds;
      if (d !== null) {
        if (!/^\d+$/.test(d) || Number(d) < 1 || Number(d) > 43200)
          return sendJson(res, 400, { error: 'duration must be 1..43200 seconds' });
        duration = Number(d);
      }
      return sendJson(res, 200, authority.issueSts({ durationSeconds: duration }));
    }
    if (url.pathname === '/cos/sign') {
      if (method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
      let body: unknown;
      try {
        body = await readJson(req);
      } catch (e) {
        return sendJson(res, 400, { error: `body must be JSON: ${(e as Error).message}` });
      }
      try {
        if (!isRecord(body)) throw new Error('body must be an object');
        const m = body.method;
        if (typeof m !== 'string' || !/^(get|head|put|post|delete|options)$/i.test(m))
          throw new Error('method must be GET, HEAD, PUT, POST, DELETE or OPTIONS');
        let pathname: string;
        if (typeof body.pathname === 'string') pathname = body.pathname.startsWith('/') ? body.pathname : `/${body.pathname}`;
        else if (typeof body.key === 'string') pathname = `/${body.key.replace(/^\/+/, '')}`;
        else throw new Error('key or pathname must be a string');
        const headers = stringMap(body.headers, 'headers');
        const query = stringMap(body.query, 'query');
        const hasHost = Object.keys(headers).some((k) => k.toLowerCase() === 'host');
        if (!hasHost && typeof body.bucket === 'string' && typeof body.region === 'string') {
          headers.host = `${body.bucket}.cos.${body.region}.myqcloud.com`;
        }
        let secretId = authority.defaultAccount.secretId;
        let secretKey = authority.defaultAccount.secretKey;
        let securityToken: string | undefined;
        if (options.signWithSts) {
          const sts = authority.issueSts({ durationSeconds: options.stsDurationSeconds });
          secretId = sts.credentials.tmpSecretId;
          secretKey = sts.credentials.tmpSecretKey;
          securityToken = sts.credentials.sessionToken;
        }
        const authorization = signRequest({
          secretId,
          secretKey,
          method: m,
          pathname,
          headers,
          query,
          now: clock(),
          expires: options.signExpiresSeconds ?? 900,
        });
        return sendJson(res, 200, securityToken ? { authorization, securityToken } : { authorization });
      } catch (e) {
        return sendJson(res, 400, { error: (e as Error).message });
      }
    }
    if (aliyun && url.pathname.startsWith(ALIYUN_ROUTE_PREFIX)) return aliyun(req, res, url);
    if (tencent && url.pathname.startsWith(TENCENT_ROUTE_PREFIX)) return tencent(req, res, url);
    return sendJson(res, 404, { error: `no route ${id}` });
  }

  return {
    name: 'appserver',
    hosts: [options.host ?? APPSERVER_HOST],
    authority,
    calls,
    handle(req, res) {
      route(req, res).catch((e: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: (e as Error)?.message ?? String(e) });
        else res.destroy();
      });
    },
    async close() {},
  };
}

/**
 * The pair every default simulator cloud mounts: a COS server and an app server
 * sharing one credential authority (keys from `GET /cos/sts` work on COS).
 * `app` adds app-server options (e.g. `aliyun` for the `/vod/aliyun/*` routes).
 */
export function createCosWithAppServer(
  options: CosServerOptions = {},
  app: Omit<AppServerOptions, 'authority'> = {},
): [CosServer, AppServer] {
  const cos = createCosServer(options);
  return [cos, createAppServer({ ...app, authority: cos.authority })];
}
