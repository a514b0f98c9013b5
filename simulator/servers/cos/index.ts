/**
 * A Tencent COS-compatible object store for the simulator: the XML API as
 * cos-wx-sdk-v5 speaks it (research cos-vod-protocol.md §2), q-sign signature
 * verification (§3.2), STS tokens from the shared credential authority, and
 * objects on disk with atomic commits (see store.ts).
 *
 * Addressing. The bucket comes from the virtual host
 * `<bucket>-<appid>.cos.<region>.myqcloud.com` (any region label, the
 * accelerate host and the legacy regions without `cos.`), from a
 * `Vod-Forward-Cos` header (VOD's forwarded COS traffic), or, on any other host
 * (the SDK's `Domain` option on a plain `host:port`), from the first host label
 * when it has the `<name>-<appid>` form, else `options.defaultBucket`.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isHeaderSafe } from '../header-value';
import { readLimitedBody } from '../body';
import * as path from 'node:path';
import { lazyObject, tempDirPath } from '../../temp-dirs';
import type { Transform } from 'node:stream';
import {
  AuthorizationFormatError,
  camSafeUrlEncode,
  createCredentialAuthority,
  parseAuthorization,
  signaturesEqual,
  signPolicy,
  verifyParsedSignature,
  type CosAccount,
  type CredentialAuthority,
  type ResolvedKey,
} from '../../signing';
import type { LocalServer } from '../types';
import { CosFaults, type CosOperation } from '../object-kit/faults';
import {
  applyFaults,
  createResponder,
  headerValue,
  intQuery,
  newCtx,
  parseTarget,
  pipeFile,
  queryMap,
  serve,
  setPermissiveCors,
  xmlParser,
} from '../object-kit/http';
import { parseCompleteBody } from '../object-kit/multipart';
import { answerPostForm, policyField, receivePostForm } from '../object-kit/post-form';
import { CosError, malformedXml, type CosKit, type CosLogEntry, type Ctx } from './context';
import { getBucketAcl, getObjectAcl, objectAcl, publicRead, putBucketAcl, putObjectAcl, type Acl } from './acl';
import { putObjectCopy, uploadPartCopy } from './copy';
import { actualCorsHeaders, corsOf, deleteBucketCors, getBucketCors, preflight, putBucketCors } from './cors';
import { deleteMultiple } from './delete-multiple';
import {
  deleteBucketTagging,
  deleteObjectTagging,
  getBucketTagging,
  getObjectTagging,
  putBucketTagging,
  putObjectTagging,
  taggingCount,
  tagsFromHeader,
} from './tagging';
import { listVersions } from './versions';
import { CosStore, StoreError, type ObjectRecord, type StoredHeaders } from '../object-kit/store';
import { Throttle, TRAFFIC_LIMIT_MAX, TRAFFIC_LIMIT_MIN } from './throttle';

export { CosFaults, COS_OPERATIONS, type CosOperation, type FailOptions } from '../object-kit/faults';
export { CosStore, type ObjectRecord, type PartRecord, type UploadRecord } from '../object-kit/store';
export { CosError, type CosLogEntry } from './context';

/** Legacy regions whose hosts have no `cos.` label (`<bucket>.<region>.myqcloud.com`). */
export const COS_LEGACY_REGIONS: readonly string[] = ['cn-south', 'cn-south-2', 'cn-north', 'cn-east', 'cn-southwest', 'sg'];

/** Host patterns the COS server answers for (one `*` = one DNS label). */
export const COS_HOSTS: readonly string[] = [
  '*.cos.*.myqcloud.com',
  '*.cos.accelerate.myqcloud.com',
  ...COS_LEGACY_REGIONS.map((r) => `*.${r}.myqcloud.com`),
];

/** Options of {@link createCosServer}. */
export interface CosServerOptions {
  /**
   * The simulator's data dir; objects live under `<dataDir>/cos`. Default: a
   * fresh temp dir, removed by `close()`.
   */
  dataDir?: string;
  /** Milliseconds clock (default `Date.now`): signature windows, `Date`, Last-Modified. */
  clock?: () => number;
  /** Shared credential authority (default: a new one over `accounts`). */
  authority?: CredentialAuthority;
  /** Accounts when no authority is given (default: the documented default account). */
  accounts?: CosAccount[];
  /** Strict mode: buckets must be created (PUT Bucket or `createBucket`) before use. Default false. */
  strictBuckets?: boolean;
  /** Bucket for requests on a host that names none (plain `host:port`). Default `mpsim-<default appid>`. */
  defaultBucket?: string;
  /** Seconds a `q-sign-time` start may lie in the future before `RequestTimeTooSkewed` (default 1). */
  clockSkewSlackSeconds?: number;
  /** Smallest non-last part Complete accepts (default 1 MiB). */
  minPartSize?: number;
  /**
   * Refuse signatures whose `q-header-list` lacks `host`. Default false, as real COS:
   * cos-wx-sdk-v5 before 1.1.2 and with `ForceSignHost: false` never sign host, and
   * Tencent's own SDK tests expect 200 for such URLs. On: the stricter check.
   */
  requireSignedHost?: boolean;
  /** Extra host patterns to answer for (e.g. a test's own domain). */
  extraHosts?: string[];
}

/** The COS server. */
export interface CosServer extends LocalServer {
  readonly faults: CosFaults;
  readonly authority: CredentialAuthority;
  /** The authority's accounts (first = default). */
  readonly accounts: CosAccount[];
  readonly store: CosStore;
  /** Root of this server's files (`<dataDir>/cos`). */
  readonly root: string;
  readonly clock: () => number;
  /** The last 1000 requests, oldest first. */
  readonly log: CosLogEntry[];
  /** Creates a bucket (strict mode). Name `<name>-<appid>`. */
  createBucket(bucket: string): void;
}

/**
 * COS sub-resources (query names, lower-cased) this server does not implement — the
 * bucket and object APIs of the COS reference besides List/Head/Put/Get/Delete,
 * multipart, POST and APPEND. Other unknown query parameters are ignored, as COS does.
 */
const UNSUPPORTED_SUBRESOURCES: ReadonlySet<string> = new Set([
  'lifecycle',
  'policy',
  'website',
  'referer',
  'versioning',
  'versionid',
  'replication',
  'logging',
  'inventory',
  'restore',
  'select',
  'select-type',
  'domain',
  'encryption',
  'intelligenttiering',
  'object-lock',
  'retention',
  'legal-hold',
  'origin',
  'accelerate',
  'notification',
  'requestpayment',
  'location',
  'torrent',
  'symlink',
  'rename',
  'uploads-meta',
  'ci-process',
  'image_process',
  'workflow',
  'guetzli',
]);

// attributes (`@_` keys) only for the ACL's Grantee xsi:type
const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, ignoreAttributes: false });

/** Headers the SDK must be able to read in a browser-like client (COS `expose-headers`). */
const EXPOSE_HEADERS = [
  'ETag',
  'Content-Length',
  'Content-Type',
  'Content-Range',
  'Date',
  'Last-Modified',
  'x-cos-request-id',
  'x-cos-object-type',
  'x-cos-next-append-position',
  'x-cos-storage-class',
  'x-cos-version-id',
  'x-cos-delete-marker',
  'x-cos-hash-crc64ecma',
].join(', ');

const BUCKET_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?-(\d+)$/;
const STORAGE_CLASSES = new Set([
  'STANDARD',
  'STANDARD_IA',
  'ARCHIVE',
  'DEEP_ARCHIVE',
  'INTELLIGENT_TIERING',
  'MAZ_STANDARD',
  'MAZ_STANDARD_IA',
  'MAZ_INTELLIGENT_TIERING',
]);
const ACLS = new Set(['private', 'public-read', 'public-read-write', 'default']);
/** Request headers kept as object metadata (besides `x-cos-meta-*`). */
const STORED_HEADERS = [
  'content-type',
  'content-disposition',
  'content-encoding',
  'content-language',
  'cache-control',
  'expires',
  'x-cos-acl',
  'x-cos-grant-read',
  'x-cos-grant-read-acp',
  'x-cos-grant-write-acp',
  'x-cos-grant-full-control',
  'x-cos-tagging',
];
/** Stored headers echoed back on HEAD/GET. */
const ECHOED_HEADERS = ['content-type', 'content-disposition', 'content-encoding', 'content-language', 'cache-control', 'expires'];
const OWNER = { ID: 'qcs::cam::uin/100000000001:uin/100000000001', DisplayName: '100000000001' };
const MIB = 1024 * 1024;

function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** The bucket named by a host, when its first label is `<name>-<appid>`. */
function bucketFromHost(host: string): string | undefined {
  const h = host.toLowerCase().replace(/:\d+$/, '');
  const dot = h.indexOf('.');
  const first = dot < 0 ? h : h.slice(0, dot);
  return BUCKET_RE.test(first) ? first : undefined;
}

/** Creates the COS server. */
export function createCosServer(options: CosServerOptions = {}): CosServer {
  const clock = options.clock ?? options.authority?.clock ?? Date.now;
  const authority = options.authority ?? createCredentialAuthority({ accounts: options.accounts, clock });
  const ownTemp = options.dataDir === undefined;
  // An own temp dir is only made when the store is first used (simulator/temp-dirs.ts).
  const dataDir = options.dataDir ?? tempDirPath('cos');
  const root = path.join(dataDir, 'cos');
  const store = ownTemp ? lazyObject(() => new CosStore(root, clock)) : new CosStore(root, clock);
  const faults = new CosFaults(() => authority.expireAllSts());
  const slack = options.clockSkewSlackSeconds ?? 1;
  const minPartSize = options.minPartSize ?? MIB;
  const requireSignedHost = options.requireSignedHost ?? false;
  const defaultBucket = options.defaultBucket ?? `mpsim-${authority.defaultAccount.appid}`;
  const log: CosLogEntry[] = [];
  // The helpers operation files (copy.ts, acl.ts, ...) use; functions are hoisted.
  const kit: CosKit = {
    get store() {
      return store;
    },
    clock,
    owner: OWNER,
    sendXml: (ctx, status, body, headers) => sendXml(ctx, status, body, headers),
    sendEmpty: (ctx, status, headers) => sendEmpty(ctx, status, headers),
    headerValue: (ctx, name) => headerValue(ctx.req, name),
    readXml: (ctx, limit) => readXml(ctx, limit),
    metaFromRequest: (ctx) => metaFromRequest(ctx),
    validateStorageClass: (v) => validateStorageClass(v),
    contentMd5: (ctx) => contentMd5(ctx),
    checkKey: (ctx) => checkKey(ctx),
    intParam: (ctx, name, def, min, max) => intParam(ctx, name, def, min, max),
    encodeFn: (ctx) => encodeFn(ctx),
    requireObject(bucket, key) {
      const rec = store.head(bucket, key);
      if (!rec) throw new CosError(404, 'NoSuchKey', 'The specified key does not exist.');
      return rec;
    },
    requireOwnBucket(bucket, appid) {
      const m = BUCKET_RE.exec(bucket);
      if (!m) throw new CosError(400, 'InvalidBucketName', 'The specified bucket is not valid.');
      if (m[1] !== appid) throw new CosError(403, 'AccessDenied', 'Access Denied.');
      if (!store.hasBucket(bucket)) throw new CosError(404, 'NoSuchBucket', 'The specified bucket does not exist.');
    },
    isoTime,
  };

  function setBase(ctx: Ctx): void {
    const { res } = ctx;
    res.setHeader('x-cos-request-id', ctx.requestId);
    res.setHeader('Date', new Date(ctx.serverTime ?? clock()).toUTCString());
    res.setHeader('Server', 'tencent-cos');
    const cors = corsOf(kit, ctx.bucket);
    if (cors) {
      for (const [k, v] of Object.entries(actualCorsHeaders(cors, headerValue(ctx.req, 'origin'), ctx.method))) res.setHeader(k, v);
      return;
    }
    setPermissiveCors(ctx, EXPOSE_HEADERS);
  }

  const responder = createResponder<Ctx>({ builder, setBase });
  const { sendXml, sendEmpty } = responder;

  function sendError(ctx: Ctx, e: CosError): void {
    if (!responder.beginError(ctx, e.code)) return;
    if (e.serverTime !== undefined) ctx.serverTime = e.serverTime;
    const err: Record<string, unknown> = {
      Code: e.code,
      Message: e.message,
      Resource: `${ctx.signHost}/${ctx.key}`,
      RequestId: ctx.requestId,
      TraceId: randomBytes(24).toString('base64'),
    };
    if (e.code === 'RequestTimeTooSkewed' || e.message === 'Request has expired') {
      err.ServerTime = isoTime(ctx.serverTime ?? clock());
    }
    sendXml(ctx, e.status, { Error: err });
  }

  function toCosError(e: unknown): CosError {
    if (e instanceof CosError) return e;
    if (e instanceof StoreError) return new CosError(e.status, e.code, e.message);
    return new CosError(500, 'InternalError', `We encountered an internal error: ${(e as Error)?.message ?? String(e)}`);
  }

  // ------------------------------------------------------------------ auth

  /** Verifies one q-sign Authorization (header, form Signature or query) and returns the key. */
  function verifySignature(
    ctx: Ctx,
    auth: string | undefined,
    token: string | undefined,
    pathname: string,
    extraHeader?: (name: string) => string | undefined,
  ): ResolvedKey {
    if (auth === undefined || auth === '') throw new CosError(403, 'AccessDenied', 'Access Denied.');
    let parsed;
    try {
      parsed = parseAuthorization(auth);
    } catch (e) {
      if (e instanceof AuthorizationFormatError) throw new CosError(403, 'AccessDenied', `Authorization is malformed: ${e.message}.`);
      throw e;
    }
    const key = authority.resolve(parsed.secretId);
    if (!key) throw new CosError(403, 'InvalidAccessKeyId', 'The Access Key Id you provided does not exist in our records.');
    checkToken(key, token);
    checkWindow(parsed.signTime, parsed.keyTime);
    if (requireSignedHost && !parsed.headerList.includes('host')) {
      throw new CosError(403, 'AccessDenied', 'The host header must be signed (q-header-list has no host).');
    }
    const r = verifyParsedSignature(parsed, key.secretKey, {
      method: ctx.method,
      pathname,
      lookupParam(name) {
        const hit = ctx.query.find((p) => camSafeUrlEncode(p.name).toLowerCase() === name);
        return hit && { name: hit.name, value: hit.value };
      },
      lookupHeader(name) {
        if (name === 'host') return ctx.signHost;
        return headerValue(ctx.req, name) ?? extraHeader?.(name);
      },
    });
    if (!r.ok) {
      throw new CosError(
        403,
        'SignatureDoesNotMatch',
        `The request signature we calculated does not match the signature you provided. Check your key and signing method. (${r.reason})`,
      );
    }
    return key;
  }

  function checkToken(key: ResolvedKey, token: string | undefined): void {
    if (key.sessionToken === undefined) return;
    if (token === undefined || !signaturesEqual(token, key.sessionToken)) {
      throw new CosError(403, 'AccessDenied', 'The x-cos-security-token is missing or does not belong to this temporary SecretId.');
    }
    // UNCONFIRMED code: real COS answers an expired temporary key with a 403; we use ExpiredToken.
    if (key.expiredTime !== undefined && Math.floor(clock() / 1000) > key.expiredTime) {
      throw new CosError(403, 'ExpiredToken', 'The provided token has expired.');
    }
  }

  function checkWindow(sign: [number, number], keyT: [number, number]): void {
    const now = Math.floor(clock() / 1000);
    if (sign[0] > sign[1] || keyT[0] > keyT[1]) throw new CosError(403, 'AccessDenied', 'Authorization time window is reversed.');
    if (sign[0] < keyT[0] || sign[1] > keyT[1]) throw new CosError(403, 'AccessDenied', 'q-sign-time is not inside q-key-time.');
    if (sign[0] > now + slack || keyT[0] > now + slack) {
      throw new CosError(403, 'RequestTimeTooSkewed', "The difference between the request time and the server's time is too large.");
    }
    if (sign[1] < now || keyT[1] < now) throw new CosError(403, 'AccessDenied', 'Request has expired');
  }

  /** Authenticates a non-form request: Authorization header, or a presigned URL. */
  function authenticate(ctx: Ctx): ResolvedKey {
    let auth = headerValue(ctx.req, 'authorization');
    if (auth === undefined) {
      const sign = ctx.q.get('sign');
      if (sign !== undefined) auth = sign;
      else if (ctx.q.has('q-sign-algorithm')) {
        auth = ['q-sign-algorithm', 'q-ak', 'q-sign-time', 'q-key-time', 'q-header-list', 'q-url-param-list', 'q-signature']
          .filter((n) => ctx.q.has(n))
          .map((n) => `${n}=${ctx.q.get(n)}`)
          .join('&');
      }
    }
    const token = headerValue(ctx.req, 'x-cos-security-token') ?? ctx.q.get('x-cos-security-token');
    return verifySignature(ctx, auth, token, '/' + ctx.key);
  }

  /** The authenticated account must own the bucket; the bucket must exist (or is created on first use). */
  function authorizeBucket(ctx: Ctx, key: ResolvedKey, create = true): void {
    const m = BUCKET_RE.exec(ctx.bucket);
    if (!m) throw new CosError(400, 'InvalidBucketName', 'The specified bucket is not valid.');
    if (m[1] !== key.account.appid) throw new CosError(403, 'AccessDenied', 'Access Denied.');
    if (!store.hasBucket(ctx.bucket)) {
      if (options.strictBuckets || !create) throw new CosError(404, 'NoSuchBucket', 'The specified bucket does not exist.');
      store.createBucket(ctx.bucket);
    }
  }

  // ------------------------------------------------------------------ helpers

  function objectMeta(get: (name: string) => string | undefined): { headers: StoredHeaders; storageClass: string } {
    const headers: StoredHeaders = {};
    for (const n of STORED_HEADERS) {
      const v = get(n);
      if (v !== undefined && v !== '') headers[n] = v;
    }
    return { headers, storageClass: validateStorageClass(get('x-cos-storage-class')) };
  }

  function validateStorageClass(v: string | undefined): string {
    if (v === undefined || v === '') return 'STANDARD';
    const u = v.toUpperCase();
    if (!STORAGE_CLASSES.has(u)) throw new CosError(400, 'InvalidArgument', `Invalid storage class "${v}".`);
    return u;
  }

  function metaFromRequest(ctx: Ctx): { headers: StoredHeaders; storageClass: string } {
    const meta = objectMeta((n) => headerValue(ctx.req, n));
    for (const [k, v] of Object.entries(ctx.req.headers)) {
      if (k.startsWith('x-cos-meta-') && v !== undefined) meta.headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    validateMeta(meta.headers);
    return meta;
  }

  function validateMeta(h: StoredHeaders): void {
    const acl = h['x-cos-acl'];
    if (acl !== undefined && !ACLS.has(acl)) throw new CosError(400, 'InvalidArgument', `Invalid x-cos-acl "${acl}".`);
    if (h['content-type'] === undefined) h['content-type'] = 'application/octet-stream';
    if (h['x-cos-tagging'] !== undefined) tagsFromHeader(h['x-cos-tagging']);
    let metaSize = 0;
    for (const [k, v] of Object.entries(h)) if (k.startsWith('x-cos-meta-')) metaSize += k.length + v.length;
    if (metaSize > 2048)
      throw new CosError(400, 'MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size (2 KB).');
  }

  /** `x-cos-traffic-limit` from the header, or the query (presigned URLs carry it there). */
  function trafficLimit(ctx: Ctx): string | undefined {
    return headerValue(ctx.req, 'x-cos-traffic-limit') ?? ctx.q.get('x-cos-traffic-limit');
  }

  function throttleFor(value: string | undefined): Transform[] {
    if (value === undefined) return [];
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < TRAFFIC_LIMIT_MIN || n > TRAFFIC_LIMIT_MAX) {
      throw new CosError(
        400,
        'InvalidArgument',
        `x-cos-traffic-limit must be an integer in [${TRAFFIC_LIMIT_MIN}, ${TRAFFIC_LIMIT_MAX}] bit/s.`,
      );
    }
    return [new Throttle(n)];
  }

  function contentMd5(ctx: Ctx): string | undefined {
    const v = headerValue(ctx.req, 'content-md5');
    if (v === undefined) return undefined;
    if (Buffer.from(v, 'base64').length !== 16 || !/^[A-Za-z0-9+/]{22}==$/.test(v)) {
      throw new CosError(400, 'InvalidDigest', 'The Content-MD5 you specified is not valid.');
    }
    return v;
  }

  function checkKey(ctx: Ctx): void {
    if (Buffer.byteLength(ctx.key) > 850) throw new CosError(400, 'KeyTooLong', 'Your key is too long.');
  }

  function intParam(ctx: Ctx, name: string, def: number, min: number, max: number): number {
    return intQuery(
      ctx.q,
      name,
      def,
      min,
      max,
      () => new CosError(400, 'InvalidArgument', `${name} must be an integer in [${min}, ${max}].`),
    );
  }

  function encodeFn(ctx: Ctx): (s: string) => string {
    const enc = ctx.q.get('encoding-type');
    if (enc !== undefined && enc !== 'url') throw new CosError(400, 'InvalidArgument', 'encoding-type must be url.');
    return enc === 'url' ? (s) => camSafeUrlEncode(s).replace(/%2F/g, '/') : (s) => s;
  }

  function objectHeaders(rec: ObjectRecord): Record<string, string | number> {
    const h: Record<string, string | number> = {
      ETag: rec.etag,
      'Last-Modified': new Date(rec.lastModified).toUTCString(),
      'Accept-Ranges': 'bytes',
      'x-cos-object-type': rec.type,
    };
    if (rec.storageClass !== 'STANDARD') h['x-cos-storage-class'] = rec.storageClass;
    if (rec.type === 'appendable') h['x-cos-next-append-position'] = rec.size;
    for (const n of ECHOED_HEADERS) if (rec.headers[n] !== undefined) h[n] = rec.headers[n]!;
    for (const [k, v] of Object.entries(rec.headers)) if (k.startsWith('x-cos-meta-')) h[k] = v;
    const tags = taggingCount(rec.headers);
    if (tags !== undefined) h['x-cos-tagging-count'] = tags;
    return h;
  }

  /** Conditional GET/HEAD: returns 304/412 as a thrown error or undefined. */
  function preconditions(ctx: Ctx, rec: ObjectRecord): number | undefined {
    const unq = (s: string) => s.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    const etag = unq(rec.etag);
    const lm = Math.floor(rec.lastModified / 1000) * 1000;
    const ifMatch = headerValue(ctx.req, 'if-match');
    if (ifMatch !== undefined && !ifMatch.split(',').some((t) => t.trim() === '*' || unq(t) === etag)) return 412;
    const ius = headerValue(ctx.req, 'if-unmodified-since');
    if (ifMatch === undefined && ius !== undefined && !Number.isNaN(Date.parse(ius)) && lm > Date.parse(ius)) return 412;
    const inm = headerValue(ctx.req, 'if-none-match');
    if (inm !== undefined && inm.split(',').some((t) => t.trim() === '*' || unq(t) === etag)) return 304;
    const ims = headerValue(ctx.req, 'if-modified-since');
    if (inm === undefined && ims !== undefined && !Number.isNaN(Date.parse(ims)) && lm <= Date.parse(ims)) return 304;
    return undefined;
  }

  // ------------------------------------------------------------------ operations

  async function putObject(ctx: Ctx): Promise<void> {
    checkKey(ctx);
    const meta = metaFromRequest(ctx);
    const through = throttleFor(trafficLimit(ctx));
    const rec = await store.put(ctx.bucket, ctx.key, ctx.req, meta, { contentMd5: contentMd5(ctx), through });
    sendEmpty(ctx, 200, { ETag: rec.etag });
  }

  async function appendObject(ctx: Ctx): Promise<void> {
    checkKey(ctx);
    const pos = ctx.q.get('position');
    if (pos === undefined || !/^\d+$/.test(pos)) throw new CosError(400, 'InvalidArgument', 'position must be a non-negative integer.');
    const meta = metaFromRequest(ctx);
    const through = throttleFor(trafficLimit(ctx));
    const rec = await store.append(ctx.bucket, ctx.key, Number(pos), ctx.req, meta, { contentMd5: contentMd5(ctx), through });
    sendEmpty(ctx, 200, { ETag: rec.etag, 'x-cos-next-append-position': rec.size });
  }

  function headObject(ctx: Ctx): void {
    const rec = store.head(ctx.bucket, ctx.key);
    if (!rec) throw new CosError(404, 'NoSuchKey', 'The specified key does not exist.');
    const pc = preconditions(ctx, rec);
    if (pc === 412) throw new CosError(412, 'PreconditionFailed', 'At least one of the preconditions you specified did not hold.');
    if (pc === 304) return sendEmpty(ctx, 304, { ETag: rec.etag });
    responder.sendHead(ctx, objectHeaders(rec), rec.size);
  }

  function getObject(ctx: Ctx): void {
    const rec = store.head(ctx.bucket, ctx.key);
    if (!rec) throw new CosError(404, 'NoSuchKey', 'The specified key does not exist.');
    const pc = preconditions(ctx, rec);
    if (pc === 412) throw new CosError(412, 'PreconditionFailed', 'At least one of the preconditions you specified did not hold.');
    if (pc === 304) return sendEmpty(ctx, 304, { ETag: rec.etag });
    const through = throttleFor(trafficLimit(ctx));
    let start = 0;
    let end = rec.size - 1;
    let status = 200;
    const range = headerValue(ctx.req, 'range');
    if (range !== undefined) {
      const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      if (m && (m[1] !== '' || m[2] !== '')) {
        if (m[1] === '') {
          const n = Number(m[2]);
          start = Math.max(0, rec.size - n);
          if (n === 0) throw new CosError(416, 'InvalidRange', 'The requested range is not satisfiable.');
        } else {
          start = Number(m[1]);
          if (m[2] !== '') end = Math.min(end, Number(m[2]));
          if (m[2] !== '' && Number(m[2]) < start) throw new CosError(416, 'InvalidRange', 'The requested range is not satisfiable.');
        }
        if (start >= rec.size) throw new CosError(416, 'InvalidRange', 'The requested range is not satisfiable.');
        status = 206;
      }
    }
    const overrides: Record<string, string> = {
      'response-content-type': 'Content-Type',
      'response-content-language': 'Content-Language',
      'response-expires': 'Expires',
      'response-cache-control': 'Cache-Control',
      'response-content-disposition': 'Content-Disposition',
      'response-content-encoding': 'Content-Encoding',
    };
    // Checked before the data file is opened: a value that cannot be a header (CR/LF,
    // beyond Latin-1) answers COS's 400 and no fd is ever taken for it.
    const overridden: Array<[string, string]> = [];
    for (const [q, h] of Object.entries(overrides)) {
      const v = ctx.q.get(q);
      if (v === undefined) continue;
      if (!isHeaderSafe(v)) throw new CosError(400, 'InvalidArgument', `The value of the ${q} parameter is not valid.`);
      overridden.push([h, v]);
    }
    // Open before answering: a DELETE or PUT that committed meanwhile removed these bytes (then: 404).
    let fd: number | undefined;
    if (rec.size > 0) {
      try {
        fd = fs.openSync(store.dataPath(ctx.bucket, rec), 'r');
      } catch {
        throw new CosError(404, 'NoSuchKey', 'The specified key does not exist.');
      }
    }
    const { res } = ctx;
    try {
      res.statusCode = status;
      setBase(ctx);
      for (const [k, v] of Object.entries(objectHeaders(rec))) res.setHeader(k, v);
      for (const [h, v] of overridden) res.setHeader(h, v);
    } catch (e) {
      // every error path between open and the stream closes the fd
      if (fd !== undefined) fs.closeSync(fd);
      throw e;
    }
    const length = rec.size === 0 ? 0 : end - start + 1;
    res.setHeader('Content-Length', length);
    if (status === 206) res.setHeader('Content-Range', `bytes ${start}-${end}/${rec.size}`);
    if (length === 0 || fd === undefined) {
      if (fd !== undefined) fs.closeSync(fd);
      res.end();
      return;
    }
    // A client that goes away must not leave the file open or a throttle timer running (pipeFile).
    pipeFile(res, fs.createReadStream('', { fd, start, end, autoClose: true }), through);
  }

  function deleteObject(ctx: Ctx): void {
    store.delete(ctx.bucket, ctx.key);
    sendEmpty(ctx, 204);
  }

  function getBucket(ctx: Ctx): void {
    const enc = encodeFn(ctx);
    const prefix = ctx.q.get('prefix') ?? '';
    const delimiter = ctx.q.get('delimiter') ?? '';
    const marker = ctx.q.get('marker') ?? '';
    const maxKeys = intParam(ctx, 'max-keys', 1000, 0, 1000);
    const contents: Record<string, unknown>[] = [];
    const prefixes: string[] = [];
    let truncated = false;
    let last = '';
    for (const rec of store.list(ctx.bucket)) {
      if (!rec.key.startsWith(prefix) || Buffer.compare(Buffer.from(rec.key), Buffer.from(marker)) <= 0) continue;
      let cp: string | undefined;
      if (delimiter) {
        const i = rec.key.indexOf(delimiter, prefix.length);
        if (i >= 0) cp = rec.key.slice(0, i + delimiter.length);
      }
      if (cp !== undefined && (prefixes.includes(cp) || Buffer.compare(Buffer.from(cp), Buffer.from(marker)) <= 0)) continue;
      if (contents.length + prefixes.length >= maxKeys) {
        truncated = true;
        break;
      }
      if (cp !== undefined) {
        prefixes.push(cp);
        last = cp;
      } else {
        contents.push({
          Key: enc(rec.key),
          LastModified: isoTime(rec.lastModified),
          ETag: rec.etag,
          Size: rec.size,
          Owner: OWNER,
          StorageClass: rec.storageClass,
        });
        last = rec.key;
      }
    }
    const body: Record<string, unknown> = { Name: ctx.bucket };
    if (ctx.q.has('encoding-type')) body.EncodingType = 'url';
    Object.assign(body, { Prefix: enc(prefix), Marker: enc(marker), MaxKeys: maxKeys });
    if (delimiter) body.Delimiter = enc(delimiter);
    // max-keys=0 lists nothing and is never truncated: a NextMarker-less "true" sends a
    // client that follows markers round the same empty page for ever.
    if (maxKeys === 0) truncated = false;
    body.IsTruncated = truncated ? 'true' : 'false';
    if (truncated) body.NextMarker = enc(last);
    if (contents.length) body.Contents = contents;
    if (prefixes.length) body.CommonPrefixes = prefixes.map((p) => ({ Prefix: enc(p) }));
    sendXml(ctx, 200, { ListBucketResult: body });
  }

  function listUploads(ctx: Ctx): void {
    const enc = encodeFn(ctx);
    const prefix = ctx.q.get('prefix') ?? '';
    const delimiter = ctx.q.get('delimiter') ?? '';
    const keyMarker = ctx.q.get('key-marker') ?? '';
    const idMarker = ctx.q.get('upload-id-marker') ?? '';
    const max = intParam(ctx, 'max-uploads', 1000, 1, 1000);
    const cmp = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
    const uploads: Record<string, unknown>[] = [];
    const prefixes: string[] = [];
    let truncated = false;
    let lastKey = '';
    let lastId = '';
    for (const up of store.uploads(ctx.bucket)) {
      if (!up.key.startsWith(prefix)) continue;
      if (keyMarker) {
        const c = cmp(up.key, keyMarker);
        if (c < 0 || (c === 0 && (!idMarker || up.uploadId <= idMarker))) continue;
      }
      let cp: string | undefined;
      if (delimiter) {
        const i = up.key.indexOf(delimiter, prefix.length);
        if (i >= 0) cp = up.key.slice(0, i + delimiter.length);
      }
      if (cp !== undefined && (prefixes.includes(cp) || (keyMarker && cmp(cp, keyMarker) <= 0))) continue;
      if (uploads.length + prefixes.length >= max) {
        truncated = true;
        break;
      }
      if (cp !== undefined) {
        prefixes.push(cp);
        lastKey = cp;
        lastId = '';
      } else {
        uploads.push({
          Key: enc(up.key),
          UploadId: up.uploadId,
          StorageClass: up.storageClass,
          Initiator: OWNER,
          Owner: OWNER,
          Initiated: isoTime(up.initiated),
        });
        lastKey = up.key;
        lastId = up.uploadId;
      }
    }
    const body: Record<string, unknown> = { Bucket: ctx.bucket };
    if (ctx.q.has('encoding-type')) body.EncodingType = 'url';
    Object.assign(body, {
      KeyMarker: enc(keyMarker),
      UploadIdMarker: idMarker,
      NextKeyMarker: truncated ? enc(lastKey) : '',
      NextUploadIdMarker: truncated ? lastId : '',
      MaxUploads: max,
      IsTruncated: truncated ? 'true' : 'false',
      Prefix: enc(prefix),
    });
    if (delimiter) body.Delimiter = enc(delimiter);
    if (uploads.length) body.Upload = uploads;
    if (prefixes.length) body.CommonPrefixes = prefixes.map((p) => ({ Prefix: enc(p) }));
    sendXml(ctx, 200, { ListMultipartUploadsResult: body });
  }

  function initiate(ctx: Ctx): void {
    checkKey(ctx);
    const up = store.initiate(ctx.bucket, ctx.key, metaFromRequest(ctx));
    if (!ctx.req.complete) ctx.req.resume();
    sendXml(ctx, 200, { InitiateMultipartUploadResult: { Bucket: ctx.bucket, Key: ctx.key, UploadId: up.uploadId } });
  }

  function partNumber(ctx: Ctx): number {
    const n = ctx.q.get('partnumber') ?? '';
    if (!/^\d+$/.test(n) || Number(n) < 1 || Number(n) > 10000) {
      throw new CosError(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive.');
    }
    return Number(n);
  }

  async function uploadPart(ctx: Ctx): Promise<void> {
    const n = partNumber(ctx);
    const uploadId = ctx.q.get('uploadid') ?? '';
    store.upload(ctx.bucket, ctx.key, uploadId);
    const through = throttleFor(trafficLimit(ctx));
    const part = await store.putPart(ctx.bucket, ctx.key, uploadId, n, ctx.req, { contentMd5: contentMd5(ctx), through });
    sendEmpty(ctx, 200, { ETag: part.etag });
  }

  function listParts(ctx: Ctx): void {
    const enc = encodeFn(ctx);
    const up = store.upload(ctx.bucket, ctx.key, ctx.q.get('uploadid') ?? '');
    const marker = intParam(ctx, 'part-number-marker', 0, 0, 10000);
    const max = intParam(ctx, 'max-parts', 1000, 1, 1000);
    const all = [...up.parts.values()].filter((p) => p.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
    const parts = all.slice(0, max);
    const truncated = all.length > max;
    const body: Record<string, unknown> = { Bucket: ctx.bucket };
    if (ctx.q.has('encoding-type')) body.EncodingType = 'url';
    Object.assign(body, {
      Key: enc(up.key),
      UploadId: up.uploadId,
      Initiator: OWNER,
      Owner: OWNER,
      PartNumberMarker: marker,
      NextPartNumberMarker: parts.length ? parts[parts.length - 1]!.partNumber : marker,
      StorageClass: up.storageClass,
      MaxParts: max,
      IsTruncated: truncated ? 'true' : 'false',
    });
    if (parts.length) {
      body.Part = parts.map((p) => ({ PartNumber: p.partNumber, LastModified: isoTime(p.lastModified), ETag: p.etag, Size: p.size }));
    }
    sendXml(ctx, 200, { ListPartsResult: body });
  }

  async function readSmallBody(ctx: Ctx, limit: number): Promise<Buffer> {
    return readLimitedBody(ctx.req, limit, () => new CosError(400, 'EntityTooLarge', 'The request body is too large.'));
  }

  async function complete(ctx: Ctx): Promise<void> {
    const uploadId = ctx.q.get('uploadid') ?? '';
    store.upload(ctx.bucket, ctx.key, uploadId);
    const md5 = contentMd5(ctx);
    const body = await readSmallBody(ctx, 4 * MIB);
    const list = parseCompleteBody(body, md5, {
      malformed: () => malformedXml(),
      badDigest: () => new CosError(400, 'BadDigest', 'The Content-MD5 you specified did not match what was received.'),
    });
    const rec = await store.complete(ctx.bucket, ctx.key, uploadId, list, minPartSize);
    sendXml(ctx, 200, {
      CompleteMultipartUploadResult: {
        Location: `${ctx.signHost}/${camSafeUrlEncode(ctx.key).replace(/%2F/g, '/')}`,
        Bucket: ctx.bucket,
        Key: ctx.key,
        ETag: rec.etag,
      },
    });
  }

  function abort(ctx: Ctx): void {
    store.abort(ctx.bucket, ctx.key, ctx.q.get('uploadid') ?? '');
    sendEmpty(ctx, 204);
  }

  // ------------------------------------------------------------------ POST Object (form)

  function postObject(ctx: Ctx): Promise<void> {
    const malformed = (e: unknown) =>
      new CosError(
        400,
        'MalformedPOSTRequest',
        `The body of your POST request is not well-formed multipart/form-data: ${(e as Error).message}`,
      );
    return receivePostForm(ctx, {
      notForm: () => new CosError(400, 'InvalidArgument', 'POST Object needs a multipart/form-data body.'),
      malformed,
      missingFile: () => new CosError(400, 'InvalidArgument', 'POST Object needs a "file" form field (last in the form).'),
      fail: (e) => sendError(ctx, toCosError(e)),
      async receive(fields, _name, stream, info) {
        const key0 = fields.get('key');
        if (key0 === undefined || key0 === '')
          throw new CosError(400, 'InvalidArgument', 'POST Object needs a non-empty "key" form field.');
        ctx.key = key0.replace(/\$\{filename\}/g, info.filename ?? '');
        ctx.log.key = ctx.key;
        checkKey(ctx);
        const bounds: { minSize?: number; maxSize?: number } = {};
        let key: ResolvedKey;
        const token = fields.get('x-cos-security-token') ?? headerValue(ctx.req, 'x-cos-security-token');
        if (fields.has('policy')) key = verifyPolicy(ctx, fields, token, bounds);
        else {
          const auth = fields.get('signature') ?? headerValue(ctx.req, 'authorization');
          key = verifySignature(ctx, auth, token, '/', (n) => fields.get(n));
        }
        authorizeBucket(ctx, key);
        const meta = objectMeta((n) => (n === 'x-cos-acl' ? (fields.get('acl') ?? fields.get('x-cos-acl')) : fields.get(n)));
        for (const [k, v] of fields) if (k.startsWith('x-cos-meta-')) meta.headers[k] = v;
        if (meta.headers['content-type'] === undefined && info.mimeType && info.mimeType !== 'application/octet-stream') {
          meta.headers['content-type'] = info.mimeType;
        }
        validateMeta(meta.headers);
        const redirectTo = fields.get('success_action_redirect');
        // Header-bound: checked before the object is stored (a request always gets an answer).
        if (redirectTo !== undefined && !isHeaderSafe(redirectTo))
          throw new CosError(400, 'InvalidArgument', 'The success_action_redirect form field is not a valid URL.');
        const through = throttleFor(fields.get('x-cos-traffic-limit') ?? headerValue(ctx.req, 'x-cos-traffic-limit'));
        const rec = await store.put(ctx.bucket, ctx.key, stream, meta, { through, ...bounds });
        const location = `http://${ctx.signHost}/${camSafeUrlEncode(ctx.key).replace(/%2F/g, '/')}`;
        return () =>
          answerPostForm(responder, ctx, fields, {
            bucket: ctx.bucket,
            key: ctx.key,
            etag: rec.etag,
            location,
            headers: { ETag: rec.etag, Location: location },
          });
      },
    });
  }

  /** The documented policy form: `policy`, `q-sign-algorithm`, `q-ak`, `q-key-time`, `q-signature`. */
  function verifyPolicy(
    ctx: Ctx,
    f: Map<string, string>,
    token: string | undefined,
    bounds: { minSize?: number; maxSize?: number },
  ): ResolvedKey {
    const need = (n: string) => {
      const v = f.get(n);
      if (v === undefined || v === '') throw new CosError(403, 'AccessDenied', `POST policy form field "${n}" is missing.`);
      return v;
    };
    const policyB64 = need('policy');
    if (need('q-sign-algorithm') !== 'sha1') throw new CosError(403, 'AccessDenied', 'q-sign-algorithm must be sha1.');
    const ak = need('q-ak');
    const keyTime = need('q-key-time');
    const sig = need('q-signature');
    const m = /^(\d{1,12});(\d{1,12})$/.exec(keyTime);
    if (!m) throw new CosError(403, 'AccessDenied', 'q-key-time is malformed.');
    const key = authority.resolve(ak);
    if (!key) throw new CosError(403, 'InvalidAccessKeyId', 'The Access Key Id you provided does not exist in our records.');
    checkToken(key, token);
    const win: [number, number] = [Number(m[1]), Number(m[2])];
    checkWindow(win, win);
    const policyJson = Buffer.from(policyB64, 'base64').toString('utf8');
    if (!signaturesEqual(signPolicy(key.secretKey, keyTime, policyJson), sig)) {
      throw new CosError(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      );
    }
    let policy: { expiration?: unknown; conditions?: unknown };
    try {
      policy = JSON.parse(policyJson) as typeof policy;
    } catch {
      throw new CosError(400, 'InvalidPolicyDocument', 'The POST policy is not valid JSON.');
    }
    const exp = typeof policy.expiration === 'string' ? Date.parse(policy.expiration) : NaN;
    if (Number.isNaN(exp)) throw new CosError(400, 'InvalidPolicyDocument', 'The POST policy needs an ISO "expiration".');
    if (exp < clock()) throw new CosError(403, 'AccessDenied', 'Request has expired');
    const value = policyField(ctx.bucket, ctx.key, f);
    const failed = (what: string) => new CosError(403, 'AccessDenied', `Invalid according to Policy: Policy Condition failed: ${what}`);
    for (const c of Array.isArray(policy.conditions) ? policy.conditions : []) {
      if (Array.isArray(c)) {
        const [op, a, b] = c as unknown[];
        if (op === 'content-length-range') {
          bounds.minSize = Number(a);
          bounds.maxSize = Number(b);
        } else if (op === 'eq' && typeof a === 'string') {
          if (value(a) !== String(b)) throw failed(JSON.stringify(c));
        } else if (op === 'starts-with' && typeof a === 'string') {
          if (!(value(a) ?? '').startsWith(String(b))) throw failed(JSON.stringify(c));
        } else throw new CosError(400, 'InvalidPolicyDocument', `Unknown policy condition ${JSON.stringify(c)}.`);
      } else if (c && typeof c === 'object') {
        for (const [k, v] of Object.entries(c as Record<string, unknown>)) {
          if (value(k) !== String(v)) throw failed(JSON.stringify(c));
        }
      }
    }
    return key;
  }

  // ------------------------------------------------------------------ dispatch

  function route(method: string, key: string, q: Map<string, string>, copy: boolean): CosOperation | 'Unknown' {
    if (method === 'OPTIONS') return 'Options';
    const pick = (table: Record<string, CosOperation>): CosOperation | 'Unknown' => table[method] ?? 'Unknown';
    // sub-resources first: `PUT /key?acl` must never be taken for a PUT Object
    if (q.has('acl'))
      return key === '' ? pick({ GET: 'GetBucketAcl', PUT: 'PutBucketAcl' }) : pick({ GET: 'GetObjectAcl', PUT: 'PutObjectAcl' });
    if (q.has('tagging')) {
      return key === ''
        ? pick({ GET: 'GetBucketTagging', PUT: 'PutBucketTagging', DELETE: 'DeleteBucketTagging' })
        : pick({ GET: 'GetObjectTagging', PUT: 'PutObjectTagging', DELETE: 'DeleteObjectTagging' });
    }
    if (q.has('cors')) return key === '' ? pick({ GET: 'GetBucketCors', PUT: 'PutBucketCors', DELETE: 'DeleteBucketCors' }) : 'Unknown';
    if (q.has('versions')) return key === '' ? pick({ GET: 'GetBucketVersions' }) : 'Unknown';
    if (q.has('delete')) return key === '' ? pick({ POST: 'DeleteMultipleObjects' }) : 'Unknown';
    if (key === '') {
      if (method === 'GET') return q.has('uploads') ? 'ListMultipartUploads' : 'GetBucket';
      if (method === 'HEAD') return 'HeadBucket';
      if (method === 'PUT') return 'PutBucket';
      if (method === 'POST') return 'PostObject';
      return 'Unknown';
    }
    switch (method) {
      case 'PUT':
        if (q.has('partnumber') || q.has('uploadid')) return copy ? 'UploadPartCopy' : 'UploadPart';
        return copy ? 'PutObjectCopy' : 'PutObject';
      case 'POST':
        if (q.has('uploads')) return 'InitiateMultipartUpload';
        if (q.has('uploadid')) return 'CompleteMultipartUpload';
        if (q.has('append')) return 'AppendObject';
        return 'Unknown';
      case 'GET':
        return q.has('uploadid') ? 'ListParts' : 'GetObject';
      case 'HEAD':
        return 'HeadObject';
      case 'DELETE':
        return q.has('uploadid') ? 'AbortMultipartUpload' : 'DeleteObject';
      default:
        return 'Unknown';
    }
  }

  /** An unsigned GET/HEAD of an object that its ACL (or its bucket's) makes public-read. */
  function anonymousPublicRead(ctx: Ctx): boolean {
    if (ctx.op !== 'GetObject' && ctx.op !== 'HeadObject') return false;
    if (headerValue(ctx.req, 'authorization') !== undefined || ctx.q.has('sign') || ctx.q.has('q-sign-algorithm')) return false;
    if (!store.hasBucket(ctx.bucket)) return false;
    const rec = store.head(ctx.bucket, ctx.key);
    if (!rec) return false;
    const own = objectAcl(rec.headers);
    return own ? publicRead(own) : publicRead(store.bucketConfig(ctx.bucket, 'acl') as Acl | undefined);
  }

  /** The handler of every authenticated operation (each in its file or function above). */
  const operations: Partial<Record<CosOperation, (ctx: Ctx) => void | Promise<void>>> = {
    HeadBucket: (ctx) => sendEmpty(ctx, 200),
    PutObject: putObject,
    AppendObject: appendObject,
    HeadObject: headObject,
    GetObject: getObject,
    DeleteObject: deleteObject,
    GetBucket: getBucket,
    ListMultipartUploads: listUploads,
    InitiateMultipartUpload: initiate,
    UploadPart: uploadPart,
    ListParts: listParts,
    CompleteMultipartUpload: complete,
    AbortMultipartUpload: abort,
    PutObjectCopy: (ctx) => putObjectCopy(kit, ctx, headerValue(ctx.req, 'x-cos-copy-source')!),
    UploadPartCopy: (ctx) =>
      uploadPartCopy(kit, ctx, headerValue(ctx.req, 'x-cos-copy-source')!, partNumber(ctx), ctx.q.get('uploadid') ?? ''),
    DeleteMultipleObjects: (ctx) => deleteMultiple(kit, ctx),
    GetBucketVersions: (ctx) => listVersions(kit, ctx),
    GetBucketAcl: (ctx) => getBucketAcl(kit, ctx),
    PutBucketAcl: (ctx) => putBucketAcl(kit, ctx),
    GetObjectAcl: (ctx) => getObjectAcl(kit, ctx),
    PutObjectAcl: (ctx) => putObjectAcl(kit, ctx),
    GetBucketCors: (ctx) => getBucketCors(kit, ctx),
    PutBucketCors: (ctx) => putBucketCors(kit, ctx),
    DeleteBucketCors: (ctx) => deleteBucketCors(kit, ctx),
    GetBucketTagging: (ctx) => getBucketTagging(kit, ctx),
    PutBucketTagging: (ctx) => putBucketTagging(kit, ctx),
    DeleteBucketTagging: (ctx) => deleteBucketTagging(kit, ctx),
    GetObjectTagging: (ctx) => getObjectTagging(kit, ctx),
    PutObjectTagging: (ctx) => putObjectTagging(kit, ctx),
    DeleteObjectTagging: (ctx) => deleteObjectTagging(kit, ctx),
  };

  async function dispatch(ctx: Ctx): Promise<void> {
    const { req } = ctx;
    const target = parseTarget(req.url ?? '/', (status, code, message) => new CosError(status, code, message));
    ctx.key = target.key;
    ctx.rawQuery = target.rawQuery;
    ctx.query = target.query;
    ctx.q = queryMap(target.query, true);
    ctx.op = route(ctx.method, ctx.key, ctx.q, headerValue(req, 'x-cos-copy-source') !== undefined);
    // A sub-resource mpsim does not implement is never taken for a plain object or bucket
    // call (`PUT /key?acl` would empty the object): 501 NotImplemented, nothing changed.
    const unsupported = ctx.op === 'Options' ? undefined : [...ctx.q.keys()].find((k) => UNSUPPORTED_SUBRESOURCES.has(k));
    if (unsupported !== undefined) {
      ctx.log.op = ctx.op;
      throw new CosError(501, 'NotImplemented', `The ?${unsupported} sub-resource is not implemented by mpsim.`);
    }
    ctx.log.op = ctx.op;
    ctx.log.key = ctx.key;
    ctx.log.bucket = ctx.bucket;

    const go = await applyFaults(
      ctx,
      faults.take(ctx.op === 'Unknown' ? 'Options' : ctx.op),
      (a) => new CosError(a.status, a.code, a.message, a.serverTime),
    );
    if (!go) return;

    if (ctx.op === 'Options') {
      const cors = corsOf(kit, ctx.bucket);
      return cors ? preflight(kit, ctx, cors) : responder.sendDefaultPreflight(ctx);
    }
    if (ctx.op === 'Unknown') throw new CosError(405, 'MethodNotAllowed', `The specified method is not allowed against this resource.`);
    if (ctx.op === 'PostObject') return postObject(ctx);

    if (anonymousPublicRead(ctx)) return ctx.op === 'HeadObject' ? headObject(ctx) : getObject(ctx);
    const key = authenticate(ctx);
    ctx.appid = key.account.appid;
    if (ctx.op === 'PutBucket') {
      if (store.hasBucket(ctx.bucket))
        throw new CosError(
          409,
          'BucketAlreadyOwnedByYou',
          'Your previous request to create the named bucket succeeded and you already own it.',
        );
      const m = BUCKET_RE.exec(ctx.bucket);
      if (!m) throw new CosError(400, 'InvalidBucketName', 'The specified bucket is not valid.');
      if (m[1] !== key.account.appid) throw new CosError(403, 'AccessDenied', 'Access Denied.');
      store.createBucket(ctx.bucket);
      sendEmpty(ctx, 200);
      return;
    }
    // Default buckets exist on first use for every operation, HEAD Bucket included (strict mode: 404).
    authorizeBucket(ctx, key);
    return operations[ctx.op as CosOperation]?.(ctx);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const forward = headerValue(req, 'vod-forward-cos');
    const host = headerValue(req, 'host') ?? '';
    const signHost = forward ?? host;
    const bucket = bucketFromHost(signHost) ?? defaultBucket;
    const requestId = randomBytes(18).toString('base64').replace(/[+/=]/g, 'A');
    const entry: CosLogEntry = { op: 'Unknown', method: req.method ?? 'GET', url: req.url ?? '/', host: signHost, status: 0, requestId };
    const ctx: Ctx = { ...newCtx<CosOperation, CosLogEntry>(req, res, requestId, entry), signHost, bucket, rawQuery: '', query: [] };
    serve(
      res,
      entry,
      log,
      () => dispatch(ctx),
      (e) => sendError(ctx, toCosError(e)),
    );
  }

  async function readXml(ctx: Ctx, limit: number): Promise<Record<string, unknown>> {
    const md5 = contentMd5(ctx);
    const body = await readSmallBody(ctx, limit);
    if (md5 !== undefined && createHash('md5').update(body).digest('base64') !== md5) {
      throw new CosError(400, 'BadDigest', 'The Content-MD5 you specified did not match what was received.');
    }
    const textBody = body.toString('utf8').trim();
    if (textBody === '') return {};
    let doc: unknown;
    try {
      doc = xmlParser.parse(textBody, true);
    } catch {
      throw malformedXml();
    }
    if (!doc || typeof doc !== 'object') throw malformedXml();
    return doc as Record<string, unknown>;
  }

  return {
    name: 'cos',
    hosts: [...COS_HOSTS, ...(options.extraHosts ?? [])],
    handle,
    faults,
    authority,
    accounts: authority.accounts,
    store,
    root,
    clock,
    log,
    createBucket(bucket: string) {
      if (!BUCKET_RE.test(bucket)) throw new TypeError(`createBucket: "${bucket}" is not <name>-<appid>`);
      store.createBucket(bucket);
    },
    async close() {
      await store.settled();
      if (ownTemp) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
