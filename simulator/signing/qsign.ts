/**
 * Tencent COS request signature (`q-sign-algorithm=sha1`), both directions:
 * the signer a client or the app server uses, and the pieces the COS server
 * uses to verify. Written from the protocol notes (research §3), not from SDK
 * code. Shared later by the VOD servers, which forward COS traffic.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** `encodeURIComponent` plus `! ' ( ) *`, as the COS SDKs encode names and values. */
export function camSafeUrlEncode(s: string): string {
  return encodeURIComponent(s).replace(/!/g, '%21').replace(/'/g, '%27').replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\*/g, '%2A');
}

/** Headers the client side signs (besides every `x-cos-*` / `x-ci-*`): the 1.8.0 allow-list. */
const SIGNABLE_HEADERS = new Set([
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-length',
  'content-md5',
  'content-type',
  'expect',
  'expires',
  'host',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-unmodified-since',
  'origin',
  'range',
  'transfer-encoding',
  'pic-operations',
]);

/** Whether a client following the SDK rules would sign this header name. */
export function isSignableHeader(name: string): boolean {
  const n = name.toLowerCase();
  return n.includes('x-cos-') || n.includes('x-ci-') || SIGNABLE_HEADERS.has(n);
}

/** One `k=v&k=v` list, names lower-cased after encoding, sorted by lower-cased raw name. */
function formatList(obj: Record<string, string>): { list: string; str: string } {
  const names = Object.keys(obj).sort((a, b) => {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x === y ? 0 : x < y ? -1 : 1;
  });
  const list = names.map((n) => camSafeUrlEncode(n).toLowerCase());
  const str = names.map((n) => `${camSafeUrlEncode(n).toLowerCase()}=${camSafeUrlEncode(obj[n] ?? '')}`);
  return { list: list.join(';'), str: str.join('&') };
}

function hmacHex(key: string, msg: string): string {
  return createHmac('sha1', key).update(msg, 'utf8').digest('hex');
}

/**
 * The core of the algorithm (research §3.1 steps 5–8): the hex signature for an
 * already-chosen set of params and headers. `params`/`headers` hold exactly what
 * is signed (names in any case; values raw, unencoded).
 */
export function computeSignature(input: {
  secretKey: string;
  keyTime: string;
  signTime?: string;
  method: string;
  pathname: string;
  params: Record<string, string>;
  headers: Record<string, string>;
}): { signature: string; headerList: string; paramList: string } {
  const signKey = hmacHex(input.secretKey, input.keyTime);
  const p = formatList(input.params);
  const h = formatList(input.headers);
  const formatString = [input.method.toLowerCase(), input.pathname, p.str, h.str, ''].join('\n');
  const stringToSign = ['sha1', input.signTime ?? input.keyTime, createHash('sha1').update(formatString, 'utf8').digest('hex'), ''].join(
    '\n',
  );
  return { signature: hmacHex(signKey, stringToSign), headerList: h.list, paramList: p.list };
}

/** What {@link signRequest} needs. */
export interface SignOptions {
  secretId: string;
  secretKey: string;
  method: string;
  /** `'/' + key` with the raw (unencoded) key; `'/'` for bucket-level requests. */
  pathname: string;
  /** Query parameters (sub-resources like `uploads` with value `''`). All are signed. */
  query?: Record<string, string | number | undefined>;
  /** Request headers; the signable ones (and a non-empty value) are signed. Include `host`. */
  headers?: Record<string, string | number | undefined>;
  /** Start of the window, epoch seconds (default: now − 1, like the SDK). */
  startTime?: number;
  /** Window length in seconds (default 900). */
  expires?: number;
  /** End of the window, epoch seconds (wins over `expires`; STS `ExpiredTime`). */
  endTime?: number;
  /** Milliseconds "now" for the default start (default `Date.now()`). */
  now?: number;
}

/**
 * Builds a COS `Authorization` header value the way the SDK does (research §3.1):
 * empty-valued headers, `content-type` and `cache-control` are not signed.
 */
export function signRequest(o: SignOptions): string {
  const nowSec = Math.round((o.now ?? Date.now()) / 1000) - 1;
  const start = o.startTime ?? nowSec;
  const end = o.endTime ?? start + (o.expires ?? 900);
  const keyTime = `${start};${end}`;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.headers ?? {})) {
    if (v === undefined || v === '') continue;
    const n = k.toLowerCase();
    if (n === 'content-type' || n === 'cache-control') continue;
    if (!isSignableHeader(n)) continue;
    headers[k] = String(v);
  }
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.query ?? {})) {
    if (v === undefined) continue;
    params[k] = String(v);
  }
  const r = computeSignature({ secretKey: o.secretKey, keyTime, method: o.method, pathname: o.pathname, params, headers });
  return [
    'q-sign-algorithm=sha1',
    `q-ak=${o.secretId}`,
    `q-sign-time=${keyTime}`,
    `q-key-time=${keyTime}`,
    `q-header-list=${r.headerList}`,
    `q-url-param-list=${r.paramList}`,
    `q-signature=${r.signature}`,
  ].join('&');
}

/** The fields of a parsed Authorization. */
export interface ParsedAuthorization {
  algorithm: string;
  secretId: string;
  signTime: [number, number];
  keyTime: [number, number];
  /** Raw `start;end` strings as signed. */
  signTimeRaw: string;
  keyTimeRaw: string;
  headerList: string[];
  paramList: string[];
  signature: string;
}

/** Why an Authorization could not be parsed (the server answers 403 AccessDenied). */
export class AuthorizationFormatError extends Error {}

const TIME_RE = /^(\d{1,12});(\d{1,12})$/;

/**
 * Splits an Authorization on `&` then on the first `=` and checks that every
 * field is present and well-formed. Throws {@link AuthorizationFormatError}.
 */
export function parseAuthorization(auth: string): ParsedAuthorization {
  const fields = new Map<string, string>();
  for (const part of auth.trim().split('&')) {
    const i = part.indexOf('=');
    if (i <= 0) throw new AuthorizationFormatError(`malformed authorization field "${part}"`);
    const k = part.slice(0, i);
    if (fields.has(k)) throw new AuthorizationFormatError(`duplicate authorization field "${k}"`);
    fields.set(k, part.slice(i + 1));
  }
  const need = (k: string): string => {
    const v = fields.get(k);
    if (v === undefined) throw new AuthorizationFormatError(`authorization field "${k}" is missing`);
    return v;
  };
  const algorithm = need('q-sign-algorithm');
  if (algorithm !== 'sha1') throw new AuthorizationFormatError(`q-sign-algorithm must be sha1, not "${algorithm}"`);
  const secretId = need('q-ak');
  if (!secretId) throw new AuthorizationFormatError('q-ak is empty');
  const signTimeRaw = need('q-sign-time');
  const keyTimeRaw = need('q-key-time');
  const st = TIME_RE.exec(signTimeRaw);
  const kt = TIME_RE.exec(keyTimeRaw);
  if (!st) throw new AuthorizationFormatError('q-sign-time is malformed');
  if (!kt) throw new AuthorizationFormatError('q-key-time is malformed');
  const headerListRaw = need('q-header-list');
  const paramListRaw = need('q-url-param-list');
  const signature = need('q-signature');
  if (!/^[0-9a-f]{40}$/.test(signature)) throw new AuthorizationFormatError('q-signature is malformed');
  const splitList = (s: string) => (s === '' ? [] : s.split(';'));
  return {
    algorithm,
    secretId,
    signTime: [Number(st[1]), Number(st[2])],
    keyTime: [Number(kt[1]), Number(kt[2])],
    signTimeRaw,
    keyTimeRaw,
    headerList: splitList(headerListRaw),
    paramList: splitList(paramListRaw),
    signature,
  };
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Recomputes the signature of a parsed Authorization over a request and says
 * whether it matches. `lookupParam` resolves one listed (encoded, lower-cased)
 * name to the request's decoded parameter name and value; `lookupHeader` a listed
 * header name to its value. Undefined means absent, which is a mismatch: a
 * listed name must be present.
 */
export function verifyParsedSignature(
  parsed: ParsedAuthorization,
  secretKey: string,
  req: {
    method: string;
    pathname: string;
    lookupParam(name: string): { name: string; value: string } | undefined;
    lookupHeader(name: string): string | undefined;
  },
): { ok: true } | { ok: false; reason: string } {
  const params: Record<string, string> = {};
  for (const n of parsed.paramList) {
    const p = req.lookupParam(n);
    if (p === undefined) return { ok: false, reason: `signed parameter "${n}" is not in the request` };
    params[p.name] = p.value;
  }
  const headers: Record<string, string> = {};
  for (const n of parsed.headerList) {
    const v = req.lookupHeader(n);
    if (v === undefined) return { ok: false, reason: `signed header "${n}" is not in the request` };
    headers[n] = v;
  }
  const r = computeSignature({
    secretKey,
    keyTime: parsed.keyTimeRaw,
    signTime: parsed.signTimeRaw,
    method: req.method,
    pathname: req.pathname,
    params,
    headers,
  });
  // The lists as sent must be exactly the sorted lists we rebuilt (a reordered list is a different string to sign).
  if (r.headerList !== parsed.headerList.join(';') || r.paramList !== parsed.paramList.join(';')) {
    return { ok: false, reason: 'q-header-list / q-url-param-list are not sorted lower-case names' };
  }
  return signaturesEqual(r.signature, parsed.signature) ? { ok: true } : { ok: false, reason: 'signature mismatch' };
}

/**
 * POST Object policy signature (the documented form upload): SignKey over
 * `q-key-time`, then HMAC of `sha1(policy JSON text)`.
 */
export function signPolicy(secretKey: string, keyTime: string, policyJson: string): string {
  const signKey = hmacHex(secretKey, keyTime);
  return hmacHex(signKey, createHash('sha1').update(policyJson, 'utf8').digest('hex'));
}
