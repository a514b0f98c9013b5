/**
 * The simulated WeChat auth service: what `wx.login` talks to on the phone side
 * and what an app server calls on `https://api.weixin.qq.com`:
 *
 *   GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code
 *     → 200 `{"session_key":"…","openid":"…"}` (plus `unionid` when the app is bound
 *       to an open platform account), or 200 `{"errcode":…,"errmsg":"… rid: …"}`
 *       as the real service answers (HTTP 200 even for errors):
 *       40029 invalid code (unknown or expired: a code lives 5 minutes),
 *       40163 code been used (codes are single use), 40125 invalid appsecret,
 *       40013 invalid appid, 41008 missing code, 41002 appid missing,
 *       41004 appsecret missing, 40002 invalid grant_type, 45011 (scripted
 *       minute quota), -1 system error (scripted).
 *
 * The phone side (`issueCode`, `checkSession`) is called in-process by the
 * runtime — the client's login goes through WeChat's own channel, not a request
 * mini-program code can see. openid is stable per (appid, WeChat user);
 * session_key is new at every successful exchange (the service may refresh it,
 * which is why servers keep the latest); `expireSession()` scripts the expiry
 * checkSession reports.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalServer } from '../types';

/** The app secret every app id has unless registered otherwise (32 hex digits, like a real one). */
export const DEFAULT_APP_SECRET = '6d7073696d2d6170702d736563726574';
export const WECHAT_API_HOST = 'api.weixin.qq.com';
/** How long a login code stays valid (documented: 5 minutes). */
export const CODE_TTL_MS = 5 * 60 * 1000;

export interface WeChatServerOptions {
  /** Milliseconds clock (default Date.now). */
  clock?: () => number;
  /** Registered apps: appid → secret. Any other appid uses DEFAULT_APP_SECRET unless `strictApps`. */
  apps?: Record<string, string>;
  /** Only registered app ids exist (others: 40013 invalid appid). Default false. */
  strictApps?: boolean;
  /** Session lifetime in ms for checkSession (default: never expires by time; `expireSession()` ends it). */
  sessionTtlMs?: number;
}

interface CodeEntry {
  appid: string;
  user: string;
  issuedAt: number;
  used: boolean;
}

interface SessionEntry {
  openid: string;
  sessionKey: string;
  startedAt: number;
  expired: boolean;
}

/** One exchange as the service saw it (tests). */
export interface WeChatExchange {
  appid: string;
  code: string;
  errcode: number;
  openid?: string;
}

export interface WeChatServer extends LocalServer {
  /** Registers (or changes) an app's secret. */
  registerApp(appid: string, secret: string): void;
  /** Phone side of wx.login: a fresh single-use code for this WeChat user in this app. */
  issueCode(appid: string, user: string): string;
  /** Phone side of wx.checkSession: is the user's session with this app valid? */
  checkSession(appid: string, user: string): boolean;
  /** Ends sessions (of one app/user or all): checkSession fails until the next login + exchange. */
  expireSession(appid?: string, user?: string): void;
  /** The openid this service gives a WeChat user in an app. */
  openidOf(appid: string, user: string): string;
  /** The latest session_key of a user in an app (what an app server would have stored). */
  sessionKeyOf(appid: string, user: string): string | undefined;
  /** Next n exchanges answer this errcode (45011 quota, -1 system error, 40226 high risk, ...). */
  failNext(n: number, errcode: number, errmsg?: string): void;
  readonly exchanges: readonly WeChatExchange[];
}

const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40002: 'invalid grant_type',
  40013: 'invalid appid',
  40029: 'invalid code',
  40125: 'invalid appsecret',
  40163: 'code been used',
  40226: 'high risk user',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
};

function rid(): string {
  const h = randomBytes(12).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 16)}-${h.slice(16, 24)}`;
}

export function createWeChatServer(options: WeChatServerOptions = {}): WeChatServer {
  const clock = options.clock ?? Date.now;
  const apps = new Map(Object.entries(options.apps ?? {}));
  const codes = new Map<string, CodeEntry>();
  const sessions = new Map<string, SessionEntry>();
  const exchanges: WeChatExchange[] = [];
  const scripted: Array<{ errcode: number; errmsg?: string }> = [];
  const salt = randomBytes(16);

  const secretOf = (appid: string): string | undefined => apps.get(appid) ?? (options.strictApps ? undefined : DEFAULT_APP_SECRET);
  const openidOf = (appid: string, user: string): string =>
    // 28 characters starting with `o`, like real openids; stable for (appid, user) within one service
    'o' + createHmac('sha256', salt).update(`${appid}\0${user}`).digest('base64url').slice(0, 27);
  const key = (appid: string, user: string) => `${appid}\0${user}`;

  const pruneCodes = () => {
    const now = clock();
    for (const [c, e] of codes) if (now - e.issuedAt > CODE_TTL_MS * 2) codes.delete(c);
  };

  function answer(res: ServerResponse, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(200, { 'Content-Type': 'application/json; encoding=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }
  const error = (res: ServerResponse, errcode: number, errmsg = ERRMSG[errcode] ?? 'error') =>
    answer(res, { errcode, errmsg: `${errmsg}, rid: ${rid()}` });

  function handle(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'https://api.weixin.qq.com');
    } catch {
      return error(res, -1);
    }
    if (url.pathname !== '/sns/jscode2session') {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return void res.end('mpsim: the simulated WeChat API serves /sns/jscode2session only');
    }
    const q = url.searchParams;
    const appid = q.get('appid') ?? '';
    const secret = q.get('secret') ?? '';
    const code = q.get('js_code') ?? '';
    const record: WeChatExchange = { appid, code, errcode: 0 };
    exchanges.push(record);
    if (exchanges.length > 10000) exchanges.splice(0, 1000);
    const fail = (errcode: number, errmsg?: string) => {
      record.errcode = errcode;
      error(res, errcode, errmsg);
    };
    const s = scripted[0];
    if (s) {
      scripted.shift();
      return fail(s.errcode, s.errmsg);
    }
    if (!appid) return fail(41002);
    const known = secretOf(appid);
    if (known === undefined) return fail(40013);
    if (!secret) return fail(41004);
    if (secret !== known) return fail(40125);
    if (!code) return fail(41008);
    if (q.get('grant_type') !== 'authorization_code') return fail(40002);
    const entry = codes.get(code);
    if (!entry || entry.appid !== appid || clock() - entry.issuedAt > CODE_TTL_MS) return fail(40029);
    if (entry.used) return fail(40163);
    entry.used = true;
    const openid = openidOf(appid, entry.user);
    const sessionKey = randomBytes(16).toString('base64');
    sessions.set(key(appid, entry.user), { openid, sessionKey, startedAt: clock(), expired: false });
    record.openid = openid;
    answer(res, { session_key: sessionKey, openid });
  }

  return {
    name: 'wechat',
    hosts: [WECHAT_API_HOST],
    handle,
    exchanges,
    registerApp(appid, secret) {
      if (typeof appid !== 'string' || !appid || typeof secret !== 'string' || !secret)
        throw new TypeError('wechat.registerApp: appid and secret must be non-empty strings');
      apps.set(appid, secret);
    },
    issueCode(appid, user) {
      pruneCodes();
      // 32 characters of [0-9A-Za-z], the shape of real codes
      const code = randomBytes(24).toString('base64').replace(/[+/=]/g, '0').slice(0, 32);
      codes.set(code, { appid, user, issuedAt: clock(), used: false });
      return code;
    },
    checkSession(appid, user) {
      const s = sessions.get(key(appid, user));
      if (!s || s.expired) return false;
      if (options.sessionTtlMs !== undefined && clock() - s.startedAt > options.sessionTtlMs) return false;
      return true;
    },
    expireSession(appid, user) {
      for (const [k, s] of sessions) {
        const [a, u] = k.split('\0');
        if ((appid === undefined || a === appid) && (user === undefined || u === user)) s.expired = true;
      }
    },
    openidOf,
    sessionKeyOf: (appid, user) => sessions.get(key(appid, user))?.sessionKey,
    failNext(n, errcode, errmsg) {
      if (!Number.isInteger(n) || n < 0) throw new TypeError('wechat.failNext: n must be an integer >= 0');
      if (!Number.isInteger(errcode)) throw new TypeError('wechat.failNext: errcode must be an integer');
      for (let i = 0; i < n; i++) scripted.push({ errcode, errmsg });
    },
  };
}
