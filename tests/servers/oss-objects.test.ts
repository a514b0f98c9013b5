/**
 * OSS operations over real sockets: PostObject answers, PutObject/Get/Head/
 * Delete, multipart (atomic: nothing visible before Complete, abort leaves
 * nothing), the error codes of research §3.3/§3.5, fault hooks, object events,
 * restart on the same data dir and streaming of bodies.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as http from 'node:http';
import { PassThrough } from 'node:stream';
import { createOssServer, type OssObjectCreatedEvent, type OssServer } from '../../simulator/servers/oss';
import { signOssRequest } from '../../simulator/signing/oss';
import {
  AK,
  BUCKET,
  HOST,
  SK,
  T0,
  errorOf,
  listen,
  md5b64,
  md5hex,
  ossSend,
  policyFor,
  postForm,
  send,
  testClock,
  type Started,
} from './oss-helpers';

const KB = 1024;

function partsXml(parts: [number, string][]): string {
  return `<CompleteMultipartUpload>${parts.map(([n, e]) => `<Part><PartNumber>${n}</PartNumber><ETag>${e}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
}

describe('OSS object operations', () => {
  const clock = testClock();
  let dataDir: string;
  let oss: OssServer;
  let s: Started;
  const events: OssObjectCreatedEvent[] = [];
  const date = () => clock.now;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-test-'));
    oss = createOssServer({ dataDir, clock: clock.fn });
    oss.onObjectCreated((e) => events.push(e));
    s = await listen(oss);
  });
  afterAll(async () => {
    await s.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function policyFields(key: string, status?: string): [string, string][] {
    const { policy, signature } = policyFor(SK, T0 + 60000, [['content-length-range', 0, 1048576000]]);
    const f: [string, string][] = [
      ['key', key],
      ['policy', policy],
      ['OSSAccessKeyId', AK],
      ['Signature', signature],
    ];
    if (status !== undefined) f.push(['success_action_status', status]);
    return f;
  }

  it('PostObject: default 204, 200 empty, 201 PostResponse XML, redirect 303', async () => {
    const content = Buffer.from('form upload');
    const etag = `"${md5hex(content).toUpperCase()}"`;
    const r204 = await postForm(s.port, policyFields('p/204.bin'), content);
    expect([r204.status, r204.body.length, r204.headers.etag]).toEqual([204, 0, etag]);
    const r200 = await postForm(s.port, policyFields('p/200.bin', '200'), content);
    expect([r200.status, r200.body.length]).toEqual([200, 0]);
    const r201 = await postForm(s.port, policyFields('p/201.bin', '201'), content);
    expect(r201.status).toBe(201);
    expect(r201.text).toContain('<PostResponse>');
    expect(r201.text).toContain(`<Bucket>${BUCKET}</Bucket>`);
    expect(r201.text).toContain('<Key>p/201.bin</Key>');
    expect(r201.text).toContain(`<ETag>&quot;${md5hex(content).toUpperCase()}&quot;</ETag>`);
    const f = policyFields('p/${filename}');
    f.push(['success_action_redirect', 'https://example.com/done']);
    const { body, contentType } = (await import('./oss-helpers')).formBody(f, { content, filename: 'named.txt' });
    const r303 = await send(s.port, { method: 'POST', host: HOST, path: '/', headers: { 'content-type': contentType }, body });
    expect(r303.status).toBe(303);
    expect(r303.headers.location).toBe(`https://example.com/done?bucket=${BUCKET}&key=p%2Fnamed.txt&etag=${encodeURIComponent(etag)}`);
    expect(oss.store.head(BUCKET, 'p/named.txt')?.size).toBe(content.length);
    expect(events.filter((e) => e.operation === 'PostObject').map((e) => e.key)).toEqual([
      'p/204.bin',
      'p/200.bin',
      'p/201.bin',
      'p/named.txt',
    ]);
    expect(events[0]).toMatchObject({ bucket: BUCKET, region: 'cn-shanghai', size: content.length, etag });
  });

  it('PostObject bad input: not multipart → MalformedPOSTRequest, no file → InvalidArgument, wrong file field, x-oss-notification kept', async () => {
    const a = await send(s.port, { method: 'POST', host: HOST, path: '/', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect([a.status, errorOf(a.text).Code]).toEqual([400, 'MalformedPOSTRequest']);
    const { formBody } = await import('./oss-helpers');
    const nf = formBody(policyFields('p/x'), null);
    const b = await send(s.port, { method: 'POST', host: HOST, path: '/', headers: { 'content-type': nf.contentType }, body: nf.body });
    expect([b.status, errorOf(b.text).Code]).toEqual([400, 'InvalidArgument']);
    const c = await postForm(s.port, policyFields('p/x'), Buffer.from('x'), HOST, 'upload');
    expect([c.status, errorOf(c.text).Code]).toEqual([400, 'InvalidArgument']);
    const broken = await send(s.port, {
      method: 'POST',
      host: HOST,
      path: '/',
      headers: { 'content-type': 'multipart/form-data; boundary=zz' },
      body: '--zz\r\nbroken',
    });
    expect(broken.status).toBe(400);
    const note = Buffer.from(JSON.stringify({ Vod: { Title: 't' } })).toString('base64');
    const f = policyFields('p/note.bin');
    f.push(['x-oss-notification', note]);
    expect((await postForm(s.port, f, Buffer.from('n'))).status).toBe(204);
    expect(events.at(-1)).toMatchObject({ key: 'p/note.bin', notification: note });
  });

  it('PutObject, HeadObject, GetObject (with Range), DeleteObject', async () => {
    const body = Buffer.from('0123456789');
    const put = await ossSend(s.port, {
      method: 'PUT',
      key: 'o/ten.txt',
      body,
      date: date(),
      headers: { 'content-type': 'text/plain', 'x-oss-meta-who': 'me' },
    });
    expect(put.status).toBe(200);
    expect(put.headers.etag).toBe(`"${md5hex(body).toUpperCase()}"`);
    expect(put.headers['x-oss-request-id']).toMatch(/^[0-9A-F]{24}$/);
    const head = await ossSend(s.port, { method: 'HEAD', key: 'o/ten.txt', date: date() });
    expect(head.headers).toMatchObject({
      'content-length': '10',
      'content-type': 'text/plain',
      'x-oss-meta-who': 'me',
      'x-oss-object-type': 'Normal',
    });
    const get = await ossSend(s.port, { key: 'o/ten.txt', date: date(), headers: { range: 'bytes=2-4' } });
    expect([get.status, get.text, get.headers['content-range']]).toEqual([206, '234', 'bytes 2-4/10']);
    const del = await ossSend(s.port, { method: 'DELETE', key: 'o/ten.txt', date: date() });
    expect(del.status).toBe(204);
    const gone = await ossSend(s.port, { key: 'o/ten.txt', date: date() });
    expect([gone.status, errorOf(gone.text).Code, errorOf(gone.text).Key]).toEqual([404, 'NoSuchKey', 'o/ten.txt']);
  });

  it('PutObject error codes: InvalidDigest (bad and mismatched Content-MD5), InvalidObjectName, NoSuchBucket on reads, MethodNotAllowed', async () => {
    const body = Buffer.from('abc');
    const bad = await ossSend(s.port, { method: 'PUT', key: 'd.txt', body, date: date(), headers: { 'content-md5': 'nope' } });
    expect([bad.status, errorOf(bad.text).Code]).toEqual([400, 'InvalidDigest']);
    const mismatch = await ossSend(s.port, { method: 'PUT', key: 'd.txt', body, date: date(), headers: { 'content-md5': md5b64('abd') } });
    expect([mismatch.status, errorOf(mismatch.text).Code]).toEqual([400, 'InvalidDigest']);
    expect(oss.store.head(BUCKET, 'd.txt')).toBeUndefined();
    const long = 'k'.repeat(1024);
    const name = await ossSend(s.port, { method: 'PUT', key: long, body, date: date() });
    expect([name.status, errorOf(name.text).Code]).toEqual([400, 'InvalidObjectName']);
    const other = await ossSend(s.port, { method: 'GET', key: 'x', host: 'nobucket.oss-cn-shanghai.aliyuncs.com', date: date() });
    expect([other.status, errorOf(other.text).Code, errorOf(other.text).BucketName]).toEqual([404, 'NoSuchBucket', 'nobucket']);
    const m = await ossSend(s.port, { method: 'PATCH', key: 'x', date: date() });
    expect(m.status).toBe(405);
  });

  it('multipart: initiate, parts, ListParts, complete; nothing visible before Complete; ETag of the form "<hex>-N"', async () => {
    const key = 'mp/video.mp4';
    const note = Buffer.from('{"Vod":{}}').toString('base64');
    const init = await ossSend(s.port, {
      method: 'POST',
      key,
      query: 'uploads',
      date: date(),
      headers: { 'x-oss-notification': note, 'content-type': 'video/mp4' },
    });
    expect(init.status).toBe(200);
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)![1]!;
    expect(init.text).toContain(`<Bucket>${BUCKET}</Bucket>`);
    const p1 = Buffer.alloc(100 * KB, 1);
    const p2 = Buffer.alloc(100 * KB, 2);
    const p3 = Buffer.from('tail');
    const etags: string[] = [];
    for (const [i, b] of [p1, p2, p3].entries()) {
      const r = await ossSend(s.port, { method: 'PUT', key, query: `partNumber=${i + 1}&uploadId=${uploadId}`, body: b, date: date() });
      expect(r.status).toBe(200);
      expect(r.headers.etag).toBe(`"${md5hex(b).toUpperCase()}"`);
      etags.push(String(r.headers.etag));
    }
    expect(oss.store.head(BUCKET, key)).toBeUndefined();
    const get0 = await ossSend(s.port, { key, date: date() });
    expect(get0.status).toBe(404);
    const lp = await ossSend(s.port, { key, query: `uploadId=${uploadId}&max-parts=2`, date: date() });
    expect(lp.status).toBe(200);
    expect(lp.text).toContain('<IsTruncated>true</IsTruncated>');
    expect(lp.text).toContain('<NextPartNumberMarker>2</NextPartNumberMarker>');
    expect(lp.text.match(/<Part>/g)).toHaveLength(2);
    expect(lp.text).toContain(`<Size>${100 * KB}</Size>`);
    const lp2 = await ossSend(s.port, { key, query: `uploadId=${uploadId}&part-number-marker=2`, date: date() });
    expect(lp2.text).toContain('<PartNumber>3</PartNumber>');
    const done = await ossSend(s.port, {
      method: 'POST',
      key,
      query: `uploadId=${uploadId}`,
      body: partsXml(etags.map((e, i) => [i + 1, e])),
      date: date(),
      headers: { 'content-type': 'application/xml' },
    });
    expect(done.status).toBe(200);
    expect(done.text).toContain('<CompleteMultipartUploadResult>');
    expect(done.text).toMatch(/<ETag>&quot;[0-9A-F]{32}-3&quot;<\/ETag>/);
    const get = await ossSend(s.port, { key, date: date() });
    expect(get.body.equals(Buffer.concat([p1, p2, p3]))).toBe(true);
    expect(get.headers['x-oss-object-type']).toBe('Multipart');
    expect(events.at(-1)).toMatchObject({ operation: 'CompleteMultipartUpload', key, size: 200 * KB + 4, notification: note });
    // The upload is gone after Complete.
    const again = await ossSend(s.port, { key, query: `uploadId=${uploadId}`, date: date() });
    expect([again.status, errorOf(again.text).Code]).toEqual([404, 'NoSuchUpload']);
  });

  it('multipart error codes: InvalidArgument part numbers, InvalidPart, InvalidPartOrder, EntityTooSmall, MalformedXML, NoSuchUpload', async () => {
    const key = 'mp/bad.bin';
    const init = await ossSend(s.port, { method: 'POST', key, query: 'uploads', date: date() });
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)![1]!;
    for (const n of ['0', '10001', 'x']) {
      const r = await ossSend(s.port, { method: 'PUT', key, query: `partNumber=${n}&uploadId=${uploadId}`, body: 'x', date: date() });
      expect([r.status, errorOf(r.text).Code, errorOf(r.text).Message]).toEqual([
        400,
        'InvalidArgument',
        'Part number must be an integer between 1 and 10000, inclusive.',
      ]);
    }
    const noNum = await ossSend(s.port, { method: 'PUT', key, query: `uploadId=${uploadId}`, body: 'x', date: date() });
    expect([noNum.status, errorOf(noNum.text).Code]).toEqual([400, 'InvalidArgument']);
    const small = Buffer.from('small');
    const e1 = String(
      (await ossSend(s.port, { method: 'PUT', key, query: `partNumber=1&uploadId=${uploadId}`, body: small, date: date() })).headers.etag,
    );
    const e2 = String(
      (await ossSend(s.port, { method: 'PUT', key, query: `partNumber=2&uploadId=${uploadId}`, body: small, date: date() })).headers.etag,
    );
    const complete = (xml: string) => ossSend(s.port, { method: 'POST', key, query: `uploadId=${uploadId}`, body: xml, date: date() });
    const wrongTag = await complete(partsXml([[1, `"${'0'.repeat(32)}"`]]));
    expect([wrongTag.status, errorOf(wrongTag.text).Code]).toEqual([400, 'InvalidPart']);
    const missing = await complete(
      partsXml([
        [1, e1],
        [3, e2],
      ]),
    );
    expect(errorOf(missing.text).Code).toBe('InvalidPart');
    const order = await complete(
      partsXml([
        [2, e2],
        [1, e1],
      ]),
    );
    expect([order.status, errorOf(order.text).Code]).toEqual([400, 'InvalidPartOrder']);
    const tooSmall = await complete(
      partsXml([
        [1, e1],
        [2, e2],
      ]),
    );
    expect([tooSmall.status, errorOf(tooSmall.text).Code]).toEqual([400, 'EntityTooSmall']);
    const xml = await complete('<nope');
    expect([xml.status, errorOf(xml.text).Code]).toEqual([400, 'MalformedXML']);
    // A single small part is fine (the last part may be any size).
    const ok = await complete(partsXml([[1, e1]]));
    expect(ok.status).toBe(200);
    const unknown = await ossSend(s.port, { method: 'PUT', key, query: 'partNumber=1&uploadId=nope', body: 'x', date: date() });
    expect([unknown.status, errorOf(unknown.text).Code]).toEqual([404, 'NoSuchUpload']);
  });

  it('abort mid-part leaves no object and no upload; a later part → NoSuchUpload', async () => {
    const key = 'mp/aborted.bin';
    const init = await ossSend(s.port, { method: 'POST', key, query: 'uploads', date: date() });
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)![1]!;
    expect(
      (await ossSend(s.port, { method: 'PUT', key, query: `partNumber=1&uploadId=${uploadId}`, body: Buffer.alloc(1000, 7), date: date() }))
        .status,
    ).toBe(200);
    // Part 2 is in flight (half its bytes sent) when the abort arrives.
    const body = new PassThrough();
    const inflight = ossSend(s.port, {
      method: 'PUT',
      key,
      query: `partNumber=2&uploadId=${uploadId}`,
      body,
      date: date(),
      headers: { 'content-length': 2000 },
    });
    body.write(Buffer.alloc(1000, 8));
    await new Promise((r) => setTimeout(r, 50));
    const ab = await ossSend(s.port, { method: 'DELETE', key, query: `uploadId=${uploadId}`, date: date() });
    expect(ab.status).toBe(204);
    body.end(Buffer.alloc(1000, 8));
    const late = await inflight;
    expect([late.status, errorOf(late.text).Code]).toEqual([404, 'NoSuchUpload']);
    expect(oss.store.head(BUCKET, key)).toBeUndefined();
    expect(oss.store.uploads(BUCKET).some((u) => u.uploadId === uploadId)).toBe(false);
    expect(fs.existsSync(path.join(oss.root, 'buckets', BUCKET, 'uploads', uploadId))).toBe(false);
    const again = await ossSend(s.port, { method: 'DELETE', key, query: `uploadId=${uploadId}`, date: date() });
    expect(errorOf(again.text).Code).toBe('NoSuchUpload');
  });

  it('streams bodies: bytes reach disk before the request ends, and a cut-off PUT leaves nothing', async () => {
    const key = 'stream/big.bin';
    const total = 4 * 1024 * KB;
    const headers: Record<string, string | number> = { date: new Date(date()).toUTCString(), 'content-length': total };
    headers.authorization = signOssRequest({ method: 'PUT', bucket: BUCKET, key, headers, accessKeyId: AK, accessKeySecret: SK });
    const req = http.request({
      host: '127.0.0.1',
      port: s.port,
      method: 'PUT',
      path: `/${key}`,
      headers: { host: HOST, ...headers },
      agent: false,
    });
    req.on('error', () => undefined);
    const chunk = Buffer.alloc(256 * KB, 3);
    for (let i = 0; i < 8; i++) req.write(chunk);
    const tmpDir = path.join(oss.root, 'tmp');
    // Half the body was sent; the server must be writing it to a temp file already.
    let onDisk = 0;
    for (let i = 0; i < 100 && onDisk < 1024 * KB; i++) {
      await new Promise((r) => setTimeout(r, 20));
      onDisk = fs.readdirSync(tmpDir).reduce((n, f) => n + fs.statSync(path.join(tmpDir, f)).size, 0);
    }
    expect(onDisk).toBeGreaterThanOrEqual(1024 * KB);
    expect(oss.store.head(BUCKET, key)).toBeUndefined();
    req.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect(oss.store.head(BUCKET, key)).toBeUndefined();
    expect(fs.readdirSync(tmpDir)).toEqual([]);
  });

  it('fault hooks: failNext answers the OSS error XML, resetNext drops the connection, then normal service', async () => {
    oss.faults.failNext('PutObject', { status: 503, code: 'ServiceUnavailable', message: 'Please reduce your request rate.' });
    const f = await ossSend(s.port, { method: 'PUT', key: 'f.txt', body: 'x', date: date() });
    expect([f.status, errorOf(f.text).Code, errorOf(f.text).Message]).toEqual([
      503,
      'ServiceUnavailable',
      'Please reduce your request rate.',
    ]);
    oss.faults.resetNext('PostObject');
    await expect(postForm(s.port, policyFields('f2.bin'), Buffer.from('x'))).rejects.toThrow();
    expect((await ossSend(s.port, { method: 'PUT', key: 'f.txt', body: 'x', date: date() })).status).toBe(200);
    expect(oss.log.some((l) => l.code === 'InjectedReset' && l.op === 'PostObject')).toBe(true);
  });

  it('restart on the same data dir keeps objects and in-progress uploads', async () => {
    const key = 'restart/r.bin';
    await ossSend(s.port, { method: 'PUT', key, body: 'persisted', date: date() });
    const init = await ossSend(s.port, { method: 'POST', key: 'restart/mp.bin', query: 'uploads', date: date() });
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)![1]!;
    const e1 = String(
      (
        await ossSend(s.port, {
          method: 'PUT',
          key: 'restart/mp.bin',
          query: `partNumber=1&uploadId=${uploadId}`,
          body: 'part one',
          date: date(),
        })
      ).headers.etag,
    );
    await s.stop();
    oss = createOssServer({ dataDir, clock: clock.fn });
    s = await listen(oss);
    expect((await ossSend(s.port, { key, date: date() })).text).toBe('persisted');
    expect(oss.bucketRegion(BUCKET)).toBe('cn-shanghai');
    const done = await ossSend(s.port, {
      method: 'POST',
      key: 'restart/mp.bin',
      query: `uploadId=${uploadId}`,
      body: partsXml([[1, e1]]),
      date: date(),
    });
    expect(done.status).toBe(200);
    expect((await ossSend(s.port, { key: 'restart/mp.bin', date: date() })).text).toBe('part one');
  });

  it('a bucket answers only on its own region endpoint (AccessDenied naming the Endpoint elsewhere)', async () => {
    const sh = 'regional.oss-cn-shanghai.aliyuncs.com';
    const bj = 'regional.oss-cn-beijing.aliyuncs.com';
    expect((await ossSend(s.port, { method: 'PUT', key: 'r.txt', host: sh, body: 'r', date: date() })).status).toBe(200);
    expect(oss.bucketRegion('regional')).toBe('cn-shanghai');
    const wrong = await ossSend(s.port, { key: 'r.txt', host: bj, date: date() });
    expect([wrong.status, errorOf(wrong.text).Code, errorOf(wrong.text).Endpoint]).toEqual([
      403,
      'AccessDenied',
      'oss-cn-shanghai.aliyuncs.com',
    ]);
    // The internal endpoint of the same region is fine.
    expect((await ossSend(s.port, { key: 'r.txt', host: 'regional.oss-cn-shanghai-internal.aliyuncs.com', date: date() })).text).toBe('r');
    oss.createBucket('pinned', 'ap-southeast-1');
    const pinned = await ossSend(s.port, { method: 'PUT', key: 'p', host: 'pinned.oss-cn-shanghai.aliyuncs.com', body: 'p', date: date() });
    expect(errorOf(pinned.text).Endpoint).toBe('oss-ap-southeast-1.aliyuncs.com');
    expect(() => oss.createBucket('Bad_Name')).toThrow(TypeError);
    expect(() => oss.createBucket('okname', 'bad region')).toThrow(TypeError);
  });

  it('host patterns use whole-label wildcards and cover region, internal and accelerate endpoints', () => {
    const matches = (pattern: string, host: string) => {
      const p = pattern.split('.');
      const h = host.split('.');
      return p.length === h.length && p.every((l, i) => (l === '*' ? h[i] !== '' : l === h[i]));
    };
    const served = (host: string) => oss.hosts.some((p) => matches(p, host));
    expect(served(HOST)).toBe(true);
    expect(served('b.oss-cn-hangzhou-internal.aliyuncs.com')).toBe(true);
    expect(served('b.oss-accelerate.aliyuncs.com')).toBe(true);
    expect(served('vod.cn-shanghai.aliyuncs.com')).toBe(false);
    expect(served('b.oss-xx-test-1.aliyuncs.com')).toBe(false);
    const extra = createOssServer({ extraRegions: ['xx-test-1'] });
    expect(extra.hosts.some((p) => matches(p, 'b.oss-xx-test-1.aliyuncs.com'))).toBe(true);
    void extra.close?.();
  });

  it('answers OPTIONS preflight and routes hosts by pattern', async () => {
    const r = await send(s.port, {
      method: 'OPTIONS',
      host: HOST,
      path: '/k',
      headers: { origin: 'https://servicewechat.com', 'access-control-request-headers': 'x-oss-date' },
    });
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-headers']).toBe('x-oss-date');
    expect(oss.hosts).toContain('*.oss-*.aliyuncs.com');
  });
});
