/**
 * An OSS client for a mini program, over `wx.uploadFile` (PostObject) and
 * `wx.request` (multipart), signed with the OSS V1 scheme (research
 * aliyun-vod-oss.md §3.1–§3.4): the policy signature for PostObject, the
 * `Authorization: OSS <id>:<sig>` header with `x-oss-date` (a mini program
 * cannot set `Date`) and `x-oss-security-token` for everything else.
 */
import { base64Encode, hmacSha1Base64, utf8Encode } from './crypto';
import { escapeXml, getWx, ossError, UploadError, wxFailure, xmlValue, type RequestTaskLike, type UploadTaskLike } from './wx';

export interface OssCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface OssTarget {
  /** With scheme, e.g. `https://oss-cn-shanghai.aliyuncs.com`. */
  endpoint: string;
  bucket: string;
  object: string;
}

/** Something in flight that stop/cancel can abort. */
export interface Abortable {
  abort(): void;
}

/** `https://<bucket>.<endpoint host>` — virtual-host style, as the SDK and OSS expect. */
export function bucketOrigin(t: OssTarget): string {
  const m = /^(https?):\/\/([^/]+)\/?$/.exec(t.endpoint.trim());
  if (!m) throw new UploadError('InvalidArgument', `invalid OSS endpoint ${t.endpoint}`);
  return `${m[1]}://${t.bucket}.${m[2]}`;
}

/** Object key as a URL path: each segment percent-encoded, `/` kept. */
export function objectPath(object: string): string {
  return '/' + object.split('/').map(encodeURIComponent).join('/');
}

/** The PostObject form fields for `target` (policy valid `ttlMs`, size cap `maxBytes`). */
export function postObjectForm(
  t: OssTarget,
  c: OssCredentials,
  now: number,
  opts: { ttlMs?: number; maxBytes?: number } = {},
): Record<string, string> {
  const policy = {
    expiration: new Date(now + (opts.ttlMs ?? 5 * 60 * 1000)).toISOString(),
    conditions: [{ bucket: t.bucket }, ['eq', '$key', t.object], ['content-length-range', 0, opts.maxBytes ?? 5 * 1024 * 1024 * 1024]],
  };
  const policyBase64 = base64Encode(utf8Encode(JSON.stringify(policy)));
  const form: Record<string, string> = {
    key: t.object,
    policy: policyBase64,
    OSSAccessKeyId: c.accessKeyId,
    signature: hmacSha1Base64(c.accessKeySecret, policyBase64),
    success_action_status: '200',
  };
  if (c.securityToken) form['x-oss-security-token'] = c.securityToken;
  return form;
}

/** One PostObject through wx.uploadFile. `onProgress` gets 0..1. */
export function postObject(
  t: OssTarget,
  c: OssCredentials,
  filePath: string,
  opts: { timeout?: number; onProgress?: (fraction: number) => void },
): { task: Abortable; done: Promise<void> } {
  const wx = getWx();
  let task: UploadTaskLike | undefined;
  const done = new Promise<void>((resolve, reject) => {
    task = wx.uploadFile({
      url: bucketOrigin(t) + '/',
      filePath,
      name: 'file',
      formData: postObjectForm(t, c, Date.now()),
      ...(opts.timeout ? { timeout: opts.timeout } : {}),
      success: (res) => (res.statusCode >= 200 && res.statusCode < 300 ? resolve() : reject(ossError(res.statusCode, res.data))),
      fail: (err) => reject(wxFailure(err.errMsg)),
    });
    task.onProgressUpdate((p) => opts.onProgress?.(p.progress / 100));
  });
  return { task: { abort: () => task?.abort() }, done };
}

export interface OssRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** Sub-resources / query, e.g. `{ uploads: null }` or `{ partNumber: '3', uploadId: 'x' }`. */
  query?: Record<string, string | null>;
  contentType?: string;
  data?: ArrayBuffer | string;
  timeout?: number;
  headers?: Record<string, string>;
}

/** The V1 string to sign (research §3.4). */
export function ossStringToSign(
  verb: string,
  contentMd5: string,
  contentType: string,
  date: string,
  ossHeaders: Record<string, string>,
  resource: string,
): string {
  const canonicalHeaders = Object.keys(ossHeaders)
    .map((k) => [k.toLowerCase(), ossHeaders[k].trim()] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${k}:${v}\n`)
    .join('');
  return `${verb}\n${contentMd5}\n${contentType}\n${date}\n${canonicalHeaders}${resource}`;
}

/** A signed request through wx.request; resolves with the response on 2xx, rejects with an UploadError otherwise. */
export function ossRequest(
  t: OssTarget,
  c: OssCredentials,
  r: OssRequest,
): { task: Abortable; done: Promise<{ statusCode: number; header: Record<string, string>; data: string }> } {
  const wx = getWx();
  const query = r.query ?? {};
  const keys = Object.keys(query).sort();
  const sub = keys.map((k) => (query[k] === null ? k : `${k}=${query[k]}`)).join('&');
  const urlQuery = keys
    .map((k) => (query[k] === null ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(query[k] as string)}`))
    .join('&');
  const date = new Date().toUTCString();
  const ossHeaders: Record<string, string> = { 'x-oss-date': date, ...(r.headers ?? {}) };
  if (c.securityToken) ossHeaders['x-oss-security-token'] = c.securityToken;
  const contentType = r.contentType ?? 'application/octet-stream';
  const resource = `/${t.bucket}/${t.object}${sub ? `?${sub}` : ''}`;
  const signature = hmacSha1Base64(c.accessKeySecret, ossStringToSign(r.method, '', contentType, date, ossHeaders, resource));
  let task: RequestTaskLike | undefined;
  const done = new Promise<{ statusCode: number; header: Record<string, string>; data: string }>((resolve, reject) => {
    task = wx.request({
      url: `${bucketOrigin(t)}${objectPath(t.object)}${urlQuery ? `?${urlQuery}` : ''}`,
      method: r.method,
      header: { ...ossHeaders, 'Content-Type': contentType, Authorization: `OSS ${c.accessKeyId}:${signature}` },
      data: r.data,
      dataType: 'text',
      responseType: 'text',
      ...(r.timeout ? { timeout: r.timeout } : {}),
      success: (res) => {
        const data = typeof res.data === 'string' ? res.data : '';
        if (res.statusCode >= 200 && res.statusCode < 300)
          resolve({ statusCode: res.statusCode, header: res.header as Record<string, string>, data });
        else reject(ossError(res.statusCode, data));
      },
      fail: (err) => reject(wxFailure(err.errMsg)),
    });
  });
  return { task: { abort: () => task?.abort() }, done };
}

/** A response header, whatever case the server used. */
export function header(h: Record<string, string>, name: string): string | undefined {
  const k = Object.keys(h).find((x) => x.toLowerCase() === name.toLowerCase());
  return k === undefined ? undefined : h[k];
}

export function initiateMultipart(t: OssTarget, c: OssCredentials, timeout?: number): { task: Abortable; done: Promise<string> } {
  const r = ossRequest(t, c, { method: 'POST', query: { uploads: null }, timeout });
  const done = r.done.then((res) => {
    const id = xmlValue(res.data, 'UploadId');
    if (!id) throw new UploadError('InvalidResponse', 'InitiateMultipartUpload answered without an UploadId');
    return id;
  });
  return { task: r.task, done };
}

export function completeMultipartBody(parts: Array<{ number: number; etag: string }>): string {
  const sorted = [...parts].sort((a, b) => a.number - b.number);
  return (
    '<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload>' +
    sorted.map((p) => `<Part><PartNumber>${p.number}</PartNumber><ETag>${escapeXml(p.etag)}</ETag></Part>`).join('') +
    '</CompleteMultipartUpload>'
  );
}
