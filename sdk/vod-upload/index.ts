/**
 * VODUpload — an Alibaba-Cloud-VOD-style upload SDK for mini programs, written
 * only against `wx.*` (it would run on a phone unchanged). Same public
 * interface as Alibaba's mini-program SDK (seed 002, research
 * aliyun-vod-oss.md §1), matching the documented contract rather than the 1.0.x
 * defects listed in research §1.7:
 *
 * - progress is the documented 0..1 fraction;
 * - HTTP errors and network failures reach `onUploadFailed(uploadInfo, code, message)`;
 * - `stopUpload` / `cancelFile` abort the transfer in flight (`onUploadCanceled`);
 * - `resumeUploadWithAuth` / `resumeUploadWithSTSToken` work and continue from the checkpoint;
 * - `onUploadEnd` fires once when the list is done, failed files included;
 * - `uploadInfo.file` exists (`{ url, coverUrl, name, size }`) so the doc's callbacks can log `file.name`;
 * - a userData string that is not valid JSON (the doc's own sample is not) is kept, not thrown.
 *
 * Transfer (our extension over 1.0.x, research §4): files up to
 * `multipartThreshold` (default 5 MiB) go in one OSS PostObject through
 * `wx.uploadFile`; larger ones use OSS multipart (Initiate / UploadPart from
 * `readFile(position, length)` / Complete) with `parallel` parts in flight, the
 * part size raised to stay within 10,000 parts, and a checkpoint in wx storage
 * keyed by the file's MD5 and size, so a stopped, expired or restarted upload
 * skips the parts already done.
 */
import { base64Encode, utf8Encode, uuid4 } from './crypto';
import {
  completeMultipartBody,
  header,
  initiateMultipart,
  ossRequest,
  postObject,
  type Abortable,
  type OssCredentials,
  type OssTarget,
} from './oss';
import { decodeBase64Json, vodCall, type StsCredentials, type UploadAddress, type UploadAuth } from './vod';
import { getWx, UploadError } from './wx';

export type FileState = 'Ready' | 'Uploading' | 'Success' | 'Failure' | 'Canceled' | 'Stoped';
type EngineState = 'Init' | 'Start' | 'Stop' | 'Failure' | 'Expire' | 'End';

export interface Checkpoint {
  fileHash: string;
  fileSize: number;
  endpoint: string;
  bucket: string;
  object: string;
  videoId?: string;
  uploadId: string;
  partSize: number;
  doneParts: Array<{ number: number; etag: string }>;
}

export interface UploadInfo {
  url: string;
  coverUrl?: string;
  /** `{ url, coverUrl, name, size }` — present so documented callbacks can log `uploadInfo.file.name`. */
  file: { url: string; coverUrl?: string; name: string; size?: number };
  state: FileState;
  isImage: boolean;
  fileSize?: number;
  fileHash?: string;
  /** Base64 of the userData string (what VOD expects). */
  userData?: string;
  /** `JSON.parse(userData).Vod`, `{}` when absent or not valid JSON. */
  videoInfo: Record<string, unknown>;
  endpoint?: string;
  bucket?: string;
  object?: string;
  region?: string;
  videoId?: string;
  /** Last progress, 0..1. */
  loaded: number;
  retry: boolean;
  /** Request id used in VOD calls. */
  ri: string;
  checkpoint?: Checkpoint;
  _endpoint?: string | null;
  _bucket?: string | null;
  _object?: string | null;
}

type Cb<A extends unknown[]> = ((...args: A) => void) | undefined;

export interface VODUploadOptions {
  userId?: string;
  /** Default `cn-shanghai`; replaced by UploadAuth.Region when present. */
  region?: string;
  /** Multipart part size in bytes (default 1 MiB, at least 100 KB). */
  partSize?: number;
  /** Parts in flight (default 5). */
  parallel?: number;
  /** Retries on network errors and timeouts (default 3). */
  retryCount?: number;
  /** Seconds between retries (default 2). */
  retryDuration?: number;
  /** Per-request timeout, ms (default: the runtime's). */
  timeout?: number;
  /** Files larger than this (bytes) use multipart (default 5 MiB). Our extension. */
  multipartThreshold?: number;
  addFileSuccess?: Cb<[UploadInfo]>;
  onUploadstarted?: Cb<[UploadInfo]>;
  onUploadSucceed?: Cb<[UploadInfo]>;
  onUploadFailed?: Cb<[UploadInfo, string, string]>;
  onUploadProgress?: Cb<[UploadInfo, number, number]>;
  onUploadTokenExpired?: Cb<[UploadInfo, UploadError]>;
  onUploadCanceled?: Cb<[UploadInfo, UploadError]>;
  onUploadEnd?: Cb<[UploadInfo]>;
}

const MIN_PART = 100 * 1024;
const MAX_PARTS = 10000;
const TOKEN_EXPIRED = new Set(['SecurityTokenExpired', 'InvalidSecurityToken.Expired', 'InvalidAccessKeyId', 'SignatureDoesNotMatch']);
const RETRYABLE = new Set(['RequestTimeoutError', 'NetworkError', 'ConnectionTimeout', 'ConnectionTimeoutError']);
const CHECKPOINT_PREFIX = 'vodupload_checkpoint_';

function basename(url: string): string {
  const tail = url.split('/').pop() ?? url;
  return tail.replace(/^.*:\/\//, '');
}

export class VODUpload {
  readonly options: Required<
    Pick<VODUploadOptions, 'region' | 'partSize' | 'parallel' | 'retryCount' | 'retryDuration' | 'multipartThreshold'>
  > &
    VODUploadOptions;
  private readonly list: UploadInfo[] = [];
  private engine: EngineState = 'Init';
  private current = -1;
  private credentials?: OssCredentials;
  private sts?: StsCredentials;
  private readonly inflight = new Set<Abortable>();
  /** Bumped whenever the transfer of the current file is abandoned (stop, cancel, restart). */
  private run = 0;
  private retriesLeft: number;
  private endFired = false;
  private readonly ready = new WeakMap<UploadInfo, Promise<void>>();

  constructor(options: VODUploadOptions = {}) {
    this.options = {
      ...options,
      region: options.region || 'cn-shanghai',
      partSize: Math.max(MIN_PART, Number(options.partSize) || 1024 * 1024),
      parallel: Math.max(1, Math.floor(Number(options.parallel) || 5)),
      retryCount: options.retryCount === undefined ? 3 : Math.max(0, Math.floor(Number(options.retryCount) || 0)),
      retryDuration: options.retryDuration === undefined ? 2 : Math.max(0, Number(options.retryDuration) || 0),
      multipartThreshold: options.multipartThreshold ?? 5 * 1024 * 1024,
    };
    this.retriesLeft = this.options.retryCount;
  }

  // ---- callbacks ---------------------------------------------------------

  private emit<K extends keyof VODUploadOptions>(name: K, ...args: unknown[]): void {
    const fn = this.options[name];
    if (typeof fn !== 'function') return;
    try {
      (fn as (...a: unknown[]) => void).apply(this, args);
    } catch (err) {
      // A throwing app callback must not break the queue (as the original SDK).
      console.error(`VODUpload: ${String(name)} callback threw`, err);
    }
  }

  // ---- list management ----------------------------------------------------

  /** Adds a file (`{ url, coverUrl? }`, e.g. from wx.chooseVideo). Returns false for a duplicate or missing file. */
  addFile(
    file: { url?: string; coverUrl?: string } | null | undefined,
    endpoint?: string | null,
    bucket?: string | null,
    object?: string | null,
    userData?: string | null,
  ): boolean {
    if (!file || typeof file.url !== 'string' || !file.url) return false;
    if (this.list.some((i) => i.url === file.url)) return false;
    let videoInfo: Record<string, unknown> = {};
    let encoded: string | undefined;
    if (typeof userData === 'string' && userData) {
      try {
        const parsed = JSON.parse(userData) as { Vod?: Record<string, unknown> };
        videoInfo = parsed && typeof parsed.Vod === 'object' && parsed.Vod ? parsed.Vod : {};
      } catch {
        console.warn('VODUpload: userData is not valid JSON; it is kept as given and not applied');
      }
      encoded = base64OfUtf8(userData);
    }
    const info: UploadInfo = {
      url: file.url,
      coverUrl: file.coverUrl,
      file: { url: file.url, coverUrl: file.coverUrl, name: basename(file.url) },
      state: 'Ready',
      isImage: /\.(jpg|jpeg|png|gif)/i.test(file.url),
      videoInfo,
      userData: encoded,
      loaded: 0,
      retry: false,
      ri: uuid4(),
      _endpoint: endpoint ?? null,
      _bucket: bucket ?? null,
      _object: object ?? null,
    };
    this.list.push(info);
    this.ready.set(info, this.probe(info));
    this.emit('addFileSuccess', info);
    return true;
  }

  /** Size and MD5 of the file (the checkpoint key), read through the file system manager. */
  private probe(info: UploadInfo): Promise<void> {
    return new Promise((resolve) => {
      getWx()
        .getFileSystemManager()
        .getFileInfo({
          filePath: info.url,
          digestAlgorithm: 'md5',
          success: (res) => {
            info.fileSize = res.size;
            info.file.size = res.size;
            info.fileHash = res.digest;
            resolve();
          },
          fail: () => resolve(),
        });
    });
  }

  deleteFile(index: number): boolean {
    if (!this.cancelFile(index)) return false;
    this.list.splice(index, 1);
    if (this.current === index) this.current = -1;
    else if (this.current > index) this.current--;
    return true;
  }

  cancelFile(index: number): boolean {
    const info = this.list[index];
    if (!info) return false;
    if (index === this.current && (info.state === 'Uploading' || this.engine === 'Expire')) {
      const wasUploading = info.state === 'Uploading';
      this.abandon();
      info.state = 'Canceled';
      this.dropCheckpoint(info, true);
      if (wasUploading) this.emit('onUploadCanceled', info, new UploadError('cancel', 'upload canceled by cancelFile'));
      this.engine = 'Start';
      this.scheduleNext();
    } else if (info.state !== 'Success') {
      info.state = 'Canceled';
    }
    return true;
  }

  resumeFile(index: number): boolean {
    const info = this.list[index];
    if (!info || info.state !== 'Canceled') return false;
    info.state = 'Ready';
    return true;
  }

  /** The live upload list. */
  listFiles(): UploadInfo[] {
    return this.list;
  }

  cleanList(): void {
    this.stopUpload();
    this.list.length = 0;
    this.current = -1;
  }

  // ---- upload control -------------------------------------------------------

  startUpload(): void {
    if (this.engine === 'Start' || this.engine === 'Expire') {
      console.log('VODUpload: upload already started or waiting for new credentials');
      return;
    }
    for (const i of this.list) if (i.state === 'Failure' || i.state === 'Stoped') i.state = 'Ready';
    this.retriesLeft = this.options.retryCount;
    this.endFired = false;
    const next = this.list.findIndex((i) => i.state === 'Ready');
    if (next < 0) {
      this.engine = 'End';
      return;
    }
    this.engine = 'Start';
    void this.begin(next);
  }

  stopUpload(): void {
    const info = this.list[this.current];
    if (!info || (this.engine !== 'Start' && this.engine !== 'Failure' && this.engine !== 'Expire')) return;
    const wasUploading = info.state === 'Uploading';
    this.abandon();
    this.engine = 'Stop';
    if (info.state !== 'Success' && info.state !== 'Canceled') info.state = 'Stoped';
    if (wasUploading) this.emit('onUploadCanceled', info, new UploadError('cancel', 'upload stopped by stopUpload'));
  }

  /** Credential mode: call from `onUploadstarted` with the AppServer's UploadAuth/UploadAddress (Base64). */
  setUploadAuthAndAddress(uploadInfo: UploadInfo, uploadAuth: string, uploadAddress: string, videoId?: string): boolean {
    const auth = decodeBase64Json<UploadAuth>(uploadAuth);
    const address = decodeBase64Json<UploadAddress>(uploadAddress);
    if (!uploadInfo || !auth || !auth.AccessKeyId || !auth.AccessKeySecret || !auth.SecurityToken || !auth.Expiration) {
      console.error('VODUpload: uploadauth is invalid');
      return false;
    }
    if (!address || !address.Endpoint || !address.Bucket || !address.FileName) {
      console.error('VODUpload: uploadAddress is invalid');
      return false;
    }
    this.credentials = { accessKeyId: auth.AccessKeyId, accessKeySecret: auth.AccessKeySecret, securityToken: auth.SecurityToken };
    if (auth.Region) this.options.region = auth.Region;
    uploadInfo.region = this.options.region;
    uploadInfo.endpoint = uploadInfo._endpoint || address.Endpoint;
    uploadInfo.bucket = uploadInfo._bucket || address.Bucket;
    uploadInfo.object = uploadInfo._object || address.FileName;
    if (videoId) uploadInfo.videoId = videoId;
    if (this.list[this.current] === uploadInfo) void this.transfer(uploadInfo);
    return true;
  }

  /** STS mode: call from `onUploadstarted`; the SDK asks VOD for the upload address itself. */
  setSTSToken(uploadInfo: UploadInfo, accessKeyId: string, accessKeySecret: string, securityToken: string): boolean {
    if (!uploadInfo || !accessKeyId || !accessKeySecret || !securityToken) return false;
    this.sts = { accessKeyId, accessKeySecret, securityToken };
    void this.viaVod(uploadInfo);
    return true;
  }

  /** After onUploadTokenExpired in credential mode: a new UploadAuth for the same address. */
  resumeUploadWithAuth(uploadAuth: string): boolean {
    const info = this.list[this.current];
    const auth = decodeBase64Json<UploadAuth>(uploadAuth);
    if (this.engine !== 'Expire' || !info) return false;
    if (!auth || !auth.AccessKeyId || !auth.AccessKeySecret || !auth.SecurityToken || !auth.Expiration) {
      console.error('VODUpload: uploadauth is invalid');
      return false;
    }
    this.credentials = { accessKeyId: auth.AccessKeyId, accessKeySecret: auth.AccessKeySecret, securityToken: auth.SecurityToken };
    this.engine = 'Start';
    this.retriesLeft = this.options.retryCount;
    void this.transfer(info);
    return true;
  }

  /** After onUploadTokenExpired in STS mode: new STS keys; the SDK refreshes the upload credential. */
  resumeUploadWithSTSToken(accessKeyId: string, accessKeySecret: string, securityToken: string, _expireTime?: string): boolean {
    const info = this.list[this.current];
    if (this.engine !== 'Expire' || !info || !accessKeyId || !accessKeySecret || !securityToken) return false;
    this.sts = { accessKeyId, accessKeySecret, securityToken };
    this.engine = 'Start';
    this.retriesLeft = this.options.retryCount;
    void this.viaVod(info);
    return true;
  }

  // ---- the queue -----------------------------------------------------------------

  private async begin(index: number): Promise<void> {
    this.current = index;
    const info = this.list[index];
    const run = this.run;
    await this.ready.get(info);
    if (run !== this.run || this.engine !== 'Start') return;
    const cp = this.loadCheckpoint(info);
    if (cp) {
      info.checkpoint = cp;
      if (cp.videoId && !info.videoId) info.videoId = cp.videoId;
    }
    this.emit('onUploadstarted', info);
  }

  private scheduleNext(): void {
    const next = this.list.findIndex((i) => i.state === 'Ready');
    if (next >= 0 && this.engine === 'Start') {
      setTimeout(() => {
        if (this.engine === 'Start' && this.list[next]?.state === 'Ready') void this.begin(next);
      }, 100);
      return;
    }
    if (next < 0 && !this.list.some((i) => i.state === 'Uploading')) {
      this.engine = 'End';
      if (!this.endFired) {
        this.endFired = true;
        this.emit('onUploadEnd', this.list[this.current]);
      }
    }
  }

  /** Aborts everything in flight for the current file; late answers are ignored. */
  private abandon(): void {
    this.run++;
    for (const t of [...this.inflight]) t.abort();
    this.inflight.clear();
  }

  private async viaVod(info: UploadInfo): Promise<void> {
    const sts = this.sts;
    if (!sts) return;
    const run = this.run;
    try {
      let res: Record<string, unknown>;
      if (info.videoId && !info.isImage) {
        res = await vodCall(this.options.region, sts, 'RefreshUploadVideo', { VideoId: info.videoId }, info.ri, this.options.timeout);
      } else if (info.isImage) {
        const ext = /\.(jpg|jpeg|png|gif)/i.exec(info.url)?.[1].toLowerCase();
        res = await vodCall(
          this.options.region,
          sts,
          'CreateUploadImage',
          {
            ImageType: String(info.videoInfo.ImageType ?? 'default'),
            ImageExt: ext,
            Title: strOf(info.videoInfo.Title),
            Tags: strOf(info.videoInfo.Tags),
          },
          info.ri,
          this.options.timeout,
        );
      } else {
        const vod = info.videoInfo;
        res = await vodCall(
          this.options.region,
          sts,
          'CreateUploadVideo',
          {
            Title: strOf(vod.Title) ?? info.file.name,
            FileName: info.file.name,
            FileSize: info.fileSize === undefined ? undefined : String(info.fileSize),
            Description: strOf(vod.Description),
            CateId: strOf(vod.CateId),
            Tags: strOf(vod.Tags),
            TemplateGroupId: strOf(vod.TemplateGroupId),
            StorageLocation: strOf(vod.StorageLocation),
            UserData:
              vod.UserData === undefined ? undefined : typeof vod.UserData === 'string' ? vod.UserData : JSON.stringify(vod.UserData),
          },
          info.ri,
          this.options.timeout,
        );
      }
      if (run !== this.run) return;
      const videoId = strOf(res.VideoId) ?? strOf(res.ImageId);
      if (!this.setUploadAuthAndAddress(info, String(res.UploadAuth ?? ''), String(res.UploadAddress ?? ''), videoId)) {
        this.fail(info, new UploadError('GetUploadAuthFailed', 'VOD answered without a usable UploadAuth/UploadAddress'));
      }
    } catch (err) {
      if (run !== this.run) return;
      this.handleError(info, err as UploadError);
    }
  }

  private async transfer(info: UploadInfo): Promise<void> {
    this.abandon();
    const run = this.run;
    const creds = this.credentials;
    if (!creds || !info.endpoint || !info.bucket || !info.object) return;
    info.state = 'Uploading';
    const target: OssTarget = { endpoint: info.endpoint, bucket: info.bucket, object: info.object };
    try {
      if (info.fileSize === undefined) throw new UploadError('FileNotExist', `cannot read ${info.url}`);
      if (info.fileSize > this.options.multipartThreshold) await this.multipart(info, target, creds, run);
      else await this.post(info, target, creds, run);
      if (run !== this.run) return;
      info.state = 'Success';
      info.loaded = 1;
      this.dropCheckpoint(info, false);
      this.retriesLeft = this.options.retryCount;
      this.emit('onUploadSucceed', info);
      this.scheduleNext();
    } catch (err) {
      if (run !== this.run) return;
      this.handleError(info, err as UploadError);
    }
  }

  /**
   * Reports progress. Only durable progress (a part stored on the server) refills the
   * retry budget: bytes that left on a connection that is then reset are not progress,
   * or a flapping link would be retried forever (1.0.x reset it on every event).
   */
  private progress(info: UploadInfo, fraction: number, durable = false): void {
    info.loaded = Math.min(1, Math.max(info.loaded, fraction));
    if (durable) this.retriesLeft = this.options.retryCount;
    this.emit('onUploadProgress', info, info.fileSize ?? 0, info.loaded);
  }

  private async post(info: UploadInfo, target: OssTarget, creds: OssCredentials, run: number): Promise<void> {
    const { task, done } = postObject(target, creds, info.url, {
      timeout: this.options.timeout,
      onProgress: (f) => run === this.run && this.progress(info, f),
    });
    this.inflight.add(task);
    try {
      await done;
    } finally {
      this.inflight.delete(task);
    }
  }

  private async multipart(info: UploadInfo, target: OssTarget, creds: OssCredentials, run: number): Promise<void> {
    const size = info.fileSize as number;
    let cp = info.checkpoint;
    if (!cp || cp.bucket !== target.bucket || cp.object !== target.object || cp.fileSize !== size || !cp.uploadId) {
      const partSize = Math.max(this.options.partSize, Math.ceil(size / MAX_PARTS));
      const uploadId = await this.tracked(initiateMultipart(target, creds, this.options.timeout));
      cp = {
        fileHash: info.fileHash ?? '',
        fileSize: size,
        endpoint: target.endpoint,
        bucket: target.bucket,
        object: target.object,
        videoId: info.videoId,
        uploadId,
        partSize,
        doneParts: [],
      };
      info.checkpoint = cp;
      this.saveCheckpoint(cp);
    }
    const checkpoint = cp;
    const count = Math.ceil(size / checkpoint.partSize) || 1;
    const done = new Set(checkpoint.doneParts.map((p) => p.number));
    const todo: number[] = [];
    for (let n = 1; n <= count; n++) if (!done.has(n)) todo.push(n);
    const partBytes = (n: number) => Math.min(checkpoint.partSize, size - (n - 1) * checkpoint.partSize);
    let doneBytes = checkpoint.doneParts.reduce((s, p) => s + partBytes(p.number), 0);
    if (doneBytes > 0) this.progress(info, doneBytes / size);

    const fsm = getWx().getFileSystemManager();
    const readPart = (n: number) =>
      new Promise<ArrayBuffer>((resolve, reject) =>
        fsm.readFile({
          filePath: info.url,
          position: (n - 1) * checkpoint.partSize,
          length: partBytes(n),
          success: (r) => resolve(r.data as ArrayBuffer),
          fail: (e) => reject(new UploadError('FileReadError', e.errMsg)),
        }),
      );
    let failure: UploadError | undefined;
    const worker = async () => {
      while (todo.length > 0 && !failure && run === this.run) {
        const n = todo.shift() as number;
        try {
          const data = await readPart(n);
          if (run !== this.run) return;
          const res = await this.tracked(
            ossRequest(target, creds, {
              method: 'PUT',
              query: { partNumber: String(n), uploadId: checkpoint.uploadId },
              data,
              timeout: this.options.timeout,
            }),
          );
          const etag = header(res.header, 'etag');
          if (!etag) throw new UploadError('InvalidResponse', `UploadPart ${n} answered without an ETag`);
          if (run !== this.run) return;
          checkpoint.doneParts.push({ number: n, etag });
          this.saveCheckpoint(checkpoint);
          doneBytes += partBytes(n);
          this.progress(info, doneBytes / size, true);
        } catch (err) {
          failure ??= err as UploadError;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.parallel, todo.length) }, worker));
    if (failure) throw failure;
    if (run !== this.run) return;
    await this.tracked(
      ossRequest(target, creds, {
        method: 'POST',
        query: { uploadId: checkpoint.uploadId },
        contentType: 'application/xml',
        data: completeMultipartBody(checkpoint.doneParts),
        timeout: this.options.timeout,
      }),
    );
  }

  /** Registers an abortable request for the duration of its promise. */
  private async tracked<T>(r: { task: Abortable; done: Promise<T> }): Promise<T> {
    this.inflight.add(r.task);
    try {
      return await r.done;
    } finally {
      this.inflight.delete(r.task);
    }
  }

  /** Research §1.6, with our contract: retry network errors, expire on token codes, fail the rest. */
  private handleError(info: UploadInfo, err: UploadError): void {
    const code = err instanceof UploadError ? err.code : 'UnknownError';
    const message = err instanceof Error ? err.message : String(err);
    if (code === 'cancel') return; // stop/cancel already handled the state
    if (TOKEN_EXPIRED.has(code)) {
      this.abandon();
      info.state = 'Failure';
      this.engine = 'Expire';
      this.emit('onUploadTokenExpired', info, err);
      return;
    }
    if (RETRYABLE.has(code) && this.retriesLeft > 0) {
      this.retriesLeft--;
      info.retry = true;
      this.abandon();
      const run = this.run;
      setTimeout(() => {
        if (run === this.run && this.engine === 'Start' && this.list[this.current] === info) void this.transfer(info);
      }, this.options.retryDuration * 1000);
      return;
    }
    if (code === 'NoSuchUpload') this.dropCheckpoint(info, false);
    this.fail(info, err instanceof UploadError ? err : new UploadError(code, message));
  }

  private fail(info: UploadInfo, err: UploadError): void {
    this.abandon();
    info.state = 'Failure';
    info.ri = uuid4();
    this.retriesLeft = this.options.retryCount;
    this.emit('onUploadFailed', info, err.code, err.message);
    this.engine = 'Start';
    this.scheduleNext();
  }

  // ---- checkpoints in wx storage --------------------------------------------------

  private checkpointKey(info: { fileHash?: string; fileSize?: number }): string | undefined {
    return info.fileHash && info.fileSize !== undefined ? `${CHECKPOINT_PREFIX}${info.fileHash}_${info.fileSize}` : undefined;
  }

  private loadCheckpoint(info: UploadInfo): Checkpoint | undefined {
    const key = this.checkpointKey(info);
    if (!key) return undefined;
    try {
      const v = getWx().getStorageSync(key) as unknown;
      const cp = (typeof v === 'string' && v ? JSON.parse(v) : undefined) as Checkpoint | undefined;
      return cp && Array.isArray(cp.doneParts) && cp.uploadId ? cp : undefined;
    } catch {
      return undefined;
    }
  }

  private saveCheckpoint(cp: Checkpoint): void {
    const key = this.checkpointKey(cp);
    if (!key) return;
    try {
      getWx().setStorageSync(key, JSON.stringify(cp));
    } catch (err) {
      console.warn('VODUpload: could not save the checkpoint', err);
    }
  }

  /** Forgets the checkpoint; with `abortOnServer` also aborts the multipart upload it names. */
  private dropCheckpoint(info: UploadInfo, abortOnServer: boolean): void {
    const cp = info.checkpoint;
    info.checkpoint = undefined;
    const key = this.checkpointKey(info);
    if (key) {
      try {
        getWx().removeStorageSync(key);
      } catch {
        // storage errors do not change the upload's outcome
      }
    }
    if (abortOnServer && cp && this.credentials) {
      const t: OssTarget = { endpoint: cp.endpoint, bucket: cp.bucket, object: cp.object };
      ossRequest(t, this.credentials, { method: 'DELETE', query: { uploadId: cp.uploadId } }).done.catch(() => undefined);
    }
  }
}

function strOf(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function base64OfUtf8(s: string): string {
  return base64Encode(utf8Encode(s));
}

export default VODUpload;
