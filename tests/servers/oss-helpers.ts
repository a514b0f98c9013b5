/**
 * Test helpers for the OSS / VOD servers: V1-signed requests and PostObject
 * forms over real sockets (the socket plumbing is shared with the COS tests).
 */
import { XMLParser } from 'fast-xml-parser';
import { createHash } from 'node:crypto';
import { DEFAULT_ALIYUN_ACCOUNT } from '../../simulator/signing/oss-credentials';
import { signOssPolicy, signOssRequest } from '../../simulator/signing/oss';
import { send, type Res } from './cos-helpers';
import type { Readable } from 'node:stream';

export { listen, send, type Res, type Started } from './cos-helpers';

export const AK = DEFAULT_ALIYUN_ACCOUNT.accessKeyId;
export const SK = DEFAULT_ALIYUN_ACCOUNT.accessKeySecret;
export const REGION = 'cn-shanghai';
export const BUCKET = 'mpsim-test';
export const HOST = `${BUCKET}.oss-${REGION}.aliyuncs.com`;
/** A fixed start time so the tests can move the server's clock. */
export const T0 = Date.parse('2026-03-01T08:00:00Z');

/** A settable clock. */
export function testClock(start = T0): { now: number; fn: () => number } {
  const c = { now: start, fn: () => c.now };
  return c;
}

export function md5b64(b: Buffer | string): string {
  return createHash('md5').update(b).digest('base64');
}
export function md5hex(b: Buffer | string): string {
  return createHash('md5').update(b).digest('hex');
}

/** Query string like `uploads` or `partNumber=1&uploadId=x` → decoded record (what gets signed). */
export function parseQuery(q: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of q.split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    out[decodeURIComponent(i < 0 ? part : part.slice(0, i))] = i < 0 ? '' : decodeURIComponent(part.slice(i + 1));
  }
  return out;
}

export interface OssReq {
  method?: string;
  key: string;
  /** Raw query without `?`. */
  query?: string;
  headers?: Record<string, string | number>;
  body?: Buffer | string | Readable;
  host?: string;
  bucket?: string;
  accessKeyId?: string;
  secret?: string;
  token?: string;
  /** Epoch ms for the Date header. */
  date: number;
  /** Tamper hook: change what is sent after signing. */
  tamper?: (r: { path: string; headers: Record<string, string | number>; method: string; host: string }) => void;
}

export function keyPath(key: string): string {
  return '/' + encodeURIComponent(key).replace(/%2F/g, '/');
}

/** Signs with OSS V1 (Date header) and sends. */
export function ossSend(port: number, o: OssReq): Promise<Res> {
  const method = o.method ?? 'GET';
  const host = o.host ?? HOST;
  const headers: Record<string, string | number> = { date: new Date(o.date).toUTCString(), ...o.headers };
  if (o.token !== undefined) headers['x-oss-security-token'] = o.token;
  if ((typeof o.body === 'string' || Buffer.isBuffer(o.body)) && headers['content-length'] === undefined)
    headers['content-length'] = Buffer.byteLength(o.body);
  headers.authorization = signOssRequest({
    method,
    bucket: o.bucket ?? host.split('.')[0],
    key: o.key,
    query: parseQuery(o.query ?? ''),
    headers,
    accessKeyId: o.accessKeyId ?? AK,
    accessKeySecret: o.secret ?? SK,
  });
  const r = { path: keyPath(o.key) + (o.query ? `?${o.query}` : ''), headers, method, host };
  o.tamper?.(r);
  return send(port, { method: r.method, host: r.host, path: r.path, headers: r.headers, body: o.body });
}

/** A multipart/form-data body; the file goes last (as wx.uploadFile does). */
export function formBody(
  fields: [string, string][],
  file: { content: Buffer; filename?: string; field?: string; type?: string } | null,
): { body: Buffer; contentType: string } {
  const boundary = '----mpsimBoundary' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of fields) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.filename ?? 'a.bin'}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
    );
    parts.push(file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A Base64 policy and its signature. */
export function policyFor(secret: string, expiration: number, conditions: unknown[]): { policy: string; signature: string } {
  const policy = Buffer.from(JSON.stringify({ expiration: new Date(expiration).toISOString(), conditions })).toString('base64');
  return { policy, signature: signOssPolicy(secret, policy) };
}

/** PostObject as the mini SDK sends it (fields, then the file). */
export function postForm(port: number, fields: [string, string][], content: Buffer, host = HOST, field = 'file'): Promise<Res> {
  const { body, contentType } = formBody(fields, { content, field });
  return send(port, { method: 'POST', host, path: '/', headers: { 'content-type': contentType }, body });
}

/** The children of `<Error>` as a record. */
export function errorOf(text: string): Record<string, string> {
  const doc = new XMLParser({ parseTagValue: false }).parse(text) as { Error?: Record<string, string> };
  return doc.Error ?? {};
}
