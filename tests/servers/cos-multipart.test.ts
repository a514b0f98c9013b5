/**
 * COS multipart uploads over real sockets: Initiate / Upload Part / List Parts /
 * Complete / Abort / List Multipart Uploads, every error code, and restart on
 * the same data dir.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCosServer, type CosServer } from '../../simulator/servers/cos';
import { keyPath, listen, sendSigned, type Started } from './cos-helpers';

const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
const md5b64 = (b: Buffer | string) => createHash('md5').update(b).digest('base64');
const MIB = 1024 * 1024;
const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
const tags = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]!);

let dataDir: string;
let cos: CosServer;
let s: Started;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-cos-mp-'));
  cos = createCosServer({ dataDir });
  s = await listen(cos);
});
afterAll(async () => {
  await s.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function initiate(key: string, headers: Record<string, string> = {}): Promise<string> {
  const r = await sendSigned(s.port, { method: 'POST', path: `${keyPath(key)}?uploads`, key, headers });
  expect(r.status).toBe(200);
  expect(r.text).toContain('<InitiateMultipartUploadResult>');
  expect(tag(r.text, 'Key')).toBe(key);
  return tag(r.text, 'UploadId')!;
}
const uploadPart = (key: string, id: string, n: number | string, body: Buffer, headers: Record<string, string> = {}) =>
  sendSigned(s.port, {
    method: 'PUT',
    path: `${keyPath(key)}?partNumber=${n}&uploadId=${encodeURIComponent(id)}`,
    key,
    body,
    headers: { 'content-md5': md5b64(body), ...headers },
  });
function completeXml(parts: [number, string][]): string {
  return `<CompleteMultipartUpload>${parts.map(([n, e]) => `<Part><PartNumber>${n}</PartNumber><ETag>${e.replace(/"/g, '&quot;')}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
}
const complete = (key: string, id: string, xml: string) =>
  sendSigned(s.port, {
    method: 'POST',
    path: `${keyPath(key)}?uploadId=${encodeURIComponent(id)}`,
    key,
    body: xml,
    headers: { 'content-type': 'application/xml', 'content-md5': md5b64(xml) },
  });
const listParts = (key: string, id: string, extra = '') =>
  sendSigned(s.port, { path: `${keyPath(key)}?uploadId=${encodeURIComponent(id)}${extra}`, key });

describe('multipart upload', () => {
  it('Initiate → Upload Part ×3 → List Parts → Complete gives the concatenation with ETag "<md5 of md5s>-3"', async () => {
    const key = 'video/big file.mp4';
    const id = await initiate(key, { 'content-type': 'video/mp4', 'x-cos-meta-origin': 'test', 'x-cos-storage-class': 'STANDARD_IA' });
    const parts = [randomBytes(MIB), randomBytes(MIB + 7), randomBytes(1000)];
    const etags: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const r = await uploadPart(key, id, i + 1, parts[i]!);
      expect(r.status).toBe(200);
      expect(r.headers.etag).toBe(`"${md5(parts[i]!)}"`);
      etags.push(String(r.headers.etag));
    }
    const lp = await listParts(key, id);
    expect(lp.status).toBe(200);
    expect(tags(lp.text, 'PartNumber')).toEqual(['1', '2', '3']);
    expect(tags(lp.text, 'ETag')).toEqual(etags.map((e) => e.replace(/"/g, '&quot;')));
    expect(tags(lp.text, 'Size')).toEqual(parts.map((p) => String(p.length)));
    expect(tag(lp.text, 'IsTruncated')).toBe('false');
    const c = await complete(key, id, completeXml(etags.map((e, i) => [i + 1, e])));
    expect(c.status).toBe(200);
    const expected = `"${md5(Buffer.concat(parts.map((p) => Buffer.from(md5(p), 'hex'))))}-3"`;
    expect(tag(c.text, 'ETag')).toBe(expected.replace(/"/g, '&quot;'));
    expect(tag(c.text, 'Key')).toBe(key);
    expect(tag(c.text, 'Location')).toContain('video/big%20file.mp4');
    const g = await sendSigned(s.port, { path: keyPath(key), key });
    expect(g.body.equals(Buffer.concat(parts))).toBe(true);
    expect(g.headers.etag).toBe(expected);
    expect(g.headers['content-type']).toBe('video/mp4');
    expect(g.headers['x-cos-meta-origin']).toBe('test');
    expect(g.headers['x-cos-storage-class']).toBe('STANDARD_IA');
    // The upload is gone.
    const after = await listParts(key, id);
    expect([after.status, tag(after.text, 'Code')]).toEqual([404, 'NoSuchUpload']);
  });

  it('re-uploading a part number replaces it', async () => {
    const key = 'replace.bin';
    const id = await initiate(key);
    await uploadPart(key, id, 1, Buffer.from('first'));
    const r = await uploadPart(key, id, 1, Buffer.from('second'));
    const lp = await listParts(key, id);
    expect(tags(lp.text, 'PartNumber')).toEqual(['1']);
    expect(tag(lp.text, 'Size')).toBe('6');
    const c = await complete(key, id, completeXml([[1, String(r.headers.etag)]]));
    expect(c.status).toBe(200);
    expect((await sendSigned(s.port, { path: '/replace.bin' })).text).toBe('second');
  });

  it('Upload Part errors: bad part number → InvalidArgument, unknown upload → NoSuchUpload, bad Content-MD5 → BadDigest', async () => {
    const key = 'errs.bin';
    const id = await initiate(key);
    for (const n of ['0', '10001', 'x']) {
      const r = await uploadPart(key, id, n, Buffer.from('a'));
      expect([r.status, tag(r.text, 'Code')]).toEqual([400, 'InvalidArgument']);
    }
    const nu = await uploadPart(key, 'nope', 1, Buffer.from('a'));
    expect([nu.status, tag(nu.text, 'Code')]).toEqual([404, 'NoSuchUpload']);
    const other = await uploadPart('other-key.bin', id, 1, Buffer.from('a'));
    expect([other.status, tag(other.text, 'Code')]).toEqual([404, 'NoSuchUpload']);
    const bd = await uploadPart(key, id, 1, Buffer.from('a'), { 'content-md5': md5b64('b') });
    expect([bd.status, tag(bd.text, 'Code')]).toEqual([400, 'BadDigest']);
    expect(tags((await listParts(key, id)).text, 'PartNumber')).toEqual([]);
  });

  it('Complete errors: EntityTooSmall, InvalidPart, InvalidPartOrder, NoSuchUpload, MalformedXML — and the upload survives them', async () => {
    const key = 'complete-errors.bin';
    const id = await initiate(key);
    const small = Buffer.from('small part');
    const big = randomBytes(MIB);
    const e1 = String((await uploadPart(key, id, 1, small)).headers.etag);
    const e2 = String((await uploadPart(key, id, 2, big)).headers.etag);
    const tooSmall = await complete(
      key,
      id,
      completeXml([
        [1, e1],
        [2, e2],
      ]),
    );
    expect([tooSmall.status, tag(tooSmall.text, 'Code')]).toEqual([400, 'EntityTooSmall']);
    const wrongEtag = await complete(key, id, completeXml([[1, '"00000000000000000000000000000000"']]));
    expect([wrongEtag.status, tag(wrongEtag.text, 'Code')]).toEqual([400, 'InvalidPart']);
    const missing = await complete(
      key,
      id,
      completeXml([
        [1, e1],
        [3, e2],
      ]),
    );
    expect(tag(missing.text, 'Code')).toBe('InvalidPart');
    const order = await complete(
      key,
      id,
      completeXml([
        [2, e2],
        [1, e1],
      ]),
    );
    expect([order.status, tag(order.text, 'Code')]).toEqual([400, 'InvalidPartOrder']);
    const dup = await complete(
      key,
      id,
      completeXml([
        [1, e1],
        [1, e1],
      ]),
    );
    expect(tag(dup.text, 'Code')).toBe('InvalidPartOrder');
    const malformed = await complete(key, id, '<CompleteMultipartUpload><Part><PartNumber>x');
    expect([malformed.status, tag(malformed.text, 'Code')]).toEqual([400, 'MalformedXML']);
    const empty = await complete(key, id, '<CompleteMultipartUpload></CompleteMultipartUpload>');
    expect(tag(empty.text, 'Code')).toBe('MalformedXML');
    const noUpload = await complete(key, 'nope', completeXml([[1, e1]]));
    expect([noUpload.status, tag(noUpload.text, 'Code')]).toEqual([404, 'NoSuchUpload']);
    // Parts 2 alone (the last part may be small) and unquoted ETags are fine.
    const ok = await complete(key, id, completeXml([[2, e2.replace(/"/g, '')]]));
    expect(ok.status).toBe(200);
    expect((await sendSigned(s.port, { method: 'HEAD', path: '/complete-errors.bin' })).headers['content-length']).toBe(String(MIB));
  });

  it('List Parts pages with max-parts / part-number-marker', async () => {
    const key = 'paged.bin';
    const id = await initiate(key);
    for (let n = 1; n <= 5; n++) await uploadPart(key, id, n, Buffer.from(`p${n}`));
    const p1 = await listParts(key, id, '&max-parts=2');
    expect(tags(p1.text, 'PartNumber')).toEqual(['1', '2']);
    expect([tag(p1.text, 'IsTruncated'), tag(p1.text, 'NextPartNumberMarker'), tag(p1.text, 'MaxParts')]).toEqual(['true', '2', '2']);
    const p2 = await listParts(key, id, '&max-parts=2&part-number-marker=2');
    expect(tags(p2.text, 'PartNumber')).toEqual(['3', '4']);
    const p3 = await listParts(key, id, '&max-parts=2&part-number-marker=4');
    expect([tags(p3.text, 'PartNumber'), tag(p3.text, 'IsTruncated')]).toEqual([['5'], 'false']);
    expect((await listParts(key, id, '&max-parts=0')).status).toBe(400);
  });

  it('Abort → 204, then the upload is gone; aborting again → NoSuchUpload', async () => {
    const key = 'abort.bin';
    const id = await initiate(key);
    await uploadPart(key, id, 1, Buffer.from('x'));
    const a = await sendSigned(s.port, { method: 'DELETE', path: `/abort.bin?uploadId=${id}` });
    expect(a.status).toBe(204);
    expect(tag((await listParts(key, id)).text, 'Code')).toBe('NoSuchUpload');
    const again = await sendSigned(s.port, { method: 'DELETE', path: `/abort.bin?uploadId=${id}` });
    expect([again.status, tag(again.text, 'Code')]).toEqual([404, 'NoSuchUpload']);
    expect(fs.existsSync(path.join(cos.root, 'buckets', 'examplebucket-1250000000', 'uploads', id))).toBe(false);
  });
});

describe('List Multipart Uploads', () => {
  let lc: CosServer;
  let l: Started;
  const ids: Record<string, string[]> = {};
  const list = (q: string) => sendSigned(l.port, { path: `/?uploads${q}` });
  beforeAll(async () => {
    lc = createCosServer();
    l = await listen(lc);
    for (const key of ['a/x.mp4', 'a/x.mp4', 'a/y.mp4', 'b/z.mp4', 'c.mp4']) {
      const r = await sendSigned(l.port, { method: 'POST', path: `${keyPath(key)}?uploads`, key });
      (ids[key] ??= []).push(tag(r.text, 'UploadId')!);
    }
  });
  afterAll(() => l.stop());

  it('lists uploads (Key, UploadId, StorageClass, Initiated) by key, then initiation', async () => {
    const r = await list('&prefix=');
    expect(r.status).toBe(200);
    expect(tags(r.text, 'Key')).toEqual(['a/x.mp4', 'a/x.mp4', 'a/y.mp4', 'b/z.mp4', 'c.mp4']);
    expect(tags(r.text, 'UploadId')).toEqual([...ids['a/x.mp4']!, ...ids['a/y.mp4']!, ...ids['b/z.mp4']!, ...ids['c.mp4']!]);
    expect(tags(r.text, 'StorageClass')).toContain('STANDARD');
    expect(tag(r.text, 'Initiated')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(tag(r.text, 'IsTruncated')).toBe('false');
  });

  it('prefix filters (as sliceUploadFile uses it) and delimiter groups', async () => {
    const r = await list('&prefix=a%2Fx.mp4');
    expect(tags(r.text, 'UploadId')).toEqual(ids['a/x.mp4']);
    const d = await list('&delimiter=%2F');
    expect(tags(d.text, 'Key')).toEqual(['c.mp4']);
    expect(tags(d.text, 'Prefix')).toEqual(['', 'a/', 'b/']);
  });

  it('max-uploads pages with NextKeyMarker / NextUploadIdMarker', async () => {
    const seen: string[] = [];
    let q = '';
    for (let i = 0; i < 10; i++) {
      const r = await list(`&max-uploads=2${q}`);
      seen.push(...tags(r.text, 'UploadId'));
      if (tag(r.text, 'IsTruncated') === 'false') break;
      q = `&key-marker=${encodeURIComponent(tag(r.text, 'NextKeyMarker')!)}&upload-id-marker=${tag(r.text, 'NextUploadIdMarker')}`;
    }
    expect(seen).toEqual([...ids['a/x.mp4']!, ...ids['a/y.mp4']!, ...ids['b/z.mp4']!, ...ids['c.mp4']!]);
    const km = await list('&key-marker=a%2Fy.mp4');
    expect(tags(km.text, 'Key')).toEqual(['b/z.mp4', 'c.mp4']);
    expect((await list('&max-uploads=0')).status).toBe(400);
  });
});

describe('restart on the same data dir', () => {
  it('keeps objects, uploads and parts; drops temp files and unreferenced data', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-cos-restart-'));
    try {
      const a = createCosServer({ dataDir: dir });
      let l = await listen(a);
      await sendSigned(l.port, { method: 'PUT', path: '/kept.txt', body: 'kept', headers: { 'x-cos-meta-k': 'v' } });
      const r = await sendSigned(l.port, { method: 'POST', path: '/resume.bin?uploads' });
      const id = tag(r.text, 'UploadId')!;
      const part = randomBytes(MIB);
      await sendSigned(l.port, { method: 'PUT', path: `/resume.bin?partNumber=1&uploadId=${id}`, body: part });
      await l.stop();
      // Debris a crash could leave behind.
      const bdir = path.join(dir, 'cos', 'buckets', 'examplebucket-1250000000');
      fs.writeFileSync(path.join(dir, 'cos', 'tmp', 'half-written'), 'x');
      fs.writeFileSync(path.join(bdir, 'data', 'orphan'), 'x');

      const b = createCosServer({ dataDir: dir });
      l = await listen(b);
      const g = await sendSigned(l.port, { path: '/kept.txt' });
      expect([g.text, g.headers['x-cos-meta-k']]).toEqual(['kept', 'v']);
      const up = await sendSigned(l.port, { path: '/?uploads&prefix=resume.bin' });
      expect(tags(up.text, 'UploadId')).toEqual([id]);
      const lp = await sendSigned(l.port, { path: `/resume.bin?uploadId=${id}` });
      expect(tag(lp.text, 'ETag')).toBe(`&quot;${md5(part)}&quot;`);
      const last = Buffer.from('tail');
      const e2 = (await sendSigned(l.port, { method: 'PUT', path: `/resume.bin?partNumber=2&uploadId=${id}`, body: last })).headers.etag;
      const xml = completeXml([
        [1, `"${md5(part)}"`],
        [2, String(e2)],
      ]);
      expect((await sendSigned(l.port, { method: 'POST', path: `/resume.bin?uploadId=${id}`, body: xml })).status).toBe(200);
      expect((await sendSigned(l.port, { path: '/resume.bin' })).body.equals(Buffer.concat([part, last]))).toBe(true);
      expect(fs.existsSync(path.join(dir, 'cos', 'tmp', 'half-written'))).toBe(false);
      expect(fs.existsSync(path.join(bdir, 'data', 'orphan'))).toBe(false);
      await l.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
