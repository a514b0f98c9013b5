/**
 * The Alibaba Cloud ApsaraVideo VOD control plane (OpenAPI 2017-03-21, RPC
 * style) at `vod.<region>.aliyuncs.com` — the part of VOD a mini-program
 * upload needs (research aliyun-vod-oss.md §2): CreateUploadVideo,
 * RefreshUploadVideo, CreateUploadImage (+ GetVideoInfo to read results back).
 * Requests are RPC-signed (HMAC-SHA1, signing/aliyun-rpc.ts) with a permanent
 * AccessKey or an STS key + `SecurityToken` (the SDK's client-side STS mode).
 * Each media gets Base64 `UploadAuth` (an STS triple scoped to its object in
 * the OSS server, default lifetime 3000 s) and `UploadAddress`
 * `{Endpoint, Bucket, FileName}`; when the OSS server commits that object the
 * media turns `Uploaded` (videos) / `Normal` (images).
 *
 * Error bodies are JSON `{RequestId, HostId, Code, Message, Recommend}`. The
 * research confirms only Code/Message/RequestId and `InvalidSecurityToken.Expired`;
 * the other codes, messages and statuses follow the POP gateway's common
 * errors as we know them and are UNCONFIRMED (research §2.4, §7).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readLimitedBody } from '../body';
import * as path from 'node:path';
import { tempDirPath } from '../../temp-dirs';
import { rpcSignature, rpcSignaturesEqual } from '../../signing/aliyun-rpc';
import { createAliyunAuthority, type AliyunAccount, type AliyunAuthority, type ResolvedAliyunKey } from '../../signing/oss-credentials';
import { createOssServer, type OssServer, type OssServerOptions } from '../oss';
import { writeJsonAtomic } from '../json-files';
import type { LocalServer } from '../types';
import { VodFaults } from './faults';

export { VodFaults, type VodFailOptions, type VodFaultAction } from './faults';

/** Host patterns the VOD server answers for. */
export const VOD_ALIYUN_HOSTS: readonly string[] = ['vod.*.aliyuncs.com'];

/** Actions the server implements. */
export const VOD_ALIYUN_ACTIONS: readonly string[] = ['CreateUploadVideo', 'RefreshUploadVideo', 'CreateUploadImage', 'GetVideoInfo'];

/** Options of {@link createAliyunVodServer}. */
export interface AliyunVodServerOptions {
  /** The simulator's data dir; media records live under `<dataDir>/vod-aliyun`. Default: a fresh temp dir, removed by `close()`. */
  dataDir?: string;
  /** Milliseconds clock (default: the OSS server's, else `Date.now`). */
  clock?: () => number;
  /** The OSS data plane uploads go to: its authority verifies the issued credentials, its commits complete media. */
  oss?: OssServer;
  /** Credential authority (default: the OSS server's, else a new one over `accounts`). */
  authority?: AliyunAuthority;
  /** Accounts when neither `oss` nor `authority` is given. */
  accounts?: AliyunAccount[];
  /** Lifetime of UploadAuth credentials in seconds (default 3000, research §2.1). */
  uploadAuthTtlSeconds?: number;
  /** Scheme of `UploadAddress.Endpoint` (default `https`). */
  ossEndpointScheme?: 'https' | 'http';
  /** The VOD storage bucket of a region (default `outin-<32 hex derived from the region>`, stable across restarts). */
  storageBucket?: (region: string) => string;
  /** Allowed |Timestamp − server time| in seconds (default 900). A missing Timestamp is accepted (the mini SDK omits it). */
  maxTimestampSkewSeconds?: number;
  /** Region when the host names none (default `cn-shanghai`). */
  defaultRegion?: string;
  /** Extra host patterns to answer for. */
  extraHosts?: string[];
}

/** A video as the server keeps it. */
export interface AliyunVideoRecord {
  VideoId: string;
  Title: string;
  FileName: string;
  FileSize?: number;
  Description?: string;
  CoverURL?: string;
  CateId?: number;
  Tags?: string;
  TemplateGroupId?: string;
  WorkflowId?: string;
  AppId: string;
  /** The `UserData` JSON text as the caller sent it. */
  UserData?: string;
  /** Decoded `x-oss-notification` of the upload (the SDK's userData), when one came. */
  Notification?: unknown;
  ReferenceId?: string;
  Region: string;
  StorageLocation: string;
  Bucket: string;
  /** The OSS object key (stable across RefreshUploadVideo). */
  FileKey: string;
  /** `Uploading` until the object is committed, then `Uploaded`. */
  Status: 'Uploading' | 'Uploaded';
  /** Committed object size. */
  Size?: number;
  CreationTime: string;
  AccountId: string;
}

/** An image as the server keeps it. */
export interface AliyunImageRecord {
  ImageId: string;
  ImageType: 'default' | 'cover';
  ImageExt: string;
  Title?: string;
  Description?: string;
  Tags?: string;
  CateId?: number;
  UserData?: string;
  OriginalFileName?: string;
  AppId: string;
  Region: string;
  StorageLocation: string;
  Bucket: string;
  FileKey: string;
  ImageURL: string;
  Status: 'Uploading' | 'Normal';
  Size?: number;
  CreationTime: string;
  AccountId: string;
}

/** One handled call, for tests. */
export interface VodLogEntry {
  action: string;
  method: string;
  status: number;
  code?: string;
  requestId: string;
}

/** A VOD answer: HTTP status and JSON body. */
export interface VodResult {
  status: number;
  body: Record<string, unknown>;
}

/** The VOD server. */
export interface AliyunVodServer extends LocalServer {
  readonly faults: VodFaults;
  readonly authority: AliyunAuthority;
  readonly clock: () => number;
  readonly log: VodLogEntry[];
  /** Root of this server's files (`<dataDir>/vod-aliyun`). */
  readonly root: string;
  /** Media records (read-only views). */
  readonly store: {
    video(id: string): AliyunVideoRecord | undefined;
    image(id: string): AliyunImageRecord | undefined;
    videos(): AliyunVideoRecord[];
    images(): AliyunImageRecord[];
  };
  /** The storage bucket of a region. */
  storageBucket(region: string): string;
  /** Every STS credential issued so far (UploadAuth and app-server STS) expires now. */
  expireCredentialsNow(): void;
  /** Runs an action in-process as the default account (the app server's path; no signature). */
  call(action: string, params: Record<string, string | number | undefined>, o?: { region?: string }): Promise<VodResult>;
  /** Size, MD5 (hex, streamed from the stored object) and status of a video's source; undefined for an unknown id. */
  videoSource(videoId: string): Promise<{ VideoId: string; Size: number | null; MD5: string | null; Status: string } | undefined>;
}

/** A POP error in the making. */
export class VodError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Source extensions CreateUploadVideo accepts (video and audio, case-insensitive). */
const MEDIA_EXTENSIONS = new Set(
  (
    '3gp asf avi dat dv flv f4v gif m2t m3u8 m4v mj2 mjpeg mkv mov mp4 mpe mpg mpeg mts ogg qt rm rmvb swf ts vob wmv webm ' +
    'aac ac3 acm amr ape caf flac m4a mp3 ra wav wma'
  ).split(' '),
);
const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif']);
const MISSING = (name: string) => new VodError(400, `Missing${name}`, `${name} is mandatory for this action.`);
const INVALID = (name: string, why: string) =>
  new VodError(400, 'InvalidParameter', `The specified parameter "${name}" is not valid: ${why}.`);

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function b64json(v: unknown): string {
  return Buffer.from(JSON.stringify(v), 'utf8').toString('base64');
}

/** Creates the VOD control plane. */
export function createAliyunVodServer(options: AliyunVodServerOptions = {}): AliyunVodServer {
  const oss = options.oss;
  const clock = options.clock ?? oss?.clock ?? options.authority?.clock ?? Date.now;
  const authority = options.authority ?? oss?.authority ?? createAliyunAuthority({ accounts: options.accounts, clock });
  const ownTemp = options.dataDir === undefined;
  // An own temp dir starts empty and is only made by the first save (simulator/temp-dirs.ts).
  const dataDir = options.dataDir ?? tempDirPath('vod-aliyun');
  const root = path.join(dataDir, 'vod-aliyun');
  const mediaDir = path.join(root, 'media');
  if (!ownTemp) fs.mkdirSync(mediaDir, { recursive: true });
  const ttl = options.uploadAuthTtlSeconds ?? 3000;
  if (!Number.isFinite(ttl) || ttl <= 0) throw new TypeError('createAliyunVodServer: uploadAuthTtlSeconds must be > 0');
  const scheme = options.ossEndpointScheme ?? 'https';
  const skewMs = (options.maxTimestampSkewSeconds ?? 900) * 1000;
  const defaultRegion = options.defaultRegion ?? 'cn-shanghai';
  const faults = new VodFaults(() => authority.expireAllSts());
  const log: VodLogEntry[] = [];
  const videos = new Map<string, AliyunVideoRecord>();
  const images = new Map<string, AliyunImageRecord>();
  /** `<bucket>/<key>` → media id. */
  const byObject = new Map<string, { kind: 'video' | 'image'; id: string }>();
  /** SignatureNonce → first use (ms); entries older than the skew window are forgotten. */
  const nonces = new Map<string, number>();

  const storageBucket = (region: string): string =>
    options.storageBucket
      ? options.storageBucket(region)
      : `outin-${createHash('sha1').update(`mpsim-vod-${region}`).digest('hex').slice(0, 32)}`;

  // ------------------------------------------------------------------ persistence

  for (const f of ownTemp ? [] : fs.readdirSync(mediaDir)) {
    if (f.startsWith('.')) {
      fs.rmSync(path.join(mediaDir, f), { force: true }); // an interrupted write
      continue;
    }
    try {
      const rec = JSON.parse(fs.readFileSync(path.join(mediaDir, f), 'utf8')) as AliyunVideoRecord | AliyunImageRecord;
      if ('VideoId' in rec) {
        videos.set(rec.VideoId, rec);
        byObject.set(`${rec.Bucket}/${rec.FileKey}`, { kind: 'video', id: rec.VideoId });
      } else if ('ImageId' in rec) {
        images.set(rec.ImageId, rec);
        byObject.set(`${rec.Bucket}/${rec.FileKey}`, { kind: 'image', id: rec.ImageId });
      }
    } catch {
      /* never let one bad record stop the server */
    }
  }

  function save(rec: AliyunVideoRecord | AliyunImageRecord): void {
    const id = 'VideoId' in rec ? `video-${rec.VideoId}` : `image-${rec.ImageId}`;
    if (ownTemp) fs.mkdirSync(mediaDir, { recursive: true });
    writeJsonAtomic(path.join(mediaDir, `${id}.json`), rec);
  }

  const unsubscribe = oss?.onObjectCreated((e) => {
    const hit = byObject.get(`${e.bucket}/${e.key}`);
    if (!hit) return;
    let notification: unknown;
    if (e.notification) {
      try {
        notification = JSON.parse(Buffer.from(e.notification, 'base64').toString('utf8'));
      } catch {
        notification = undefined; // UNCONFIRMED what VOD does with a broken one; we ignore it
      }
    }
    if (hit.kind === 'video') {
      const v = videos.get(hit.id);
      if (!v) return;
      v.Status = 'Uploaded';
      v.Size = e.size;
      if (notification !== undefined) {
        v.Notification = notification;
        // The userData's Vod block overrides title/category/description/tags (research §2.5).
        const vod = (notification as { Vod?: Record<string, unknown> })?.Vod;
        if (vod && typeof vod === 'object') {
          if (typeof vod.Title === 'string' && vod.Title) v.Title = vod.Title;
          if (vod.CateId !== undefined && /^\d+$/.test(String(vod.CateId))) v.CateId = Number(vod.CateId);
          if (typeof vod.Description === 'string') v.Description = vod.Description;
          if (typeof vod.Tags === 'string') v.Tags = vod.Tags;
        }
      }
      save(v);
    } else {
      const i = images.get(hit.id);
      if (!i) return;
      i.Status = 'Normal';
      i.Size = e.size;
      save(i);
    }
  });

  // ------------------------------------------------------------------ credentials

  function uploadAuth(accountId: string, region: string, bucket: string, key: string): string {
    const sts = authority.issueSts({ accountId, durationSeconds: ttl, scope: { bucket, keys: [key] } });
    // UNCONFIRMED (research §2.1): Expiration as a duration in seconds, absolute time in ExpireUTCTime.
    return b64json({
      SecurityToken: sts.SecurityToken,
      AccessKeyId: sts.AccessKeyId,
      ExpireUTCTime: sts.Expiration,
      AccessKeySecret: sts.AccessKeySecret,
      Expiration: String(ttl),
      Region: region,
    });
  }

  function uploadAddress(region: string, bucket: string, key: string): string {
    return b64json({ Endpoint: `${scheme}://oss-${region}.aliyuncs.com`, Bucket: bucket, FileName: key });
  }

  // ------------------------------------------------------------------ parameter checks

  type P = Record<string, string>;
  const opt = (p: P, n: string): string | undefined => (p[n] === undefined || p[n] === '' ? undefined : p[n]);
  const need = (p: P, n: string): string => {
    const v = opt(p, n);
    if (v === undefined) throw MISSING(n);
    return v;
  };
  const maxLen = (p: P, n: string, max: number): string | undefined => {
    const v = opt(p, n);
    if (v !== undefined && [...v].length > max) throw INVALID(n, `longer than ${max} characters`);
    return v;
  };
  const intOpt = (p: P, n: string): number | undefined => {
    const v = opt(p, n);
    if (v === undefined) return undefined;
    if (!/^\d{1,15}$/.test(v)) throw INVALID(n, 'not a non-negative integer');
    return Number(v);
  };
  const tagsOpt = (p: P): string | undefined => {
    const v = opt(p, 'Tags');
    if (v === undefined) return undefined;
    const tags = v.split(',');
    if (tags.length > 16) throw INVALID('Tags', 'more than 16 tags');
    if (tags.some((t) => [...t].length > 32)) throw INVALID('Tags', 'a tag is longer than 32 characters');
    return v;
  };
  const userDataOpt = (p: P): string | undefined => {
    const v = opt(p, 'UserData');
    if (v === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch {
      throw INVALID('UserData', 'not JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw INVALID('UserData', 'not a JSON object');
    if (v.length > 1024) throw INVALID('UserData', 'longer than 1024 characters');
    return v;
  };
  /** `StorageLocation` (`<bucket>.oss-<region>.aliyuncs.com`) or the region's default bucket. */
  const location = (p: P, region: string): { bucket: string; location: string } => {
    const v = opt(p, 'StorageLocation');
    if (v === undefined) {
      const bucket = storageBucket(region);
      return { bucket, location: `${bucket}.oss-${region}.aliyuncs.com` };
    }
    const m = /^([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\.oss-([a-z0-9-]+)\.aliyuncs\.com$/.exec(v);
    if (!m || m[2] !== region)
      throw new VodError(400, 'InvalidStorageLocation', `The StorageLocation "${v}" is not a storage location of region ${region}.`);
    return { bucket: m[1]!, location: v };
  };
  /** The storage bucket exists in the OSS server, homed in its region, before any credential for it is issued. */
  const ensureBucket = (bucket: string, region: string): void => {
    if (oss && !(oss.store.hasBucket(bucket) && oss.bucketRegion(bucket) === region)) oss.createBucket(bucket, region);
  };
  const newId = (): string => randomBytes(16).toString('hex');

  // ------------------------------------------------------------------ actions

  function createUploadVideo(p: P, account: AliyunAccount, region: string): Record<string, unknown> {
    const Title = need(p, 'Title');
    if ([...Title].length > 128) throw INVALID('Title', 'longer than 128 characters');
    const FileName = need(p, 'FileName');
    const ext = /\.([A-Za-z0-9]+)$/.exec(FileName)?.[1]?.toLowerCase();
    if (!ext || !MEDIA_EXTENSIONS.has(ext))
      throw new VodError(400, 'InvalidFileName.Extension', `The file extension of "${FileName}" is not supported.`);
    const rec: AliyunVideoRecord = {
      VideoId: newId(),
      Title,
      FileName,
      FileSize: intOpt(p, 'FileSize'),
      Description: maxLen(p, 'Description', 1024),
      CoverURL: opt(p, 'CoverURL'),
      CateId: intOpt(p, 'CateId'),
      Tags: tagsOpt(p),
      TemplateGroupId: opt(p, 'TemplateGroupId'),
      WorkflowId: opt(p, 'WorkflowId'),
      AppId: opt(p, 'AppId') ?? 'app-1000000',
      UserData: userDataOpt(p),
      ReferenceId: maxLen(p, 'ReferenceId', 128),
      Region: region,
      StorageLocation: '',
      Bucket: '',
      FileKey: '',
      Status: 'Uploading',
      CreationTime: isoSeconds(clock()),
      AccountId: account.accountId,
    };
    const loc = location(p, region);
    ensureBucket(loc.bucket, region);
    rec.StorageLocation = loc.location;
    rec.Bucket = loc.bucket;
    // The key shape VOD hands out: sv/<8 hex>-<11 hex>/<same>.<ext>.
    const stem = `${randomBytes(4).toString('hex')}-${randomBytes(6).toString('hex').slice(0, 11)}`;
    rec.FileKey = `sv/${stem}/${stem}.${ext}`;
    videos.set(rec.VideoId, rec);
    byObject.set(`${rec.Bucket}/${rec.FileKey}`, { kind: 'video', id: rec.VideoId });
    save(rec);
    return {
      VideoId: rec.VideoId,
      UploadAddress: uploadAddress(region, rec.Bucket, rec.FileKey),
      UploadAuth: uploadAuth(account.accountId, region, rec.Bucket, rec.FileKey),
    };
  }

  function findVideo(p: P, account: AliyunAccount): AliyunVideoRecord {
    const id = need(p, 'VideoId');
    const v = videos.get(id);
    // UNCONFIRMED code (research §7): the not-found answer of RefreshUploadVideo.
    if (!v || v.AccountId !== account.accountId) throw new VodError(404, 'InvalidVideo.NotFound', 'The video does not exist.');
    return v;
  }

  function refreshUploadVideo(p: P, account: AliyunAccount): Record<string, unknown> {
    const v = findVideo(p, account);
    // Same object key, fresh credentials (research §2.1).
    return {
      VideoId: v.VideoId,
      UploadAddress: uploadAddress(v.Region, v.Bucket, v.FileKey),
      UploadAuth: uploadAuth(account.accountId, v.Region, v.Bucket, v.FileKey),
    };
  }

  function createUploadImage(p: P, account: AliyunAccount, region: string): Record<string, unknown> {
    const type = need(p, 'ImageType');
    if (type !== 'default' && type !== 'cover') throw INVALID('ImageType', 'must be default or cover');
    const ext = (opt(p, 'ImageExt') ?? 'png').toLowerCase();
    if (!IMAGE_EXTENSIONS.has(ext)) throw INVALID('ImageExt', 'must be png, jpg, jpeg or gif');
    const loc = location(p, region);
    ensureBucket(loc.bucket, region);
    const ImageId = newId();
    const FileKey = `image/${type}/${ImageId.toUpperCase()}-6-2.${ext}`;
    const ImageURL = `${scheme}://${loc.bucket}.oss-${region}.aliyuncs.com/${FileKey}`;
    const rec: AliyunImageRecord = {
      ImageId,
      ImageType: type,
      ImageExt: ext,
      Title: maxLen(p, 'Title', 128),
      Description: maxLen(p, 'Description', 1024),
      Tags: tagsOpt(p),
      CateId: intOpt(p, 'CateId'),
      UserData: userDataOpt(p),
      OriginalFileName: opt(p, 'OriginalFileName'),
      AppId: opt(p, 'AppId') ?? 'app-1000000',
      Region: region,
      StorageLocation: loc.location,
      Bucket: loc.bucket,
      FileKey,
      ImageURL,
      Status: 'Uploading',
      CreationTime: isoSeconds(clock()),
      AccountId: account.accountId,
    };
    images.set(ImageId, rec);
    byObject.set(`${rec.Bucket}/${rec.FileKey}`, { kind: 'image', id: ImageId });
    save(rec);
    return {
      ImageId,
      ImageURL,
      FileURL: ImageURL,
      UploadAddress: uploadAddress(region, rec.Bucket, FileKey),
      UploadAuth: uploadAuth(account.accountId, region, rec.Bucket, FileKey),
    };
  }

  function getVideoInfo(p: P, account: AliyunAccount): Record<string, unknown> {
    const v = findVideo(p, account);
    const video: Record<string, unknown> = {
      VideoId: v.VideoId,
      Title: v.Title,
      Status: v.Status,
      StorageLocation: v.StorageLocation,
      CreationTime: v.CreationTime,
      AppId: v.AppId,
    };
    if (v.Size !== undefined) video.Size = v.Size;
    if (v.Description !== undefined) video.Description = v.Description;
    if (v.CateId !== undefined) video.CateId = v.CateId;
    if (v.Tags !== undefined) video.Tags = v.Tags;
    if (v.CoverURL !== undefined) video.CoverURL = v.CoverURL;
    return { Video: video };
  }

  function run(action: string, p: P, account: AliyunAccount, region: string): Record<string, unknown> {
    switch (action) {
      case 'CreateUploadVideo':
        return createUploadVideo(p, account, region);
      case 'RefreshUploadVideo':
        return refreshUploadVideo(p, account);
      case 'CreateUploadImage':
        return createUploadImage(p, account, region);
      case 'GetVideoInfo':
        return getVideoInfo(p, account);
      default:
        throw new VodError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    }
  }

  // ------------------------------------------------------------------ RPC authentication

  function authenticate(method: string, p: P): ResolvedAliyunKey {
    for (const n of ['AccessKeyId', 'Signature', 'SignatureNonce']) if (opt(p, n) === undefined) throw MISSING(n);
    if ((p.SignatureMethod ?? 'HMAC-SHA1') !== 'HMAC-SHA1')
      throw new VodError(400, 'InvalidSignatureMethod', 'Specified signature method is not supported.');
    if ((p.SignatureVersion ?? '1.0') !== '1.0')
      throw new VodError(400, 'InvalidSignatureVersion', 'Specified signature version is not supported.');
    const ts = opt(p, 'Timestamp');
    if (ts !== undefined) {
      if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/.test(ts) || Number.isNaN(Date.parse(ts))) {
        throw new VodError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
      }
      if (Math.abs(Date.parse(ts) - clock()) > skewMs)
        throw new VodError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    }
    const key = authority.resolve(p.AccessKeyId!);
    if (!key) throw new VodError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    if (!rpcSignaturesEqual(rpcSignature(key.accessKeySecret, method, p), p.Signature!)) {
      throw new VodError(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
    }
    if (key.securityToken !== undefined) {
      const token = opt(p, 'SecurityToken');
      if (token === undefined) throw MISSING('SecurityToken');
      if (!rpcSignaturesEqual(token, key.securityToken)) {
        throw new VodError(403, 'InvalidSecurityToken.MismatchWithAccessKey', 'Specified SecurityToken mismatch with the AccessKey.');
      }
      // Research §1.6/§2.4: the SDK watches for exactly this code.
      if (key.expiresAt !== undefined && clock() > key.expiresAt)
        throw new VodError(403, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.');
      if (key.scope) {
        // Upload credentials are for OSS only.
        throw new VodError(
          403,
          'Forbidden.RAM',
          "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
        );
      }
    }
    // Only a correctly signed call burns its nonce, so a forged request cannot block a real one.
    const now = clock();
    for (const [n, t] of nonces) if (now - t > skewMs) nonces.delete(n);
    if (nonces.has(p.SignatureNonce!)) throw new VodError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    nonces.set(p.SignatureNonce!, now);
    return key;
  }

  // ------------------------------------------------------------------ HTTP

  function parseParams(text: string, form: boolean): P {
    const out: P = {};
    for (const part of text.split('&')) {
      if (part === '') continue;
      const i = part.indexOf('=');
      const dec = (s: string) => {
        const t = form ? s.replace(/\+/g, ' ') : s;
        try {
          return decodeURIComponent(t);
        } catch {
          throw new VodError(400, 'InvalidParameter', `Malformed percent-encoding in "${s}".`);
        }
      };
      const name = dec(i < 0 ? part : part.slice(0, i));
      if (!(name in out)) out[name] = i < 0 ? '' : dec(part.slice(i + 1));
    }
    return out;
  }

  async function readBody(req: IncomingMessage, limit: number): Promise<string> {
    const body = await readLimitedBody(req, limit, () => new VodError(400, 'InvalidParameter', 'The request body is too large.'));
    return body.toString('utf8');
  }

  function regionOf(host: string): string {
    const m = /^vod\.([a-z0-9-]+)\.aliyuncs\.com$/.exec(host.toLowerCase().replace(/:\d+$/, ''));
    return m ? m[1]! : defaultRegion;
  }

  function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string): void {
    const text = JSON.stringify(body);
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json;charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.setHeader('x-acs-request-id', requestId);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Date', new Date(clock()).toUTCString());
    res.end(text);
  }

  function errorBody(e: VodError, requestId: string, host: string): Record<string, unknown> {
    return {
      RequestId: requestId,
      HostId: host,
      Code: e.code,
      Message: e.message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(e.code)}&product=vod`,
    };
  }

  function toVodError(e: unknown): VodError {
    if (e instanceof VodError) return e;
    return new VodError(
      500,
      'InternalError',
      `The request processing has failed due to some unknown error. (${(e as Error)?.message ?? String(e)})`,
    );
  }

  async function applyFaults(action: string, req?: IncomingMessage): Promise<'reset' | undefined> {
    for (const f of faults.take(action)) {
      if (f.kind === 'delay') await new Promise((r) => setTimeout(r, f.ms));
      else if (f.kind === 'reset') {
        req?.socket.destroy();
        return 'reset';
      } else throw new VodError(f.status, f.code, f.message);
    }
    return undefined;
  }

  async function serve(req: IncomingMessage, res: ServerResponse, entry: VodLogEntry): Promise<void> {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      if (method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
        res.setHeader('Access-Control-Allow-Headers', '*');
        return sendJson(res, 200, {}, entry.requestId);
      }
      if (method !== 'GET' && method !== 'POST')
        throw new VodError(405, 'UnsupportedHTTPMethod', `HTTP method ${method} is not supported: use GET or POST.`);
      const url = req.url ?? '/';
      const qi = url.indexOf('?');
      let p = parseParams(qi < 0 ? '' : url.slice(qi + 1), false);
      if (method === 'POST') {
        const body = await readBody(req, 256 * 1024);
        // A form body's params join the query's (the RPC POST form).
        p = { ...parseParams(body, true), ...p };
      }
      const action = need(p, 'Action');
      entry.action = action;
      if (await applyFaults(action, req)) {
        entry.code = 'InjectedReset';
        return;
      }
      if ((p.Version ?? '') !== '2017-03-21') throw new VodError(400, 'InvalidVersion', 'Specified parameter Version is not valid.');
      const key = authenticate(method, p);
      const body = run(action, p, key.account, regionOf(host));
      sendJson(res, 200, { RequestId: entry.requestId, ...body }, entry.requestId);
    } catch (e) {
      const err = toVodError(e);
      entry.code = err.code;
      if (!req.complete) req.resume();
      sendJson(res, err.status, errorBody(err, entry.requestId, host), entry.requestId);
    }
  }

  return {
    name: 'aliyunVod',
    hosts: [...VOD_ALIYUN_HOSTS, ...(options.extraHosts ?? [])],
    faults,
    authority,
    clock,
    log,
    root,
    store: {
      video: (id) => (videos.has(id) ? structuredClone(videos.get(id)!) : undefined),
      image: (id) => (images.has(id) ? structuredClone(images.get(id)!) : undefined),
      videos: () => [...videos.values()].map((v) => structuredClone(v)),
      images: () => [...images.values()].map((v) => structuredClone(v)),
    },
    storageBucket,
    handle(req, res) {
      const entry: VodLogEntry = { action: '', method: req.method ?? 'GET', status: 0, requestId: randomUUID().toUpperCase() };
      res.on('close', () => {
        entry.status = res.headersSent ? res.statusCode : 0;
        log.push(entry);
        if (log.length > 1000) log.shift();
      });
      void serve(req, res, entry);
    },
    expireCredentialsNow() {
      authority.expireAllSts();
    },
    async call(action, params, o = {}) {
      const requestId = randomUUID().toUpperCase();
      const p: P = {};
      for (const [k, v] of Object.entries(params)) if (v !== undefined) p[k] = String(v);
      try {
        // In-process there is no connection to drop: a reset reaches the caller as a gateway error.
        if (await applyFaults(action)) throw new VodError(502, 'InjectedReset', 'The connection to VOD was reset (injected fault).');
        const body = run(action, p, authority.defaultAccount, o.region ?? defaultRegion);
        return { status: 200, body: { RequestId: requestId, ...body } };
      } catch (e) {
        const err = toVodError(e);
        return { status: err.status, body: errorBody(err, requestId, `vod.${o.region ?? defaultRegion}.aliyuncs.com`) };
      }
    },
    async videoSource(videoId) {
      const v = videos.get(videoId);
      if (!v) return undefined;
      const rec = oss && oss.store.hasBucket(v.Bucket) ? oss.store.head(v.Bucket, v.FileKey) : undefined;
      if (!oss || !rec) return { VideoId: v.VideoId, Size: null, MD5: null, Status: v.Status };
      const h = createHash('md5');
      if (rec.size > 0)
        for await (const c of fs.createReadStream(oss.store.dataPath(v.Bucket, rec), { start: 0, end: rec.size - 1 }))
          h.update(c as Buffer);
      return { VideoId: v.VideoId, Size: rec.size, MD5: h.digest('hex'), Status: v.Status };
    },
    async close() {
      unsubscribe?.();
      if (ownTemp) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The Alibaba pair a simulator cloud mounts: an OSS server and the VOD server
 * over it (one credential authority, one clock, one data dir when given).
 */
export function createAliyunServers(
  options: {
    dataDir?: string;
    clock?: () => number;
    oss?: Omit<OssServerOptions, 'dataDir' | 'clock'>;
    vod?: Omit<AliyunVodServerOptions, 'dataDir' | 'clock' | 'oss'>;
  } = {},
): [OssServer, AliyunVodServer] {
  const oss = createOssServer({ ...options.oss, dataDir: options.dataDir, clock: options.clock });
  return [oss, createAliyunVodServer({ ...options.vod, dataDir: options.dataDir, oss })];
}
