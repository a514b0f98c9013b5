/**
 * PUT Object - Copy and Upload Part - Copy: `x-cos-copy-source:
 * <bucket>-<appid>.cos.<region>.myqcloud.com/<key>` (the key URL-encoded, a
 * `?versionId=` allowed), the `x-cos-copy-source-If-*` conditions,
 * `x-cos-metadata-directive: Copy | Replaced`, and for a part
 * `x-cos-copy-source-range: bytes=first-last`.
 */
import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { CosError, type CosKit, type Ctx } from './context';
import type { ObjectRecord, StoredHeaders } from '../object-kit/store';

const BUCKET_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?-(\d+)$/;
/** Stored headers that are the object's ACL or tags, never copied as metadata. */
const NOT_METADATA = /^x-cos-(acl|grant-|tagging)|^x-mpsim-acl$/;

/** The source a copy names: bucket, key and the appid its bucket belongs to. */
export function parseCopySource(value: string): { bucket: string; appid: string; key: string } {
  const bad = () =>
    new CosError(400, 'InvalidArgument', 'The x-cos-copy-source header is not valid: <Bucket-APPID>.cos.<Region>.myqcloud.com/<Key>.');
  let v = value.trim().replace(/^https?:\/\//i, '');
  const q = v.indexOf('?');
  if (q >= 0) {
    // versionId=null is the only version an unversioned bucket has
    const vid = new URLSearchParams(v.slice(q + 1)).get('versionId');
    if (vid !== null && vid !== 'null') throw new CosError(404, 'NoSuchVersion', 'The specified version does not exist.');
    v = v.slice(0, q);
  }
  const slash = v.indexOf('/');
  if (slash <= 0 || slash === v.length - 1) throw bad();
  const host = v.slice(0, slash).toLowerCase();
  const m = BUCKET_LABEL.exec(host.split('.')[0]!);
  if (!m) throw bad();
  let key: string;
  try {
    key = decodeURIComponent(v.slice(slash + 1));
  } catch {
    throw bad();
  }
  return { bucket: host.split('.')[0]!, appid: m[1]!, key };
}

/** The source object after its bucket, owner and `x-cos-copy-source-If-*` checks. */
function copySource(k: CosKit, ctx: Ctx, value: string): { bucket: string; rec: ObjectRecord } {
  const src = parseCopySource(value);
  k.requireOwnBucket(src.bucket, ctx.appid ?? '');
  const rec = k.requireObject(src.bucket, src.key);
  const unq = (s: string) => s.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  const etag = unq(rec.etag);
  const lm = Math.floor(rec.lastModified / 1000) * 1000;
  const h = (n: string) => k.headerValue(ctx, `x-cos-copy-source-${n}`);
  const failed = () => new CosError(412, 'PreconditionFailed', 'At least one of the preconditions you specified did not hold.');
  const date = (s: string | undefined) => (s === undefined || Number.isNaN(Date.parse(s)) ? undefined : Date.parse(s));
  const ifMatch = h('if-match');
  if (ifMatch !== undefined && !ifMatch.split(',').some((t) => unq(t) === etag || t.trim() === '*')) throw failed();
  const ius = date(h('if-unmodified-since'));
  if (ifMatch === undefined && ius !== undefined && lm > ius) throw failed();
  const inm = h('if-none-match');
  if (inm !== undefined && inm.split(',').some((t) => unq(t) === etag || t.trim() === '*')) throw failed();
  const ims = date(h('if-modified-since'));
  if (inm === undefined && ims !== undefined && lm <= ims) throw failed();
  return { bucket: src.bucket, rec };
}

/** PUT Object - Copy. */
export async function putObjectCopy(k: CosKit, ctx: Ctx, source: string): Promise<void> {
  k.checkKey(ctx);
  const src = copySource(k, ctx, source);
  const directive = k.headerValue(ctx, 'x-cos-metadata-directive') ?? 'Copy';
  if (directive !== 'Copy' && directive !== 'Replaced') {
    throw new CosError(400, 'InvalidArgument', 'x-cos-metadata-directive must be Copy or Replaced.');
  }
  const fromRequest = k.metaFromRequest(ctx);
  const requestedClass = k.headerValue(ctx, 'x-cos-storage-class');
  let headers: StoredHeaders;
  if (directive === 'Copy') {
    headers = {};
    for (const [n, v] of Object.entries(src.rec.headers)) if (!NOT_METADATA.test(n)) headers[n] = v;
    // the new object's ACL and tags come from this request, never from the source
    for (const [n, v] of Object.entries(fromRequest.headers)) if (NOT_METADATA.test(n)) headers[n] = v;
  } else headers = fromRequest.headers;
  const storageClass = requestedClass !== undefined ? fromRequest.storageClass : src.rec.storageClass;
  if (src.bucket === ctx.bucket && src.rec.key === ctx.key && directive === 'Copy' && requestedClass === undefined) {
    throw new CosError(
      400,
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata or storage class.",
    );
  }
  if (!ctx.req.complete) ctx.req.resume();
  const rec = await k.store.copy(src, ctx.bucket, ctx.key, { headers, storageClass });
  k.sendXml(ctx, 200, { CopyObjectResult: { ETag: rec.etag, LastModified: k.isoTime(rec.lastModified) } });
}

/** Upload Part - Copy: a byte range of the source (default: all of it) as one part. */
export async function uploadPartCopy(k: CosKit, ctx: Ctx, source: string, partNumber: number, uploadId: string): Promise<void> {
  k.store.upload(ctx.bucket, ctx.key, uploadId);
  const src = copySource(k, ctx, source);
  const size = src.rec.size;
  let start = 0;
  let end = size - 1;
  const range = k.headerValue(ctx, 'x-cos-copy-source-range');
  if (range !== undefined) {
    const m = /^bytes=(\d+)-(\d+)$/.exec(range.trim());
    if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) >= size) {
      throw new CosError(400, 'InvalidArgument', 'x-cos-copy-source-range must be bytes=first-last inside the source object.');
    }
    start = Number(m[1]);
    end = Number(m[2]);
  }
  if (!ctx.req.complete) ctx.req.resume();
  let stream: Readable = Readable.from([]);
  if (size > 0) {
    let fd: number;
    try {
      fd = fs.openSync(k.store.dataPath(src.bucket, src.rec), 'r');
    } catch {
      throw new CosError(404, 'NoSuchKey', 'The specified key does not exist.');
    }
    stream = fs.createReadStream('', { fd, start, end });
  }
  const part = await k.store.putPart(ctx.bucket, ctx.key, uploadId, partNumber, stream);
  k.sendXml(ctx, 200, { CopyPartResult: { ETag: part.etag, LastModified: k.isoTime(part.lastModified) } });
}
