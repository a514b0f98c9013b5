/**
 * Alibaba Cloud OSS signature V1, both directions (research aliyun-vod-oss.md
 * §3.2, §3.4): the header signature `Authorization: OSS <AccessKeyId>:<Signature>`
 * and the PostObject policy signature. The OSS server verifies with the same
 * functions a client (or test) signs with; tests also check them against an
 * independent reference.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Query parameters that are part of the CanonicalizedResource (OSS signs only
 * these "sub-resources"; any other query parameter is unsigned).
 */
export const OSS_SUB_RESOURCES: ReadonlySet<string> = new Set([
  'acl',
  'append',
  'bucketInfo',
  'cname',
  'comp',
  'cors',
  'delete',
  'endTime',
  'img',
  'lifecycle',
  'live',
  'location',
  'logging',
  'objectMeta',
  'partNumber',
  'position',
  'qos',
  'referer',
  'replication',
  'replicationLocation',
  'replicationProgress',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
  'restore',
  'security-token',
  'sequential',
  'startTime',
  'stat',
  'status',
  'style',
  'styleName',
  'symlink',
  'tagging',
  'udf',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'vod',
  'website',
  'x-oss-process',
]);

/** Header values by lower-cased name (first value wins; numbers stringified). */
function lowerHeaders(headers: Record<string, string | number | undefined>): Map<string, string> {
  const m = new Map<string, string>();
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    const n = k.toLowerCase();
    if (!m.has(n)) m.set(n, String(v));
  }
  return m;
}

/** Every `x-oss-*` header as `name:value\n`, names lower-cased, values trimmed, sorted by name. */
export function ossCanonicalizedHeaders(headers: Record<string, string | number | undefined>): string {
  const h = lowerHeaders(headers);
  return [...h.keys()]
    .filter((n) => n.startsWith('x-oss-'))
    .sort()
    .map((n) => `${n}:${h.get(n)!.trim()}\n`)
    .join('');
}

/**
 * `/<bucket>/<key>` (raw, unencoded key; `/<bucket>/` for bucket requests, `/`
 * without a bucket) plus `?` and the sorted sub-resources (`k` or `k=v`).
 */
export function ossCanonicalizedResource(
  bucket: string | undefined,
  key: string | undefined,
  query: Record<string, string | undefined | null> = {},
): string {
  let r = bucket ? `/${bucket}/${key ?? ''}` : '/';
  const subs = Object.keys(query)
    .filter((k) => OSS_SUB_RESOURCES.has(k) && query[k] !== undefined)
    .sort();
  if (subs.length > 0) r += '?' + subs.map((k) => (query[k] === '' || query[k] === null ? k : `${k}=${query[k]}`)).join('&');
  return r;
}

/** What the V1 header signature covers. */
export interface OssSignInput {
  method: string;
  bucket?: string;
  /** Raw object key (no leading slash); omit for bucket-level requests. */
  key?: string;
  /** Query parameters; only {@link OSS_SUB_RESOURCES} are signed. Value `''` → bare name. */
  query?: Record<string, string | undefined | null>;
  /** Request headers (any case). The date slot is `x-oss-date` when present, else `Date`. */
  headers: Record<string, string | number | undefined>;
}

/** `VERB\nContent-MD5\nContent-Type\nDate\n` + CanonicalizedOSSHeaders + CanonicalizedResource. */
export function ossStringToSign(i: OssSignInput): string {
  const h = lowerHeaders(i.headers);
  const date = h.get('x-oss-date') ?? h.get('date') ?? '';
  return [
    i.method.toUpperCase(),
    h.get('content-md5') ?? '',
    h.get('content-type') ?? '',
    date,
    ossCanonicalizedHeaders(i.headers) + ossCanonicalizedResource(i.bucket, i.key, i.query ?? {}),
  ].join('\n');
}

/** Base64 HMAC-SHA1 of `text` keyed with the AccessKeySecret. */
export function ossHmac(accessKeySecret: string, text: string): string {
  return createHmac('sha1', accessKeySecret).update(text, 'utf8').digest('base64');
}

/** The `Authorization` header value for a request. */
export function signOssRequest(i: OssSignInput & { accessKeyId: string; accessKeySecret: string }): string {
  return `OSS ${i.accessKeyId}:${ossHmac(i.accessKeySecret, ossStringToSign(i))}`;
}

/** Splits `OSS <id>:<signature>`; undefined when malformed. */
export function parseOssAuthorization(auth: string): { accessKeyId: string; signature: string } | undefined {
  const m = /^OSS ([^:\s]+):(\S+)$/.exec(auth.trim());
  return m ? { accessKeyId: m[1]!, signature: m[2]! } : undefined;
}

/** PostObject: `Signature = base64(hmac-sha1(AccessKeySecret, policyBase64))`. */
export function signOssPolicy(accessKeySecret: string, policyBase64: string): string {
  return ossHmac(accessKeySecret, policyBase64);
}

/** Constant-time string comparison (false on length mismatch). */
export function ossSignaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
