/**
 * Alibaba Cloud RPC-style (POP) request signature, SignatureVersion 1.0 with
 * HMAC-SHA1 — the scheme the VOD OpenAPI (`vod.<region>.aliyuncs.com`) uses and
 * the mini-program upload SDK computes itself in STS mode. Written from
 * research aliyun-vod-oss.md §2.4, both directions (client signer, server
 * verifier share `rpcStringToSign`).
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * RFC 3986 percent-encoding as POP wants it: `encodeURIComponent` plus
 * `! ' ( ) *` (so space is `%20`, `*` is `%2A`, `~` stays literal).
 */
export function rpcPercentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** `k=v&k=v` over every param except `Signature`, sorted by name (code-unit order), each side encoded. */
export function rpcCanonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${rpcPercentEncode(k)}=${rpcPercentEncode(params[k] ?? '')}`)
    .join('&');
}

/** `METHOD&%2F&<encoded canonical query>`. */
export function rpcStringToSign(method: string, params: Record<string, string>): string {
  return `${method.toUpperCase()}&${rpcPercentEncode('/')}&${rpcPercentEncode(rpcCanonicalQuery(params))}`;
}

/** Base64 HMAC-SHA1 keyed with `AccessKeySecret + "&"`. */
export function rpcSignature(accessKeySecret: string, method: string, params: Record<string, string>): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(rpcStringToSign(method, params), 'utf8').digest('base64');
}

/** Constant-time string comparison (false on length mismatch). */
export function rpcSignaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Options of {@link signRpcParams}. */
export interface RpcSignOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS token, sent as the `SecurityToken` param. */
  securityToken?: string;
  /** The action's own params (`Action` included or given separately). */
  params: Record<string, string | number | undefined>;
  action?: string;
  /** Default `2017-03-21` (VOD). */
  version?: string;
  /** Default `GET`. */
  method?: string;
  /** Milliseconds "now" for `Timestamp`; pass `null` to omit it as the mini SDK does. */
  now?: number | null;
  /** Default a random UUID. */
  nonce?: string;
}

/**
 * Adds the common params (`Format`, `Version`, `AccessKeyId`,
 * `SignatureMethod`, `SignatureVersion`, `SignatureNonce`, `Timestamp`,
 * `SecurityToken`) and the `Signature`; returns every param, ready to be sent
 * as a query string or a form body.
 */
export function signRpcParams(o: RpcSignOptions): Record<string, string> {
  const p: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.params)) if (v !== undefined) p[k] = String(v);
  if (o.action !== undefined) p.Action = o.action;
  p.Format ??= 'JSON';
  p.Version ??= o.version ?? '2017-03-21';
  p.AccessKeyId = o.accessKeyId;
  p.SignatureMethod ??= 'HMAC-SHA1';
  p.SignatureVersion ??= '1.0';
  p.SignatureNonce ??= o.nonce ?? randomUUID();
  if (o.now !== null && p.Timestamp === undefined) p.Timestamp = new Date(o.now ?? Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (o.securityToken !== undefined) p.SecurityToken = o.securityToken;
  p.Signature = rpcSignature(o.accessKeySecret, o.method ?? 'GET', p);
  return p;
}

/** The params as a query string (each side percent-encoded). */
export function rpcQueryString(params: Record<string, string>): string {
  return Object.keys(params)
    .map((k) => `${rpcPercentEncode(k)}=${rpcPercentEncode(params[k] ?? '')}`)
    .join('&');
}
