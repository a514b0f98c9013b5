/**
 * Tencent VOD client upload signature ("客户端上传签名", VOD doc 266/9221),
 * both directions: the app server signs, the VOD server verifies.
 *
 *   Original  = `secretId=…&currentTimeStamp=…&expireTime=…&random=…[&procedure=…&classId=…&…]`
 *   signature = base64( HMAC-SHA1(SecretKey, Original) ‖ Original )
 *
 * The 20 raw HMAC bytes come first, then the UTF-8 Original (research
 * cos-vod-protocol.md §4.3; the SDK demo's hard-coded signature decodes to
 * exactly that shape). The SDK itself treats the signature as opaque.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/** What goes into a signature's Original (values are sent URL-encoded). */
export interface VodSignatureParams {
  secretId: string;
  /** Epoch seconds the signature was made. */
  currentTimeStamp: number;
  /** Epoch seconds after which the signature is dead. */
  expireTime: number;
  /** Random unsigned 32-bit number (default: a fresh one). */
  random?: number;
  /** Optional doc params (procedure, classId, sourceContext, vodSubAppId, oneTimeValid, storageRegion, …). */
  extra?: Record<string, string | number>;
}

/** The HMAC length (SHA-1). */
const MAC_BYTES = 20;

/** Builds the Original query string in the doc's order (then the extras in the given order). */
export function vodSignatureOriginal(p: VodSignatureParams): string {
  const pairs: [string, string][] = [
    ['secretId', p.secretId],
    ['currentTimeStamp', String(p.currentTimeStamp)],
    ['expireTime', String(p.expireTime)],
    ['random', String(p.random ?? randomInt(0, 2 ** 32 - 1))],
  ];
  for (const [k, v] of Object.entries(p.extra ?? {})) pairs.push([k, String(v)]);
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** Signs an Original with the SecretKey: base64(HMAC-SHA1 ‖ Original). */
export function signVodOriginal(secretKey: string, original: string): string {
  const mac = createHmac('sha1', secretKey).update(original, 'utf8').digest();
  return Buffer.concat([mac, Buffer.from(original, 'utf8')]).toString('base64');
}

/** Makes a client upload signature. */
export function signVodUpload(secretKey: string, p: VodSignatureParams): string {
  return signVodOriginal(secretKey, vodSignatureOriginal(p));
}

/** A decoded (not yet verified) signature. */
export interface DecodedVodSignature {
  mac: Buffer;
  original: string;
  /** The Original's params, decoded (first occurrence of each name). */
  params: Record<string, string>;
}

/** Why a signature was refused. */
export type VodSignatureFailure = 'malformed' | 'unknown-secret-id' | 'mismatch' | 'expired' | 'not-yet-valid';

/** Thrown by {@link verifyVodUpload}. */
export class VodSignatureError extends Error {
  constructor(
    readonly reason: VodSignatureFailure,
    message: string,
  ) {
    super(message);
  }
}

const B64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes a signature; throws `malformed` for anything that is not base64(20-byte MAC ‖ query string). */
export function decodeVodSignature(signature: unknown): DecodedVodSignature {
  if (typeof signature !== 'string' || signature === '') throw new VodSignatureError('malformed', 'signature is missing');
  // Standard base64 only (Node would silently skip stray characters): a strict round trip.
  const compact = signature.replace(/\s+/g, '');
  if (!B64_RE.test(compact) || compact.length % 4 === 1) throw new VodSignatureError('malformed', 'signature is not base64');
  const raw = Buffer.from(compact, 'base64');
  if (raw.toString('base64').replace(/=+$/, '') !== compact.replace(/=+$/, ''))
    throw new VodSignatureError('malformed', 'signature is not base64');
  if (raw.length <= MAC_BYTES) throw new VodSignatureError('malformed', 'signature is too short');
  const mac = raw.subarray(0, MAC_BYTES);
  const originalBytes = raw.subarray(MAC_BYTES);
  const original = originalBytes.toString('utf8');
  if (!Buffer.from(original, 'utf8').equals(originalBytes)) throw new VodSignatureError('malformed', 'signature text is not UTF-8');
  const params: Record<string, string> = {};
  for (const part of original.split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new VodSignatureError('malformed', `signature param "${part}" is not name=value`);
    let k: string;
    let v: string;
    try {
      k = decodeURIComponent(part.slice(0, eq));
      v = decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      throw new VodSignatureError('malformed', `signature param "${part}" has bad percent-encoding`);
    }
    if (!(k in params)) params[k] = v;
  }
  return { mac, original, params };
}

/** Options of {@link verifyVodUpload}. */
export interface VerifyVodUploadOptions {
  /** SecretKey of a SecretId (undefined = unknown id). */
  resolveSecretKey(secretId: string): string | undefined;
  /** Server time in epoch seconds. */
  nowSeconds: number;
  /** Seconds `currentTimeStamp` may lie in the future (default 300). */
  futureSlackSeconds?: number;
}

/** Integer param check: digits only, as the doc's Unix timestamps are. */
function intParam(params: Record<string, string>, name: string): number {
  const v = params[name];
  if (v === undefined) throw new VodSignatureError('malformed', `signature has no ${name}`);
  if (!/^\d{1,12}$/.test(v)) throw new VodSignatureError('malformed', `signature ${name} "${v}" is not a Unix time`);
  return Number(v);
}

/** Verifies a client upload signature; returns its params, throws {@link VodSignatureError}. */
export function verifyVodUpload(signature: unknown, o: VerifyVodUploadOptions): DecodedVodSignature {
  const d = decodeVodSignature(signature);
  const secretId = d.params.secretId;
  if (!secretId) throw new VodSignatureError('malformed', 'signature has no secretId');
  const current = intParam(d.params, 'currentTimeStamp');
  const expire = intParam(d.params, 'expireTime');
  if (d.params.random !== undefined && !/^\d{1,10}$/.test(d.params.random))
    throw new VodSignatureError('malformed', 'signature random is not a number');
  const secretKey = o.resolveSecretKey(secretId);
  if (secretKey === undefined) throw new VodSignatureError('unknown-secret-id', `unknown secretId ${secretId}`);
  const expected = createHmac('sha1', secretKey).update(d.original, 'utf8').digest();
  if (!timingSafeEqual(expected, d.mac)) throw new VodSignatureError('mismatch', 'signature does not match');
  if (expire <= current) throw new VodSignatureError('malformed', 'signature expireTime is not after currentTimeStamp');
  if (current > o.nowSeconds + (o.futureSlackSeconds ?? 300)) throw new VodSignatureError('not-yet-valid', 'signature is from the future');
  if (o.nowSeconds >= expire) throw new VodSignatureError('expired', 'signature expired');
  return d;
}
