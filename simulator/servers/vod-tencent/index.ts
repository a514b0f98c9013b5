/**
 * Tencent Cloud VOD for mini-program uploads — what `vod-wx-sdk-v2@1.1.2`
 * talks to (research cos-vod-protocol.md §4):
 *
 * - `https://vod2.qcloud.com/v3/index.php?Action=ApplyUploadUGC` (JSON body
 *   `{signature, videoName, videoType, coverName?, coverType?}` or, to resume,
 *   `{signature, vodSessionKey, cover…?}`) → a session: `vodSessionKey`, the
 *   storage bucket/region, a temporary STS certificate issued by the COS
 *   server's credential authority, and the media/cover storage paths;
 * - `…?Action=CommitUploadUGC` `{signature, vodSessionKey}` → `fileId` +
 *   media/cover URLs, once the objects are in COS;
 * - every other request on `vod2.qcloud.com` that carries `Vod-Forward-Cos`
 *   (the SDK's whole COS traffic, signed for the original COS host) is handed
 *   to the COS server in-process (`cos.handle`), which checks the q-sign
 *   signature against that host and the STS token issued here;
 * - `https://vodreport.qcloud.com/ugcupload_new`: telemetry, accepted and kept.
 *
 * Answers are HTTP 200 with `{code, message, data?}`: the SDK reads only
 * `data.code` (0 = success). The non-zero codes are UNCONFIRMED (Tencent does
 * not document them for this endpoint): see {@link TENCENT_VOD_ERROR_CODES},
 * configurable with `errorCodes`.
 *
 * Sessions and committed media live in memory (a restarted simulator forgets
 * them, like the STS keys the session carries); the bytes stay in COS.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readLimitedBody } from '../body';
import * as path from 'node:path';
import { md5OfFile } from '../../hash-thread';
import { writeJsonAtomic } from '../json-files';
import { verifyVodUpload, VodSignatureError, type VodSignatureFailure } from '../../signing/vod-tencent';
import type { CosServer } from '../cos';
import type { LocalServer } from '../types';

/** Host of the VOD API and of the SDK's forwarded COS traffic. */
export const VOD_TENCENT_API_HOST = 'vod2.qcloud.com';
/** Host of the SDK's telemetry. */
export const VOD_TENCENT_REPORT_HOST = 'vodreport.qcloud.com';
/** Host patterns the server answers for. */
export const VOD_TENCENT_HOSTS: readonly string[] = [VOD_TENCENT_API_HOST, VOD_TENCENT_REPORT_HOST];

/**
 * The `code` of each failure. UNCONFIRMED values: Tencent documents neither the
 * codes nor the messages of ApplyUploadUGC/CommitUploadUGC; 10009 for a bad or
 * expired signature follows research §4.3, the rest are our own choice.
 */
export const TENCENT_VOD_ERROR_CODES = Object.freeze({
  /** The signature is malformed, unknown, tampered with, or from the future. */
  invalidSignature: 10009,
  /** The signature's expireTime has passed. */
  expiredSignature: 10009,
  /** The body is not the JSON the action needs. */
  invalidRequest: 10001,
  /** `vodSessionKey` is unknown, belongs to another account, or was already committed (Apply). */
  invalidSession: 10006,
  /** Commit before the media (or cover) is in COS. */
  mediaNotUploaded: 10007,
  /** Unknown `Action`. */
  unknownAction: 10000,
});

/** Error code names. */
export type TencentVodErrorName = keyof typeof TENCENT_VOD_ERROR_CODES;

/** Options of {@link createTencentVodServer}. */
export interface TencentVodServerOptions {
  /** The COS server the uploads go to; its authority verifies signatures (permanent keys) and issues the STS certificates. */
  cos: CosServer;
  /** Milliseconds clock (default: the COS server's). */
  clock?: () => number;
  /** Storage bucket name without the appid (default `vodugc`; the SDK uploads to `<storageBucket>-<appid>`). */
  storageBucket?: string;
  /** COS region of the storage (default `ap-guangzhou`; `storageRegion` is the short name, default `gzp`). */
  storageRegionV5?: string;
  storageRegion?: string;
  /** Lifetime of the temporary COS certificate in seconds (default 3600). */
  certificateSeconds?: number;
  /** Seconds a signature's currentTimeStamp may lie in the future (default 300). */
  futureSlackSeconds?: number;
  /** Override error codes (UNCONFIRMED values, see {@link TENCENT_VOD_ERROR_CODES}). */
  errorCodes?: Partial<Record<TencentVodErrorName, number>>;
  /** `MiniProgramAccelerateHost` to hand out (default none: the SDK then forwards to vod2.qcloud.com). */
  accelerateHost?: string;
  /**
   * Where sessions and committed media are kept (`<dataDir>/vod-tencent/`), so a
   * restarted `mpsim serve --data DIR` still resumes a vodSessionKey and answers
   * the app server's media lookups. Default: in memory only (the embedded cloud's
   * data lives no longer than the simulator).
   */
  dataDir?: string;
}

/** One upload session. */
export interface TencentVodSession {
  vodSessionKey: string;
  appid: string;
  /** SecretId of the signature that opened it. */
  secretId: string;
  videoName: string;
  videoType: string;
  /** COS object key (no leading slash) and the storagePath handed out. */
  videoKey: string;
  coverType?: string;
  coverKey?: string;
  created: number;
  /** Apply calls on this session (1 = not resumed). */
  applies: number;
  /** Set once committed. */
  fileId?: string;
}

/** A committed media file. */
export interface TencentVodMedia {
  fileId: string;
  appid: string;
  videoName: string;
  videoKey: string;
  size: number;
  /** Hex MD5 of the committed bytes. */
  md5: string;
  videoUrl: string;
  coverKey?: string;
  coverSize?: number;
  coverMd5?: string;
  coverUrl?: string;
  committed: number;
}

/** One handled request, for tests. */
export interface TencentVodLogEntry {
  /** `ApplyUploadUGC`, `CommitUploadUGC`, `cos` (forwarded), `report`, or `unknown`. */
  action: string;
  status: number;
  /** The JSON `code` (VOD actions only). */
  code?: number;
  message?: string;
  /** Why a signature was refused. */
  signatureFailure?: VodSignatureFailure;
}

/** The Tencent VOD server. */
export interface TencentVodServer extends LocalServer {
  readonly cos: CosServer;
  readonly clock: () => number;
  /** The bucket the SDK uploads to (`<storageBucket>-<appid>` of the default account). */
  bucketOf(appid: string): string;
  /** The COS host the SDK signs for (`<bucket>.cos.<region>.myqcloud.com`). */
  cosHostOf(appid: string): string;
  readonly sessions: ReadonlyMap<string, TencentVodSession>;
  readonly media: ReadonlyMap<string, TencentVodMedia>;
  /** Telemetry bodies received (parsed JSON, or the raw text when not JSON), oldest first. */
  readonly reports: unknown[];
  /** The last 1000 requests, oldest first. */
  readonly log: TencentVodLogEntry[];
  /** Error codes in force. */
  readonly errorCodes: Readonly<Record<TencentVodErrorName, number>>;
}

class VodFail extends Error {
  constructor(
    readonly name_: TencentVodErrorName,
    message: string,
    readonly signatureFailure?: VodSignatureFailure,
  ) {
    super(message);
  }
}

const TYPE_RE = /^[A-Za-z0-9]{1,10}$/;

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(', ') : v;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return readLimitedBody(req, limit, () => new VodFail('invalidRequest', 'body too large'));
}

/**
 * JSON records in a directory, one file per record, each written atomically
 * (json-files.ts). Ids are hashed into file names (a vodSessionKey is base64url).
 */
function recordStore(dir: string): { load(kind: string): unknown[]; save(kind: string, id: string, rec: unknown): void } {
  fs.mkdirSync(dir, { recursive: true });
  const file = (kind: string, id: string) => path.join(dir, `${kind}-${createHash('sha1').update(id).digest('hex')}.json`);
  return {
    load(kind) {
      const out: unknown[] = [];
      for (const f of fs.readdirSync(dir)) {
        if (f.startsWith('.')) {
          fs.rmSync(path.join(dir, f), { force: true }); // an interrupted write
          continue;
        }
        if (!f.startsWith(`${kind}-`)) continue;
        try {
          out.push(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
        } catch {
          /* one bad record never stops the server */
        }
      }
      return out;
    },
    save(kind, id, rec) {
      writeJsonAtomic(file(kind, id), rec);
    },
  };
}

/** Creates the Tencent VOD server over a COS server. */
export function createTencentVodServer(options: TencentVodServerOptions): TencentVodServer {
  const { cos } = options;
  const clock = options.clock ?? cos.clock;
  const authority = cos.authority;
  const storageBucket = options.storageBucket ?? 'vodugc';
  const regionV5 = options.storageRegionV5 ?? 'ap-guangzhou';
  const regionShort = options.storageRegion ?? 'gzp';
  const codes: Record<TencentVodErrorName, number> = { ...TENCENT_VOD_ERROR_CODES, ...options.errorCodes };
  const sessions = new Map<string, TencentVodSession>();
  const media = new Map<string, TencentVodMedia>();
  const store = options.dataDir === undefined ? undefined : recordStore(path.join(options.dataDir, 'vod-tencent'));
  for (const rec of store?.load('session') ?? []) sessions.set((rec as TencentVodSession).vodSessionKey, rec as TencentVodSession);
  for (const rec of store?.load('media') ?? []) media.set((rec as TencentVodMedia).fileId, rec as TencentVodMedia);
  const saveSession = (x: TencentVodSession) => store?.save('session', x.vodSessionKey, x);
  const reports: unknown[] = [];
  const log: TencentVodLogEntry[] = [];
  const bucketOf = (appid: string) => `${storageBucket}-${appid}`;
  const cosHostOf = (appid: string) => `${bucketOf(appid)}.cos.${regionV5}.myqcloud.com`;
  const nowS = () => Math.floor(clock() / 1000);

  function record(res: ServerResponse, entry: TencentVodLogEntry): void {
    res.on('close', () => {
      entry.status = res.headersSent ? res.statusCode : 0;
      log.push(entry);
      if (log.length > 1000) log.shift();
    });
  }

  function sendJson(res: ServerResponse, body: unknown, status = 200): void {
    const text = JSON.stringify(body);
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.end(text);
  }

  /** Verifies the client upload signature with the account keys (permanent keys only, as Tencent's API keys). */
  function checkSignature(signature: unknown): { appid: string; secretId: string } {
    try {
      const d = verifyVodUpload(signature, {
        nowSeconds: nowS(),
        futureSlackSeconds: options.futureSlackSeconds,
        resolveSecretKey: (id) => {
          const k = authority.resolve(id);
          return k && k.sessionToken === undefined ? k.secretKey : undefined;
        },
      });
      const secretId = d.params.secretId!;
      return { appid: authority.resolve(secretId)!.account.appid, secretId };
    } catch (e) {
      if (e instanceof VodSignatureError) {
        throw new VodFail(e.reason === 'expired' ? 'expiredSignature' : 'invalidSignature', e.message, e.reason);
      }
      throw e;
    }
  }

  function str(body: Record<string, unknown>, name: string): string | undefined {
    const v = body[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw new VodFail('invalidRequest', `${name} must be a string`);
    return v;
  }

  function typeParam(body: Record<string, unknown>, name: string): string | undefined {
    const v = str(body, name);
    if (v === undefined) return undefined;
    if (!TYPE_RE.test(v)) throw new VodFail('invalidRequest', `${name} "${v}" is not a file extension`);
    return v.toLowerCase();
  }

  function newFileId(): string {
    // 19 digits like real VOD FileIds (e.g. 5285890781234567890).
    let id: string;
    do id = `5285890${String(randomInt(0, 1e6)).padStart(6, '0')}${String(randomInt(0, 1e6)).padStart(6, '0')}`;
    while (media.has(id));
    return id;
  }

  function applyData(s: TencentVodSession): Record<string, unknown> {
    const sts = authority.issueSts({ appid: s.appid, durationSeconds: options.certificateSeconds ?? 3600 });
    const data: Record<string, unknown> = {
      appId: Number(s.appid),
      vodSessionKey: s.vodSessionKey,
      storageBucket,
      storageAppId: Number(s.appid),
      storageRegion: regionShort,
      storageRegionV5: regionV5,
      domain: { cosHost: cosHostOf(s.appid) },
      timestamp: sts.startTime,
      tempCertificate: {
        secretId: sts.credentials.tmpSecretId,
        secretKey: sts.credentials.tmpSecretKey,
        token: sts.credentials.sessionToken,
        expiredTime: sts.expiredTime,
      },
      video: { storageSignature: '', storagePath: `/${s.videoKey}` },
    };
    if (s.coverKey) data.cover = { storageSignature: '', storagePath: `/${s.coverKey}` };
    if (options.accelerateHost) data.MiniProgramAccelerateHost = options.accelerateHost;
    return data;
  }

  function apply(body: Record<string, unknown>): Record<string, unknown> {
    const { appid, secretId } = checkSignature(body.signature);
    const coverType = typeParam(body, 'coverType');
    const coverName = str(body, 'coverName');
    if (coverName !== undefined && coverType === undefined) throw new VodFail('invalidRequest', 'coverName without coverType');
    const key = str(body, 'vodSessionKey');
    if (key !== undefined) {
      const s = sessions.get(key);
      if (!s || s.appid !== appid) throw new VodFail('invalidSession', 'invalid vodSessionKey');
      if (s.fileId) throw new VodFail('invalidSession', 'vodSessionKey already committed');
      if (coverType && !s.coverKey) {
        s.coverType = coverType;
        s.coverKey = `${s.videoKey.slice(0, s.videoKey.lastIndexOf('/'))}/cover.${coverType}`;
      }
      s.applies += 1;
      saveSession(s);
      return applyData(s);
    }
    const videoType = typeParam(body, 'videoType');
    if (videoType === undefined) throw new VodFail('invalidRequest', 'videoType is required');
    const videoName = str(body, 'videoName') ?? '';
    const dir = `${appid}/${randomBytes(8).toString('hex')}`;
    const s: TencentVodSession = {
      vodSessionKey: `${randomBytes(24).toString('base64url')}`,
      appid,
      secretId,
      videoName,
      videoType,
      videoKey: `${dir}/f0.${videoType}`,
      coverType,
      coverKey: coverType ? `${dir}/cover.${coverType}` : undefined,
      created: clock(),
      applies: 1,
    };
    sessions.set(s.vodSessionKey, s);
    saveSession(s);
    return applyData(s);
  }

  function mediaUrl(appid: string, fileId: string, key: string): string {
    return `http://${appid}.vod2.myqcloud.com/${fileId}/${key.slice(key.lastIndexOf('/') + 1)}`;
  }

  async function commit(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { appid } = checkSignature(body.signature);
    const key = str(body, 'vodSessionKey');
    if (key === undefined) throw new VodFail('invalidRequest', 'vodSessionKey is required');
    const s = sessions.get(key);
    if (!s || s.appid !== appid) throw new VodFail('invalidSession', 'invalid vodSessionKey');
    const answer = (m: TencentVodMedia) => {
      const data: Record<string, unknown> = { fileId: m.fileId, video: { url: m.videoUrl, verify_content: '' } };
      if (m.coverUrl) data.cover = { url: m.coverUrl };
      return data;
    };
    if (s.fileId) return answer(media.get(s.fileId)!); // a retried Commit gets the same answer
    const bucket = bucketOf(appid);
    const have = (k: string) => (cos.store.hasBucket(bucket) ? cos.store.head(bucket, k) : undefined);
    const video = have(s.videoKey);
    if (!video) throw new VodFail('mediaNotUploaded', 'media not uploaded');
    const cover = s.coverKey ? have(s.coverKey) : undefined;
    if (s.coverKey && !cover) throw new VodFail('mediaNotUploaded', 'cover not uploaded');
    const md5 = (await md5OfFile(cos.store.dataPath(bucket, video), video.size)).toString('hex');
    const coverMd5 = cover ? (await md5OfFile(cos.store.dataPath(bucket, cover), cover.size)).toString('hex') : undefined;
    if (s.fileId) return answer(media.get(s.fileId)!); // a concurrent Commit won
    const fileId = newFileId();
    const m: TencentVodMedia = {
      fileId,
      appid,
      videoName: s.videoName,
      videoKey: s.videoKey,
      size: video.size,
      md5,
      videoUrl: mediaUrl(appid, fileId, s.videoKey),
      committed: clock(),
    };
    if (cover && s.coverKey) {
      m.coverKey = s.coverKey;
      m.coverSize = cover.size;
      m.coverMd5 = coverMd5;
      m.coverUrl = mediaUrl(appid, fileId, s.coverKey);
    }
    media.set(fileId, m);
    store?.save('media', fileId, m);
    s.fileId = fileId;
    saveSession(s);
    return answer(m);
  }

  async function vodApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const action = url.searchParams.get('Action') ?? '';
    const entry: TencentVodLogEntry = { action: action || 'unknown', status: 0 };
    record(res, entry);
    const fail = (f: VodFail) => {
      entry.code = codes[f.name_];
      entry.message = f.message;
      entry.signatureFailure = f.signatureFailure;
      sendJson(res, { code: entry.code, message: f.message });
    };
    try {
      if (action !== 'ApplyUploadUGC' && action !== 'CommitUploadUGC') throw new VodFail('unknownAction', `unknown Action "${action}"`);
      if ((req.method ?? 'GET').toUpperCase() !== 'POST') throw new VodFail('invalidRequest', `${action} needs POST`);
      const raw = await readBody(req, 64 * 1024);
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new VodFail('invalidRequest', 'body must be JSON');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new VodFail('invalidRequest', 'body must be a JSON object');
      const data = action === 'ApplyUploadUGC' ? apply(body as Record<string, unknown>) : await commit(body as Record<string, unknown>);
      entry.code = 0;
      sendJson(res, { code: 0, message: '', data });
    } catch (e) {
      if (e instanceof VodFail) return fail(e);
      throw e;
    }
  }

  async function report(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const entry: TencentVodLogEntry = { action: 'report', status: 0 };
    record(res, entry);
    const raw = await readBody(req, 256 * 1024).catch(() => undefined);
    if (raw === undefined) return sendJson(res, { code: 1, message: 'body too large' }, 413);
    const text = raw.toString('utf8');
    let v: unknown = text;
    try {
      v = JSON.parse(text);
    } catch {
      // kept as text
    }
    reports.push(v);
    if (reports.length > 1000) reports.shift();
    sendJson(res, {});
  }

  /** The SDK's COS traffic: only for a VOD storage host, then the COS server decides. */
  function forward(req: IncomingMessage, res: ServerResponse, target: string): void {
    const entry: TencentVodLogEntry = { action: 'cos', status: 0 };
    record(res, entry);
    const m = /^([a-z0-9-]+)-(\d+)\.cos\.([a-z0-9-]+)\.myqcloud\.com$/.exec(target.toLowerCase());
    if (!m || m[1] !== storageBucket || m[3] !== regionV5) {
      const text =
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>' +
        `<Message>Vod-Forward-Cos ${target.replace(/[<>&]/g, '')} is not a VOD storage host.</Message></Error>`;
      res.statusCode = 403;
      res.setHeader('Content-Type', 'application/xml');
      res.setHeader('Content-Length', Buffer.byteLength(text));
      res.setHeader('x-cos-request-id', randomBytes(12).toString('hex'));
      res.setHeader('Date', new Date(clock()).toUTCString());
      res.end(text);
      return;
    }
    cos.handle(req, res);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const host = (headerValue(req, 'host') ?? '').toLowerCase().replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', 'http://x');
    const fwd = headerValue(req, 'vod-forward-cos');
    const work = async () => {
      if (host === VOD_TENCENT_REPORT_HOST) return report(req, res);
      if (fwd !== undefined) return forward(req, res, fwd);
      if (url.pathname === '/v3/index.php') return vodApi(req, res, url);
      const entry: TencentVodLogEntry = { action: 'unknown', status: 0 };
      record(res, entry);
      sendJson(res, { code: codes.unknownAction, message: `no route ${req.method} ${url.pathname}` }, 404);
    };
    work().catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, { code: -1, message: (e as Error)?.message ?? String(e) }, 500);
      else res.destroy();
    });
  }

  return {
    name: 'tencentVod',
    hosts: [...VOD_TENCENT_HOSTS, ...(options.accelerateHost ? [options.accelerateHost] : [])],
    cos,
    clock,
    bucketOf,
    cosHostOf,
    sessions,
    media,
    reports,
    log,
    errorCodes: codes,
    handle,
    async close() {},
  };
}
