/**
 * COS storage guarantees (atomic commits, concurrent PUTs, streaming to disk),
 * x-cos-traffic-limit pacing, and the fault hooks.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as os from 'node:os';
import { PassThrough, Readable } from 'node:stream';
import { createCosServer, type CosServer } from '../../simulator/servers/cos';
import { CosStore } from '../../simulator/servers/object-kit/store';
import { DEFAULT_ACCOUNT, signRequest } from '../../simulator/signing';
import { BUCKET, HOST, listen, send, sendSigned, type Started } from './cos-helpers';

const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cos: CosServer;
let s: Started;
beforeAll(async () => {
  cos = createCosServer();
  s = await listen(cos);
});
afterAll(() => s.stop());
afterEach(() => cos.faults.clear());

// The store's dirs are made when it is first used (simulator/temp-dirs.ts): none yet = no temp files.
const tmpFiles = () => (fs.existsSync(path.join(cos.root, 'tmp')) ? fs.readdirSync(path.join(cos.root, 'tmp')) : []);
const dataFiles = () => fs.readdirSync(path.join(cos.root, 'buckets', BUCKET, 'data'));

async function waitFor(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Opens a signed PUT with a declared length and returns the raw request to write to. */
function openPut(
  key: string,
  length: number,
  extra: Record<string, string> = {},
): { req: http.ClientRequest; done: Promise<{ status: number; etag?: string; error?: Error }> } {
  const auth = signRequest({
    secretId: DEFAULT_ACCOUNT.secretId,
    secretKey: DEFAULT_ACCOUNT.secretKey,
    method: 'PUT',
    pathname: '/' + key,
    headers: { host: HOST, 'content-length': length },
  });
  const req = http.request({
    host: '127.0.0.1',
    port: s.port,
    method: 'PUT',
    path: '/' + key,
    agent: false,
    headers: { host: HOST, 'content-length': length, authorization: auth, ...extra },
  });
  const done = new Promise<{ status: number; etag?: string; error?: Error }>((resolve) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: res.headers.etag }));
    });
    req.on('error', (error) => resolve({ status: 0, error }));
  });
  return { req, done };
}

describe('atomic storage', () => {
  it('an upload aborted mid-PUT leaves no object (new key) and the old version intact (existing key), and no temp file', async () => {
    const { req } = openPut('aborted.bin', 1024 * 1024);
    req.write(randomBytes(200 * 1024));
    await waitFor(() => tmpFiles().length > 0, 'the temp file');
    req.destroy();
    await waitFor(() => tmpFiles().length === 0, 'temp cleanup');
    expect((await sendSigned(s.port, { method: 'HEAD', path: '/aborted.bin' })).status).toBe(404);

    await sendSigned(s.port, { method: 'PUT', path: '/kept.bin', body: 'old version' });
    const before = dataFiles().length;
    const second = openPut('kept.bin', 1024 * 1024);
    second.req.write(randomBytes(100 * 1024));
    await waitFor(() => tmpFiles().length > 0, 'the temp file');
    second.req.destroy();
    await waitFor(() => tmpFiles().length === 0, 'temp cleanup');
    expect((await sendSigned(s.port, { path: '/kept.bin' })).text).toBe('old version');
    expect(dataFiles().length).toBe(before);
  });

  it('an aborted Upload Part or APPEND leaves the upload / appendable object as it was', async () => {
    const init = await sendSigned(s.port, { method: 'POST', path: '/mp-abort.bin?uploads' });
    const id = tag(init.text, 'UploadId')!;
    const openRaw = (method: string, p: string, length: number) => {
      const auth = signRequest({
        secretId: DEFAULT_ACCOUNT.secretId,
        secretKey: DEFAULT_ACCOUNT.secretKey,
        method,
        pathname: p.split('?')[0]!,
        query: Object.fromEntries(
          p
            .split('?')[1]!
            .split('&')
            .map((kv) => [kv.split('=')[0]!, kv.split('=')[1] ?? '']),
        ),
        headers: { host: HOST, 'content-length': length },
      });
      const req = http.request({
        host: '127.0.0.1',
        port: s.port,
        method,
        path: p,
        agent: false,
        headers: { host: HOST, 'content-length': length, authorization: auth },
      });
      req.on('error', () => undefined);
      return req;
    };
    const part = openRaw('PUT', `/mp-abort.bin?partNumber=1&uploadId=${id}`, 512 * 1024);
    part.write(randomBytes(64 * 1024));
    await waitFor(() => tmpFiles().length > 0, 'the part temp file');
    part.destroy();
    await waitFor(() => tmpFiles().length === 0, 'temp cleanup');
    expect(cos.store.upload(BUCKET, 'mp-abort.bin', id).parts.size).toBe(0);

    await sendSigned(s.port, { method: 'POST', path: '/app-abort.txt?append&position=0', body: 'base' });
    const app = openRaw('POST', '/app-abort.txt?append&position=4', 512 * 1024);
    app.write(randomBytes(64 * 1024));
    await waitFor(() => tmpFiles().length > 0, 'the append temp file');
    app.destroy();
    await waitFor(() => tmpFiles().length === 0, 'temp cleanup');
    const g = await sendSigned(s.port, { path: '/app-abort.txt' });
    expect([g.text, g.headers['x-cos-next-append-position']]).toEqual(['base', '4']);
    // The key is not stuck "appending": the next append at 4 works.
    expect((await sendSigned(s.port, { method: 'POST', path: '/app-abort.txt?append&position=4', body: '+1' })).status).toBe(200);
  });

  it('two concurrent PUTs of one key: both succeed, exactly one complete winner whose MD5 matches one body', async () => {
    const a = randomBytes(2 * 1024 * 1024);
    const b = randomBytes(2 * 1024 * 1024);
    const pa = openPut('race.bin', a.length);
    const pb = openPut('race.bin', b.length);
    // Interleave the two bodies so both are in flight at once.
    for (let off = 0; off < a.length; off += 256 * 1024) {
      pa.req.write(a.subarray(off, off + 256 * 1024));
      pb.req.write(b.subarray(off, off + 256 * 1024));
      await sleep(1);
    }
    pb.req.end();
    pa.req.end();
    const [ra, rb] = await Promise.all([pa.done, pb.done]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    const g = await sendSigned(s.port, { path: '/race.bin' });
    const got = md5(g.body);
    expect([md5(a), md5(b)]).toContain(got);
    expect(g.headers.etag).toBe(`"${got}"`);
    expect(g.body.length).toBe(a.length);
    // The loser's bytes are not left behind.
    const rec = cos.store.head(BUCKET, 'race.bin')!;
    expect(dataFiles()).toContain(rec.dataFile);
    const referenced = new Set(cos.store.list(BUCKET).map((o) => o.dataFile));
    expect(dataFiles().filter((f) => !referenced.has(f))).toEqual([]);
    expect(tmpFiles()).toEqual([]);
  });

  it('a 64 MB PUT streams to disk while it is being received and hashes on the way', async () => {
    const total = 64 * 1024 * 1024;
    const chunk = 1024 * 1024;
    const hash = createHash('md5');
    const { req, done } = openPut('big.bin', total);
    let sent = 0;
    const writeChunk = async () => {
      const c = Buffer.alloc(chunk, sent / chunk);
      hash.update(c);
      sent += c.length;
      if (!req.write(c)) await new Promise((r) => req.once('drain', r));
    };
    while (sent < total / 2) await writeChunk();
    // Half the body is on disk before the request has ended: nothing buffers the whole upload.
    await waitFor(() => tmpFiles().some((f) => fs.statSync(path.join(cos.root, 'tmp', f)).size >= 16 * 1024 * 1024), 'bytes on disk');
    while (sent < total) await writeChunk();
    req.end();
    const r = await done;
    expect(r.status).toBe(200);
    expect(r.etag).toBe(`"${hash.digest('hex')}"`);
    expect(cos.store.head(BUCKET, 'big.bin')?.size).toBe(total);
    await sendSigned(s.port, { method: 'DELETE', path: '/big.bin' });
  }, 60_000);
});

describe('x-cos-traffic-limit', () => {
  it('paces an upload to the limit (256 KB at 819200 bit/s takes well over a second)', async () => {
    const body = randomBytes(256 * 1024);
    const t0 = Date.now();
    const r = await sendSigned(s.port, { method: 'PUT', path: '/slow.bin', body, headers: { 'x-cos-traffic-limit': '819200' } });
    const elapsed = Date.now() - t0;
    expect(r.status).toBe(200);
    // Theoretical minimum ≈ (256 − 16) KB / 100 KB/s = 2.4 s; the bound is generous.
    expect(elapsed).toBeGreaterThanOrEqual(1500);
    expect(r.headers.etag).toBe(`"${md5(body)}"`);
  });

  it('paces a download too (header or query)', async () => {
    const t0 = Date.now();
    const r = await sendSigned(s.port, { path: '/slow.bin?x-cos-traffic-limit=819200' });
    expect(r.body.length).toBe(256 * 1024);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1500);
  });
});

describe('fault hooks', () => {
  it('failNext: the next N operations of a kind get the status and code, with request id; then normal service resumes', async () => {
    cos.faults.failNext('PutObject', { status: 503, count: 2 });
    expect(cos.faults.pending).toBe(2);
    // Other operations are not affected.
    expect((await sendSigned(s.port, { method: 'HEAD', path: '/slow.bin' })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const r = await sendSigned(s.port, { method: 'PUT', path: '/f.txt', body: 'f' });
      expect([r.status, tag(r.text, 'Code')]).toEqual([503, 'ServiceUnavailable']);
      expect(r.headers['x-cos-request-id']).toBeTruthy();
    }
    expect((await sendSigned(s.port, { method: 'PUT', path: '/f.txt', body: 'f' })).status).toBe(200);
    expect(cos.faults.pending).toBe(0);
  });

  it('failNext with a code and serverTime drives the SDK clock-skew path (Date header)', async () => {
    const serverTime = Date.UTC(2030, 0, 1);
    cos.faults.failNext('*', { status: 403, code: 'RequestTimeTooSkewed', message: 'skewed', serverTime });
    const r = await sendSigned(s.port, { path: '/f.txt' });
    expect([r.status, tag(r.text, 'Code'), tag(r.text, 'Message')]).toEqual([403, 'RequestTimeTooSkewed', 'skewed']);
    expect(Date.parse(String(r.headers.date))).toBe(serverTime);
    expect(tag(r.text, 'ServerTime')).toBe(new Date(serverTime).toISOString());
  });

  it('failNext can name the multipart codes (NoSuchUpload, EntityTooSmall, InvalidPart)', async () => {
    cos.faults.failNext('CompleteMultipartUpload', { status: 400, code: 'EntityTooSmall' });
    const r = await sendSigned(s.port, { method: 'POST', path: '/x?uploadId=whatever', body: '<CompleteMultipartUpload/>' });
    expect([r.status, tag(r.text, 'Code')]).toEqual([400, 'EntityTooSmall']);
  });

  it('resetNext destroys the connection without a response', async () => {
    cos.faults.resetNext('GetObject');
    await expect(sendSigned(s.port, { path: '/f.txt' })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await sendSigned(s.port, { path: '/f.txt' })).text).toBe('f');
  });

  it('delayNext holds the request before handling it', async () => {
    cos.faults.delayNext('HeadObject', 300);
    const t0 = Date.now();
    expect((await sendSigned(s.port, { method: 'HEAD', path: '/f.txt' })).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it('rejects bad fault arguments', () => {
    expect(() => cos.faults.failNext('Nope' as never)).toThrow(TypeError);
    expect(() => cos.faults.failNext('PutObject', { count: 0 })).toThrow(TypeError);
    expect(() => cos.faults.failNext('PutObject', { status: 200 })).toThrow(TypeError);
    expect(() => cos.faults.delayNext('PutObject', -1)).toThrow(TypeError);
    expect(() => cos.faults.resetNext('PutObject', 1.5)).toThrow(TypeError);
  });

  it('logs every request with its operation, status and code', async () => {
    await sendSigned(s.port, { path: '/does-not-exist' });
    const last = cos.log[cos.log.length - 1]!;
    expect([last.op, last.status, last.code, last.key, last.bucket]).toEqual(['GetObject', 404, 'NoSuchKey', 'does-not-exist', BUCKET]);
    expect(last.requestId).toBeTruthy();
  });

  it('unsigned requests are refused with AccessDenied (the SDK without credentials)', async () => {
    const r = await send(s.port, {
      method: 'PUT',
      path: '/anon.txt',
      body: Readable.from([Buffer.from('x')]),
      headers: { 'content-length': 1 },
    });
    expect([r.status, tag(r.text, 'Code')]).toEqual([403, 'AccessDenied']);
  });
});

describe('CosStore: multipart directories and parts racing Abort/Complete', () => {
  let root: string;
  let store: CosStore;
  const meta = { headers: {}, storageClass: 'STANDARD' };
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-store-'));
    store = new CosStore(root, Date.now);
    store.createBucket('b-1250000000');
  });
  afterEach(async () => {
    await store.settled();
    fs.rmSync(root, { recursive: true, force: true });
  });
  const udir = (id: string) => path.join(root, 'buckets', 'b-1250000000', 'uploads', id);

  it('a part still streaming when the upload is aborted ends in NoSuchUpload and leaves nothing behind', async () => {
    const up = store.initiate('b-1250000000', 'k', meta);
    const body = new PassThrough();
    const part = store.putPart('b-1250000000', 'k', up.uploadId, 1, body);
    body.write(randomBytes(256 * 1024));
    await sleep(20);
    store.abort('b-1250000000', 'k', up.uploadId);
    expect(fs.existsSync(udir(up.uploadId))).toBe(false); // gone at once, removed in the background
    body.end(randomBytes(1024));
    await expect(part).rejects.toMatchObject({ code: 'NoSuchUpload' });
    await store.settled();
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('Complete takes the upload directory away at once; settled() leaves tmp/ empty; a restart sees the object only', async () => {
    const up = store.initiate('b-1250000000', 'k2', meta);
    const bytes = [randomBytes(1024 * 1024), randomBytes(1000)];
    const parts = [];
    for (const [i, b] of bytes.entries()) parts.push(await store.putPart('b-1250000000', 'k2', up.uploadId, i + 1, Readable.from([b])));
    const rec = await store.complete(
      'b-1250000000',
      'k2',
      up.uploadId,
      parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })),
      1024 * 1024,
    );
    expect(fs.existsSync(udir(up.uploadId))).toBe(false);
    await store.settled();
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
    const again = new CosStore(root, Date.now);
    expect(again.uploads('b-1250000000')).toEqual([]);
    expect(md5(fs.readFileSync(again.dataPath('b-1250000000', again.head('b-1250000000', 'k2')!)))).toBe(md5(Buffer.concat(bytes)));
    expect(rec.etag).toMatch(/^"[0-9a-f]{32}-2"$/);
  });

  it('a part record is on disk before putPart resolves (a restart lists it)', async () => {
    const up = store.initiate('b-1250000000', 'k3', meta);
    const b = randomBytes(4096);
    const p = await store.putPart('b-1250000000', 'k3', up.uploadId, 7, Readable.from([b]));
    const again = new CosStore(root, Date.now);
    const reloaded = again.upload('b-1250000000', 'k3', up.uploadId).parts.get(7);
    expect(reloaded).toEqual(p);
    expect(md5(fs.readFileSync(path.join(udir(up.uploadId), p.dataFile)))).toBe(md5(b));
  });
});
