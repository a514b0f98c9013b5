/**
 * An Alibaba Cloud OSS data plane for the simulator (research
 * aliyun-vod-oss.md §3): PostObject form uploads with a V1 policy signature,
 * PutObject / Get / Head / Delete, multipart upload (Initiate, UploadPart,
 * Complete, Abort, ListParts) with the V1 header signature and
 * `x-oss-security-token`, OSS error XML, and objects on disk with atomic
 * commits. The on-disk store, the fault hooks and the HTTP framing (request
 * target, log, XML answers, POST forms, CompleteMultipartUpload) come from the
 * object kit it shares with the COS server (../object-kit/): the storage model and
 * the operation names are the same, only the wire protocol differs.
 *
 * Addressing: virtual host `<bucket>.oss-<region>.aliyuncs.com` (also
 * `-internal` and `oss-accelerate`); on any other host (a test's
 * `127.0.0.1:port`) the first label is the bucket when it is a valid bucket
 * name followed by more labels, else `options.defaultBucket`.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isHeaderSafe } from '../header-value';
import { readLimitedBody } from '../body';
import * as path from 'node:path';
import { lazyObject, tempDirPath } from '../../temp-dirs';
import { createAliyunAuthority, type AliyunAccount, type AliyunAuthority, type ResolvedAliyunKey } from '../../signing/oss-credentials';
import { ossSignaturesEqual, ossHmac, ossStringToSign, parseOssAuthorization, signOssPolicy } from '../../signing/oss';
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
  type ObjectLogEntry,
} from '../object-kit/http';
import { parseCompleteBody } from '../object-kit/multipart';
import { answerPostForm, policyField, receivePostForm } from '../object-kit/post-form';
import { CosStore, StoreError, type ObjectRecord, type StoredHeaders } from '../object-kit/store';
import type { LocalServer } from '../types';

/**
 * OSS regions whose endpoints get explicit host patterns. The network layer's
 * `*` matches whole DNS labels only, so `*.oss-*.aliyuncs.com` alone would
 * never match `oss-cn-shanghai`; each region's `oss-<region>` and
 * `oss-<region>-internal` label is listed (`extraRegions` adds more).
 */
export const OSS_REGIONS: readonly string[] = [
  'cn-hangzhou',
  'cn-shanghai',
  'cn-nanjing',
  'cn-fuzhou',
  'cn-wuhan-lr',
  'cn-qingdao',
  'cn-beijing',
  'cn-zhangjiakou',
  'cn-huhehaote',
  'cn-wulanchabu',
  'cn-shenzhen',
  'cn-heyuan',
  'cn-guangzhou',
  'cn-chengdu',
  'cn-hongkong',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ap-south-1',
  'us-west-1',
  'us-east-1',
  'eu-central-1',
  'eu-west-1',
  'me-east-1',
  'me-central-1',
];

/** Host patterns for a list of regions (plus the accelerate endpoints and the in-label pattern of the brief). */
export function ossHostsFor(regions: readonly string[]): string[] {
  return [
    '*.oss-*.aliyuncs.com',
    '*.oss-accelerate.aliyuncs.com',
    '*.oss-accelerate-overseas.aliyuncs.com',
    ...regions.flatMap((r) => [`*.oss-${r}.aliyuncs.com`, `*.oss-${r}-internal.aliyuncs.com`]),
  ];
}

/** Host patterns the OSS server answers for by default (one `*` = one DNS label). */
export const OSS_HOSTS: readonly string[] = ossHostsFor(OSS_REGIONS);

/** OSS operation names (a subset of the COS ones, so the COS fault hooks serve both). */
export type OssOperation = Extract<
  CosOperation,
  | 'PutObject'
  | 'PostObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'InitiateMultipartUpload'
  | 'UploadPart'
  | 'ListParts'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'Options'
>;

/** Options of {@link createOssServer}. */
export interface OssServerOptions {
  /** The simulator's data dir; objects live under `<dataDir>/oss`. Default: a fresh temp dir, removed by `close()`. */
  dataDir?: string;
  /** Milliseconds clock (default `Date.now`): date checks, policy expiry, STS expiry, Last-Modified. */
  clock?: () => number;
  /** Shared credential authority (default: a new one over `accounts`). */
  authority?: AliyunAuthority;
  /** Accounts when no authority is given (default: the documented default account). */
  accounts?: AliyunAccount[];
  /** Buckets must be created with `createBucket` before use (default false: created on first authorised write). */
  strictBuckets?: boolean;
  /** Bucket for requests on a host that names none. Default `mpsim-default`. */
  defaultBucket?: string;
  /** Smallest non-last part Complete accepts (default 100 KB = 102400, research §3.3). */
  minPartSize?: number;
  /** Allowed |request date − server time| in seconds (default 900, research §3.4). */
  maxSkewSeconds?: number;
  /**
   * `<Code>` of a PostObject whose policy signature does not match. UNCONFIRMED
   * (research §3.2): the docs render it both as `AccessDenied` and as
   * `SignatureDoesNotMatch`; default `SignatureDoesNotMatch`, as header signatures.
   */
  postSignatureMismatchCode?: 'SignatureDoesNotMatch' | 'AccessDenied';
  /** Extra host patterns to answer for. */
  extraHosts?: string[];
  /** Regions besides {@link OSS_REGIONS} whose `<bucket>.oss-<region>.aliyuncs.com` hosts to answer for. */
  extraRegions?: string[];
}

/** An object became visible (PutObject, PostObject or CompleteMultipartUpload). */
export interface OssObjectCreatedEvent {
  operation: 'PutObject' | 'PostObject' | 'CompleteMultipartUpload';
  bucket: string;
  key: string;
  size: number;
  /** As sent in the `ETag` header (quoted, upper-case hex). */
  etag: string;
  /** Region label of the host the request came on (undefined on a non-OSS host). */
  region?: string;
  /** Base64 `x-oss-notification` (header or form field), when the client sent one. */
  notification?: string;
}

/** One handled request, for tests. */
export type OssLogEntry = ObjectLogEntry<OssOperation>;

/** The OSS server. */
export interface OssServer extends LocalServer {
  /** Fault hooks: failNext / resetNext / delayNext by operation, expireCredentials. */
  readonly faults: CosFaults;
  readonly authority: AliyunAuthority;
  readonly store: CosStore;
  /** Root of this server's files (`<dataDir>/oss`). */
  readonly root: string;
  readonly clock: () => number;
  /** The last 1000 requests, oldest first. */
  readonly log: OssLogEntry[];
  /**
   * Creates a bucket (idempotent; needed first in strict mode). With `region`
   * the bucket answers only on that region's endpoint; otherwise it belongs to
   * the region of the first request that names one.
   */
  createBucket(bucket: string, region?: string): void;
  /** The region a bucket belongs to, when known. */
  bucketRegion(bucket: string): string | undefined;
  /** Every STS credential issued so far (VOD UploadAuth, app-server STS) expires now. */
  expireCredentialsNow(): void;
  /** Subscribes to object commits; returns the unsubscribe function. */
  onObjectCreated(listener: (e: OssObjectCreatedEvent) => void): () => void;
}

/** An OSS error response in the making. */
export class OssError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra children of `<Error>` (ArgumentName, StringToSign, SecurityToken, EC, ...). */
    readonly extra: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: false });
const BUCKET_NAME_RE = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const GIB = 1024 * 1024 * 1024;
const MAX_OBJECT = 5 * GIB;
/** Request headers kept as object metadata (besides `x-oss-meta-*`). */
const STORED_HEADERS = ['content-type', 'content-disposition', 'content-encoding', 'content-language', 'cache-control', 'expires'];
const EXPOSE_HEADERS = 'ETag, x-oss-request-id, x-oss-hash-crc64ecma, x-oss-object-type, Content-Length, Date, Last-Modified';
const DENIED_ACL = 'You have no right to access this object because of bucket acl.';
const SIG_MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

/** Upper-case hex inside quotes, as OSS shows ETags. */
function ossEtag(etag: string): string {
  return etag.toUpperCase();
}

/** `<bucket>.oss-<region>[-internal].aliyuncs.com` → bucket and region. */
export function parseOssHost(host: string): { bucket?: string; region?: string } {
  const h = host.toLowerCase().replace(/:\d+$/, '');
  const m = /^([^.]+)\.oss-([a-z0-9-]+?)(-internal)?\.aliyuncs\.com$/.exec(h);
  if (m) return { bucket: m[1], region: m[2]!.startsWith('accelerate') ? undefined : m[2] };
  const labels = h.split('.');
  if (labels.length > 1 && BUCKET_NAME_RE.test(labels[0]!) && !/^\d+$/.test(labels[0]!)) return { bucket: labels[0] };
  return {};
}

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  method: string;
  host: string;
  bucket: string;
  region?: string;
  key: string;
  /** Decoded query, first occurrence per exact name (OSS names are case-sensitive). */
  q: Map<string, string>;
  op: OssOperation | 'Unknown';
  log: OssLogEntry;
}

/** Creates the OSS server. */
export function createOssServer(options: OssServerOptions = {}): OssServer {
  const clock = options.clock ?? options.authority?.clock ?? Date.now;
  const authority = options.authority ?? createAliyunAuthority({ accounts: options.accounts, clock });
  const ownTemp = options.dataDir === undefined;
  // An own temp dir is only made when the store is first used (simulator/temp-dirs.ts).
  const dataDir = options.dataDir ?? tempDirPath('oss');
  const root = path.join(dataDir, 'oss');
  const store = ownTemp ? lazyObject(() => new CosStore(root, clock)) : new CosStore(root, clock);
  const faults = new CosFaults(() => authority.expireAllSts());
  const minPartSize = options.minPartSize ?? 102400;
  const maxSkewMs = (options.maxSkewSeconds ?? 900) * 1000;
  const defaultBucket = options.defaultBucket ?? 'mpsim-default';
  const postMismatchCode = options.postSignatureMismatchCode ?? 'SignatureDoesNotMatch';
  const log: OssLogEntry[] = [];
  const listeners = new Set<(e: OssObjectCreatedEvent) => void>();
  /** Bucket → region, persisted next to the store (`<root>/regions.json`). */
  const regionsFile = path.join(root, 'regions.json');
  const regions = new Map<string, string>();
  try {
    for (const [b, r] of Object.entries(JSON.parse(fs.readFileSync(regionsFile, 'utf8')) as Record<string, string>)) regions.set(b, r);
  } catch {
    /* first start */
  }
  function setRegion(bucket: string, region: string): void {
    if (regions.get(bucket) === region) return;
    regions.set(bucket, region);
    const tmp = `${regionsFile}.${randomBytes(6).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(Object.fromEntries(regions)));
    fs.renameSync(tmp, regionsFile);
  }

  function emit(e: OssObjectCreatedEvent): void {
    for (const l of [...listeners]) {
      try {
        l(e);
      } catch {
        /* a listener's bug must not break the upload that already committed */
      }
    }
  }

  // ------------------------------------------------------------------ responses

  function setBase(ctx: Ctx): void {
    const { res } = ctx;
    res.setHeader('x-oss-request-id', ctx.requestId);
    res.setHeader('Date', new Date(clock()).toUTCString());
    res.setHeader('Server', 'AliyunOSS');
    setPermissiveCors(ctx, EXPOSE_HEADERS);
  }

  const responder = createResponder<Ctx>({ builder, setBase });
  const { sendXml, sendEmpty } = responder;

  function sendError(ctx: Ctx, e: OssError): void {
    if (!responder.beginError(ctx, e.code)) return;
    const body: Record<string, unknown> = {
      Code: e.code,
      Message: e.message,
      RequestId: ctx.requestId,
      HostId: ctx.host.replace(/:\d+$/, ''),
    };
    Object.assign(body, e.extra);
    if (ctx.method === 'HEAD') {
      // HEAD answers carry no body; OSS puts the error XML Base64-encoded in x-oss-err.
      ctx.res.setHeader('x-oss-err', Buffer.from(responder.xml({ Error: body })).toString('base64'));
    }
    sendXml(ctx, e.status, { Error: body });
  }

  function toOssError(e: unknown): OssError {
    if (e instanceof OssError) return e;
    if (e instanceof StoreError) {
      switch (e.code) {
        case 'NoSuchUpload':
          return new OssError(
            404,
            'NoSuchUpload',
            'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
          );
        case 'NoSuchBucket':
          return new OssError(404, 'NoSuchBucket', 'The specified bucket does not exist.');
        case 'BadDigest':
          return new OssError(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.');
        case 'EntityTooLarge':
          // UNCONFIRMED (research §3.2): the code for a POST over content-length-range.
          return new OssError(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.');
        case 'EntityTooSmall':
          return new OssError(400, 'EntityTooSmall', 'Your proposed upload smaller than the minimum allowed size.');
        case 'InvalidPart':
          return new OssError(
            400,
            'InvalidPart',
            "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag.",
          );
        case 'InvalidPartOrder':
          return new OssError(
            400,
            'InvalidPartOrder',
            'The list of parts was not in ascending order. Parts must be ordered by part number.',
          );
        case 'MalformedXML':
          return new OssError(
            400,
            'MalformedXML',
            'The XML you provided was not well-formed or did not validate against our published schema.',
          );
        default:
          return new OssError(e.status, e.code, e.message);
      }
    }
    return new OssError(
      500,
      'InternalError',
      `We encountered an internal error. Please try again. (${(e as Error)?.message ?? String(e)})`,
    );
  }

  // ------------------------------------------------------------------ auth

  /** Resolves an AccessKeyId and checks its STS token and expiry. */
  function resolveKey(accessKeyId: string, token: string | undefined): ResolvedAliyunKey {
    const key = authority.resolve(accessKeyId);
    if (!key) {
      throw new OssError(403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.', {
        OSSAccessKeyId: accessKeyId,
      });
    }
    if (key.securityToken === undefined) return key;
    if (token === undefined || token === '') {
      // Research §3.2: a temporary key without its token reads as an unknown key.
      throw new OssError(403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.', {
        OSSAccessKeyId: accessKeyId,
      });
    }
    if (!ossSignaturesEqual(token, key.securityToken)) {
      throw new OssError(403, 'InvalidSecurityToken', 'The security token you provided is invalid.', { SecurityToken: token });
    }
    if (key.expiresAt !== undefined && clock() > key.expiresAt) {
      throw new OssError(403, 'SecurityTokenExpired', 'The security token you provided has expired.', { SecurityToken: token });
    }
    return key;
  }

  /** A scoped (VOD upload) credential may only touch its bucket and its media's objects. */
  function authorize(ctx: Ctx, key: ResolvedAliyunKey): void {
    const s = key.scope;
    if (s && (s.bucket !== ctx.bucket || ctx.key === '' || !s.keys.includes(ctx.key))) {
      throw new OssError(
        403,
        'AccessDenied',
        'You have no right to access this object: the temporary credential is scoped to other objects.',
      );
    }
    if (!BUCKET_NAME_RE.test(ctx.bucket))
      throw new OssError(400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: ctx.bucket });
    if (!store.hasBucket(ctx.bucket)) {
      const writes = ctx.op === 'PutObject' || ctx.op === 'PostObject' || ctx.op === 'InitiateMultipartUpload';
      if (options.strictBuckets || !writes)
        throw new OssError(404, 'NoSuchBucket', 'The specified bucket does not exist.', { BucketName: ctx.bucket });
      store.createBucket(ctx.bucket);
    }
    if (ctx.region !== undefined) {
      const home = regions.get(ctx.bucket);
      if (home === undefined) setRegion(ctx.bucket, ctx.region);
      else if (home !== ctx.region) {
        // UNCONFIRMED code (research §3.5): a bucket reached through another region's endpoint.
        throw new OssError(
          403,
          'AccessDenied',
          'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
          { Bucket: ctx.bucket, Endpoint: `oss-${home}.aliyuncs.com` },
        );
      }
    }
  }

  /** V1 header signature (or a presigned URL: OSSAccessKeyId, Expires, Signature in the query). */
  function authenticate(ctx: Ctx): ResolvedAliyunKey {
    const auth = headerValue(ctx.req, 'authorization');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
    const query: Record<string, string> = Object.fromEntries(ctx.q);
    let accessKeyId: string;
    let provided: string;
    let token: string | undefined;
    if (auth === undefined) {
      const id = ctx.q.get('OSSAccessKeyId');
      const expires = ctx.q.get('Expires');
      const sig = ctx.q.get('Signature');
      if (id === undefined && sig === undefined) throw new OssError(403, 'AccessDenied', DENIED_ACL);
      if (!id || !sig || !expires || !/^\d+$/.test(expires)) {
        throw new OssError(403, 'AccessDenied', 'Presigned URLs need OSSAccessKeyId, Expires and Signature.');
      }
      if (Number(expires) * 1000 < clock())
        throw new OssError(403, 'AccessDenied', 'Request has expired.', {
          Expires: new Date(Number(expires) * 1000).toISOString(),
          ServerTime: new Date(clock()).toISOString(),
        });
      accessKeyId = id;
      provided = sig;
      token = ctx.q.get('security-token');
      // In a presigned URL the date slot holds Expires.
      delete headers['x-oss-date'];
      headers.date = expires;
    } else {
      const parsed = parseOssAuthorization(auth);
      if (!parsed)
        throw new OssError(400, 'InvalidArgument', 'Authorization header is invalid.', {
          ArgumentName: 'Authorization',
          ArgumentValue: auth,
        });
      accessKeyId = parsed.accessKeyId;
      provided = parsed.signature;
      token = headerValue(ctx.req, 'x-oss-security-token');
      const dateText = headerValue(ctx.req, 'x-oss-date') ?? headerValue(ctx.req, 'date');
      if (dateText === undefined) throw new OssError(403, 'AccessDenied', 'Authorized requests need a Date or x-oss-date header.');
      const date = Date.parse(dateText);
      if (Number.isNaN(date)) throw new OssError(403, 'AccessDenied', `Invalid date "${dateText}": use the RFC 1123 GMT form.`);
      if (Math.abs(date - clock()) > maxSkewMs) {
        throw new OssError(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', {
          RequestTime: new Date(date).toISOString(),
          ServerTime: new Date(clock()).toISOString(),
          MaxAllowedSkewMilliseconds: maxSkewMs,
        });
      }
    }
    const key = resolveKey(accessKeyId, token);
    const stringToSign = ossStringToSign({ method: ctx.method, bucket: ctx.bucket, key: ctx.key, query, headers });
    if (!ossSignaturesEqual(ossHmac(key.accessKeySecret, stringToSign), provided)) {
      throw new OssError(403, 'SignatureDoesNotMatch', SIG_MISMATCH, {
        StringToSign: stringToSign,
        SignatureProvided: provided,
        OSSAccessKeyId: accessKeyId,
      });
    }
    return key;
  }

  // ------------------------------------------------------------------ helpers

  function objectMeta(
    get: (name: string) => string | undefined,
    all: Iterable<[string, string]>,
  ): { headers: StoredHeaders; storageClass: string } {
    const headers: StoredHeaders = {};
    for (const n of STORED_HEADERS) {
      const v = get(n);
      if (v !== undefined && v !== '') headers[n] = v;
    }
    let metaSize = 0;
    for (const [k, v] of all) {
      if (!k.startsWith('x-oss-meta-')) continue;
      headers[k] = v;
      metaSize += k.length + v.length;
    }
    if (metaSize > 8192)
      throw new OssError(400, 'MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size (8 KB).');
    const notification = get('x-oss-notification');
    if (notification !== undefined && notification !== '') headers['x-oss-notification'] = notification;
    headers['content-type'] ??= 'application/octet-stream';
    const sc = get('x-oss-storage-class');
    const storageClass = sc === undefined || sc === '' ? 'Standard' : sc;
    if (!['Standard', 'IA', 'Archive', 'ColdArchive', 'DeepColdArchive'].includes(storageClass)) {
      throw new OssError(400, 'InvalidArgument', `Invalid storage class "${sc}".`, {
        ArgumentName: 'x-oss-storage-class',
        ArgumentValue: sc ?? '',
      });
    }
    return { headers, storageClass };
  }

  function headerEntries(req: IncomingMessage): [string, string][] {
    return Object.entries(req.headers).flatMap(([k, v]) =>
      v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v] as [string, string]],
    );
  }

  function contentMd5(ctx: Ctx): string | undefined {
    const v = headerValue(ctx.req, 'content-md5');
    if (v === undefined) return undefined;
    if (!/^[A-Za-z0-9+/]{22}==$/.test(v)) throw new OssError(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.');
    return v;
  }

  function checkKeyName(key: string): void {
    if (key === '' || Buffer.byteLength(key) > 1023) {
      throw new OssError(400, 'InvalidObjectName', 'The specified object is not valid (1..1023 UTF-8 bytes).');
    }
    if (key.startsWith('/') || key.startsWith('\\'))
      throw new OssError(400, 'InvalidObjectName', 'Object names must not start with / or \\.');
  }

  function objectUrl(ctx: Ctx, key: string): string {
    const enc = encodeURIComponent(key).replace(/%2F/g, '/');
    return `http://${ctx.host.replace(/:\d+$/, '')}/${enc}`;
  }

  function objectHeaders(rec: ObjectRecord): Record<string, string | number> {
    const h: Record<string, string | number> = {
      ETag: ossEtag(rec.etag),
      'Last-Modified': new Date(rec.lastModified).toUTCString(),
      'Accept-Ranges': 'bytes',
      'x-oss-object-type': /-\d+"$/.test(rec.etag) ? 'Multipart' : 'Normal',
      'x-oss-storage-class': rec.storageClass,
    };
    for (const [k, v] of Object.entries(rec.headers)) if (STORED_HEADERS.includes(k) || k.startsWith('x-oss-meta-')) h[k] = v;
    return h;
  }

  function created(ctx: Ctx, operation: OssObjectCreatedEvent['operation'], rec: ObjectRecord, notification: string | undefined): void {
    emit({ operation, bucket: ctx.bucket, key: rec.key, size: rec.size, etag: ossEtag(rec.etag), region: ctx.region, notification });
  }

  // ------------------------------------------------------------------ object operations

  async function putObject(ctx: Ctx): Promise<void> {
    checkKeyName(ctx.key);
    if (headerValue(ctx.req, 'x-oss-copy-source') !== undefined)
      throw new OssError(501, 'NotImplemented', 'CopyObject is not supported by mpsim.');
    const meta = objectMeta((n) => headerValue(ctx.req, n), headerEntries(ctx.req));
    const rec = await store.put(ctx.bucket, ctx.key, ctx.req, meta, { contentMd5: contentMd5(ctx), maxSize: MAX_OBJECT });
    created(ctx, 'PutObject', rec, meta.headers['x-oss-notification']);
    sendEmpty(ctx, 200, { ETag: ossEtag(rec.etag), 'Content-MD5': Buffer.from(rec.etag.replace(/"/g, ''), 'hex').toString('base64') });
  }

  function headObject(ctx: Ctx): void {
    const rec = store.head(ctx.bucket, ctx.key);
    if (!rec) throw new OssError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: ctx.key });
    responder.sendHead(ctx, objectHeaders(rec), rec.size);
  }

  function getObject(ctx: Ctx): void {
    const rec = store.head(ctx.bucket, ctx.key);
    if (!rec) throw new OssError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: ctx.key });
    let start = 0;
    let end = rec.size - 1;
    let status = 200;
    const range = headerValue(ctx.req, 'range');
    const m = range === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    // OSS ignores a range it cannot satisfy or parse and sends the whole object.
    if (m && (m[1] !== '' || m[2] !== '') && rec.size > 0) {
      let s: number;
      let e: number;
      if (m[1] === '') {
        s = Math.max(0, rec.size - Number(m[2]));
        e = rec.size - 1;
      } else {
        s = Number(m[1]);
        e = m[2] === '' ? rec.size - 1 : Math.min(rec.size - 1, Number(m[2]));
      }
      if (s <= e && s < rec.size) {
        start = s;
        end = e;
        status = 206;
      }
    }
    const { res } = ctx;
    res.statusCode = status;
    setBase(ctx);
    for (const [k, v] of Object.entries(objectHeaders(rec))) res.setHeader(k, v);
    const length = rec.size === 0 ? 0 : end - start + 1;
    res.setHeader('Content-Length', length);
    if (status === 206) res.setHeader('Content-Range', `bytes ${start}-${end}/${rec.size}`);
    if (length === 0) {
      res.end();
      return;
    }
    pipeFile(res, fs.createReadStream(store.dataPath(ctx.bucket, rec), { start, end }));
  }

  function deleteObject(ctx: Ctx): void {
    store.delete(ctx.bucket, ctx.key);
    sendEmpty(ctx, 204);
  }

  // ------------------------------------------------------------------ multipart

  function initiate(ctx: Ctx): void {
    checkKeyName(ctx.key);
    const up = store.initiate(
      ctx.bucket,
      ctx.key,
      objectMeta((n) => headerValue(ctx.req, n), headerEntries(ctx.req)),
    );
    if (!ctx.req.complete) ctx.req.resume();
    sendXml(ctx, 200, { InitiateMultipartUploadResult: { Bucket: ctx.bucket, Key: ctx.key, UploadId: up.uploadId } });
  }

  function partNumber(ctx: Ctx): number {
    const n = ctx.q.get('partNumber');
    if (n === undefined) {
      throw new OssError(400, 'InvalidArgument', 'Unexpected query string parameter', {
        ArgumentName: 'uploadId',
        ArgumentValue: ctx.q.get('uploadId') ?? '',
      });
    }
    if (!/^\d+$/.test(n) || Number(n) < 1 || Number(n) > 10000) {
      throw new OssError(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive.', {
        ArgumentName: 'partNumber',
        ArgumentValue: n,
      });
    }
    return Number(n);
  }

  async function uploadPart(ctx: Ctx): Promise<void> {
    const n = partNumber(ctx);
    const uploadId = ctx.q.get('uploadId') ?? '';
    store.upload(ctx.bucket, ctx.key, uploadId);
    const part = await store.putPart(ctx.bucket, ctx.key, uploadId, n, ctx.req, { contentMd5: contentMd5(ctx), maxSize: MAX_OBJECT });
    sendEmpty(ctx, 200, { ETag: ossEtag(part.etag) });
  }

  function intParam(ctx: Ctx, name: string, def: number, min: number, max: number): number {
    return intQuery(
      ctx.q,
      name,
      def,
      min,
      max,
      (v) =>
        new OssError(400, 'InvalidArgument', `${name} must be an integer in [${min}, ${max}].`, { ArgumentName: name, ArgumentValue: v }),
    );
  }

  function listParts(ctx: Ctx): void {
    const up = store.upload(ctx.bucket, ctx.key, ctx.q.get('uploadId') ?? '');
    const marker = intParam(ctx, 'part-number-marker', 0, 0, 10000);
    const max = intParam(ctx, 'max-parts', 1000, 1, 1000);
    const all = [...up.parts.values()].filter((p) => p.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
    const parts = all.slice(0, max);
    const truncated = all.length > max;
    const body: Record<string, unknown> = {
      Bucket: ctx.bucket,
      Key: up.key,
      UploadId: up.uploadId,
      StorageClass: up.storageClass,
      PartNumberMarker: marker,
      NextPartNumberMarker: parts.length ? parts[parts.length - 1]!.partNumber : marker,
      MaxParts: max,
      IsTruncated: truncated ? 'true' : 'false',
    };
    if (parts.length) {
      body.Part = parts.map((p) => ({
        PartNumber: p.partNumber,
        LastModified: new Date(p.lastModified).toISOString(),
        ETag: ossEtag(p.etag),
        Size: p.size,
      }));
    }
    sendXml(ctx, 200, { ListPartsResult: body });
  }

  async function readSmallBody(ctx: Ctx, limit: number): Promise<Buffer> {
    return readLimitedBody(ctx.req, limit, () => new OssError(400, 'InvalidArgument', 'The CompleteMultipartUpload body is too large.'));
  }

  async function complete(ctx: Ctx): Promise<void> {
    const uploadId = ctx.q.get('uploadId') ?? '';
    const up = store.upload(ctx.bucket, ctx.key, uploadId);
    const md5 = contentMd5(ctx);
    const body = await readSmallBody(ctx, 4 * 1024 * 1024);
    const list = parseCompleteBody(body, md5, {
      malformed: () =>
        new OssError(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.'),
      badDigest: () => new OssError(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.'),
    })
      // Our store keeps lower-case hex; OSS hands out upper-case ETags.
      .map((p) => ({ partNumber: p.partNumber, etag: p.etag.toLowerCase() }));
    const notification = headerValue(ctx.req, 'x-oss-notification') ?? up.headers['x-oss-notification'];
    const rec = await store.complete(ctx.bucket, ctx.key, uploadId, list, minPartSize);
    created(ctx, 'CompleteMultipartUpload', rec, notification);
    sendXml(
      ctx,
      200,
      { CompleteMultipartUploadResult: { Location: objectUrl(ctx, ctx.key), Bucket: ctx.bucket, Key: ctx.key, ETag: ossEtag(rec.etag) } },
      { ETag: ossEtag(rec.etag) },
    );
  }

  function abort(ctx: Ctx): void {
    store.abort(ctx.bucket, ctx.key, ctx.q.get('uploadId') ?? '');
    sendEmpty(ctx, 204);
  }

  // ------------------------------------------------------------------ PostObject

  function postObject(ctx: Ctx): Promise<void> {
    // Field names are case-insensitive, values case-sensitive (research §3.2).
    return receivePostForm(ctx, {
      notForm: () => new OssError(400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.'),
      malformed: (e) =>
        new OssError(
          400,
          'MalformedPOSTRequest',
          `The body of your POST request is not well-formed multipart/form-data. (${(e as Error)?.message ?? String(e)})`,
        ),
      missingFile: () =>
        new OssError(400, 'InvalidArgument', 'PostObject needs a "file" form field (the last one in the form).', {
          ArgumentName: 'file',
          ArgumentValue: '',
        }),
      fail: (e) => sendError(ctx, toOssError(e)),
      async receive(fields, name, stream, info) {
        if (name.toLowerCase() !== 'file')
          throw new OssError(400, 'InvalidArgument', `The file form field must be named "file", not "${name}".`, {
            ArgumentName: 'file',
            ArgumentValue: name,
          });
        const key0 = fields.get('key');
        if (key0 === undefined || key0 === '')
          throw new OssError(400, 'InvalidArgument', 'PostObject needs a non-empty "key" form field.', {
            ArgumentName: 'key',
            ArgumentValue: '',
          });
        ctx.key = key0.replace(/\$\{filename\}/g, info.filename ?? '');
        ctx.log.key = ctx.key;
        checkKeyName(ctx.key);
        const { bounds, key } = verifyPostPolicy(ctx, fields);
        authorize(ctx, key);
        const meta = objectMeta((n) => fields.get(n), [...fields.entries()]);
        if (fields.get('content-type') === undefined && info.mimeType && info.mimeType !== 'application/octet-stream') {
          meta.headers['content-type'] = info.mimeType;
        }
        const redirectTo = fields.get('success_action_redirect');
        // Header-bound: checked before the object is stored (a request always gets an answer).
        if (redirectTo !== undefined && !isHeaderSafe(redirectTo))
          throw new OssError(400, 'InvalidArgument', 'The success_action_redirect form field is not a valid URL.', {
            ArgumentName: 'success_action_redirect',
            ArgumentValue: redirectTo.replace(/[^\x20-\x7e]/g, '?'),
          });
        const rec = await store.put(ctx.bucket, ctx.key, stream, meta, { minSize: bounds.min, maxSize: bounds.max });
        return () => {
          created(ctx, 'PostObject', rec, meta.headers['x-oss-notification']);
          const etag = ossEtag(rec.etag);
          answerPostForm(responder, ctx, fields, {
            bucket: ctx.bucket,
            key: ctx.key,
            etag,
            location: objectUrl(ctx, ctx.key),
            headers: { ETag: etag },
          });
        };
      },
    });
  }

  /**
   * Signature, credential, then the policy (expiration and conditions). Returns
   * the credential and the size bounds the body must respect.
   */
  function verifyPostPolicy(ctx: Ctx, f: Map<string, string>): { key: ResolvedAliyunKey; bounds: { min?: number; max: number } } {
    const id = f.get('ossaccesskeyid');
    const policyB64 = f.get('policy');
    const sig = f.get('signature');
    if (id === undefined && policyB64 === undefined && sig === undefined) {
      // An anonymous form upload: our buckets are private.
      throw new OssError(403, 'AccessDenied', DENIED_ACL);
    }
    if (policyB64 === undefined) {
      throw new OssError(403, 'AccessDenied', 'The form has OSSAccessKeyId/Signature but no policy field: they must be present together.', {
        EC: '0002-00000702',
      });
    }
    if (policyB64.trim() === '')
      throw new OssError(400, 'InvalidPolicyDocument', 'Invalid Policy: the policy field is empty.', { EC: '0006-00000205' });
    if (sig === undefined || sig === '') {
      throw new OssError(403, 'AccessDenied', 'The form has a policy but no Signature field.', { EC: '0002-00000703' });
    }
    if (id === undefined || id === '') throw new OssError(403, 'AccessDenied', 'The form has a policy but no OSSAccessKeyId field.');
    const key = resolveKey(id, f.get('x-oss-security-token'));
    if (!ossSignaturesEqual(signOssPolicy(key.accessKeySecret, policyB64), sig)) {
      throw new OssError(403, postMismatchCode, SIG_MISMATCH, { StringToSign: policyB64, SignatureProvided: sig, OSSAccessKeyId: id });
    }
    let policy: { expiration?: unknown; conditions?: unknown };
    try {
      policy = JSON.parse(Buffer.from(policyB64, 'base64').toString('utf8')) as typeof policy;
    } catch {
      throw new OssError(400, 'InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.');
    }
    if (typeof policy !== 'object' || policy === null)
      throw new OssError(400, 'InvalidPolicyDocument', 'Invalid Policy: not a JSON object.');
    const exp = typeof policy.expiration === 'string' ? Date.parse(policy.expiration) : NaN;
    if (Number.isNaN(exp))
      throw new OssError(
        400,
        'InvalidPolicyDocument',
        'Invalid Policy: Invalid Simple-Condition: "expiration" must be an ISO-8601 GMT time.',
      );
    if (exp < clock()) throw new OssError(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');
    if (policy.conditions !== undefined && !Array.isArray(policy.conditions))
      throw new OssError(400, 'InvalidPolicyDocument', 'Invalid Policy: "conditions" must be an array.');
    const value = policyField(ctx.bucket, ctx.key, f);
    const failed = (c: unknown) =>
      new OssError(403, 'AccessDenied', `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(c)}`);
    const bounds: { min?: number; max: number } = { max: MAX_OBJECT };
    for (const c of (policy.conditions as unknown[] | undefined) ?? []) {
      if (Array.isArray(c)) {
        const [op, a, b] = c as unknown[];
        const opName = typeof op === 'string' ? op.toLowerCase() : op;
        if (opName === 'content-length-range') {
          const lo = Number(a);
          const hi = Number(b);
          if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < lo) {
            throw new OssError(400, 'InvalidPolicyDocument', `Invalid Policy: Invalid content-length-range ${JSON.stringify(c)}.`);
          }
          bounds.min = lo;
          bounds.max = Math.min(hi, MAX_OBJECT);
        } else if (opName === 'eq' && typeof a === 'string') {
          if (value(a) !== String(b)) throw failed(c);
        } else if (opName === 'starts-with' && typeof a === 'string') {
          if (!(value(a) ?? '').startsWith(String(b))) throw failed(c);
        } else if (opName === 'in' && typeof a === 'string' && Array.isArray(b)) {
          if (!b.map(String).includes(value(a) ?? '\u0000')) throw failed(c);
        } else if (opName === 'not-in' && typeof a === 'string' && Array.isArray(b)) {
          if (b.map(String).includes(value(a) ?? '\u0000')) throw failed(c);
        } else throw new OssError(400, 'InvalidPolicyDocument', `Invalid Policy: unknown condition ${JSON.stringify(c)}.`);
      } else if (c && typeof c === 'object') {
        for (const [k, v] of Object.entries(c as Record<string, unknown>)) if (value(k) !== String(v)) throw failed(c);
      } else throw new OssError(400, 'InvalidPolicyDocument', `Invalid Policy: unknown condition ${JSON.stringify(c)}.`);
    }
    return { key, bounds };
  }

  // ------------------------------------------------------------------ dispatch

  function route(method: string, key: string, q: Map<string, string>): OssOperation | 'Unknown' {
    if (method === 'OPTIONS') return 'Options';
    if (key === '') return method === 'POST' ? 'PostObject' : 'Unknown';
    switch (method) {
      case 'PUT':
        return q.has('uploadId') || q.has('partNumber') ? 'UploadPart' : 'PutObject';
      case 'POST':
        if (q.has('uploads')) return 'InitiateMultipartUpload';
        if (q.has('uploadId')) return 'CompleteMultipartUpload';
        return 'Unknown';
      case 'GET':
        return q.has('uploadId') ? 'ListParts' : 'GetObject';
      case 'HEAD':
        return 'HeadObject';
      case 'DELETE':
        return q.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
      default:
        return 'Unknown';
    }
  }

  /** The handler of every authenticated operation (each in its file or function above). */
  const operations: Partial<Record<OssOperation, (ctx: Ctx) => void | Promise<void>>> = {
    PutObject: putObject,
    HeadObject: headObject,
    GetObject: getObject,
    DeleteObject: deleteObject,
    InitiateMultipartUpload: initiate,
    UploadPart: uploadPart,
    ListParts: listParts,
    CompleteMultipartUpload: complete,
    AbortMultipartUpload: abort,
  };

  async function dispatch(ctx: Ctx): Promise<void> {
    const { req } = ctx;
    const target = parseTarget(req.url ?? '/', (status, code, message) => new OssError(status, code, message));
    ctx.key = target.key;
    ctx.q = queryMap(target.query, false);
    ctx.op = route(ctx.method, ctx.key, ctx.q);
    ctx.log.op = ctx.op;
    ctx.log.key = ctx.key;

    const go = await applyFaults(
      ctx,
      faults.take(ctx.op === 'Unknown' ? 'Options' : ctx.op),
      (a) => new OssError(a.status, a.code, a.message),
    );
    if (!go) return;

    if (ctx.op === 'Options') return responder.sendDefaultPreflight(ctx);
    if (ctx.op === 'Unknown') throw new OssError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    if (ctx.op === 'PostObject') return postObject(ctx);

    const key = authenticate(ctx);
    authorize(ctx, key);
    return operations[ctx.op as OssOperation]?.(ctx);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const host = headerValue(req, 'host') ?? '';
    const parsed = parseOssHost(host);
    const requestId = randomBytes(12).toString('hex').toUpperCase();
    const bucket = parsed.bucket ?? defaultBucket;
    const entry: OssLogEntry = { op: 'Unknown', method: req.method ?? 'GET', url: req.url ?? '/', host, bucket, status: 0, requestId };
    const ctx: Ctx = { ...newCtx<OssOperation, OssLogEntry>(req, res, requestId, entry), host, bucket, region: parsed.region };
    serve(
      res,
      entry,
      log,
      () => dispatch(ctx),
      (e) => sendError(ctx, toOssError(e)),
    );
  }

  return {
    name: 'oss',
    hosts: [...ossHostsFor([...OSS_REGIONS, ...(options.extraRegions ?? [])]), ...(options.extraHosts ?? [])],
    handle,
    faults,
    authority,
    store,
    root,
    clock,
    log,
    createBucket(bucket: string, region?: string) {
      if (!BUCKET_NAME_RE.test(bucket)) throw new TypeError(`createBucket: "${bucket}" is not a valid OSS bucket name`);
      if (region !== undefined && !/^[a-z0-9-]+$/.test(region)) throw new TypeError(`createBucket: "${region}" is not a region id`);
      store.createBucket(bucket);
      if (region !== undefined) setRegion(bucket, region);
    },
    bucketRegion(bucket: string) {
      return regions.get(bucket);
    },
    expireCredentialsNow() {
      authority.expireAllSts();
    },
    onObjectCreated(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await store.settled();
      if (ownTemp) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
