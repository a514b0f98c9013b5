/**
 * The unmodified cos-wx-sdk-v5@1.8.0 against the COS server and the app
 * server, through the simulator's real wx.request / wx.uploadFile and host
 * routing (the SDK gets its keys from the app server with wx.request, as the
 * COS docs' getAuthorization examples do).
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createAppServer, type AppServer } from '../../simulator/servers/appserver';
import { COS_HOSTS, createCosServer, type CosServer } from '../../simulator/servers/cos';
import { DEFAULT_ACCOUNT } from '../../simulator/signing';
import { stsCosClient } from '../helpers/cos-sdk';

declare const wx: any;
declare const mpsim: any;

const BUCKET = `examplebucket-${DEFAULT_ACCOUNT.appid}`;
const REGION = 'ap-beijing';
const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');

let COS: any;
/** How far the servers' clock runs ahead of the phone (the SDK signs with the JS clock). */
let serverSkew = 0;
let cos: CosServer;
let app: AppServer;
const unroute: (() => void)[] = [];

beforeAll(() => {
  cos = createCosServer({ clock: () => Date.now() + serverSkew });
  app = createAppServer({ authority: cos.authority });
  for (const h of COS_HOSTS) unroute.push(mpsim.network.route(h, cos));
  for (const h of app.hosts) unroute.push(mpsim.network.route(h, app));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  COS = require('cos-wx-sdk-v5');
});
afterAll(async () => {
  for (const u of unroute) u();
  await cos.close?.();
});

/** A COS client whose getAuthorization asks the app server for STS keys via wx.request. */
const client = (extra: Record<string, unknown> = {}): any => stsCosClient(COS, extra);

const call = <T = any>(c: any, method: string, params: Record<string, unknown>): Promise<T> =>
  new Promise((resolve, reject) =>
    c[method]({ Bucket: BUCKET, Region: REGION, ...params }, (err: unknown, data: T) => (err ? reject(err) : resolve(data))),
  );

function writeTemp(name: string, bytes: Buffer): string {
  const p = `${wx.env.USER_DATA_PATH}/${name}`;
  fs.writeFileSync(mpsim.device.toHostPath(p), bytes);
  return p;
}

describe('cos-wx-sdk-v5 against the local COS', () => {
  it('putObject / headObject / getObject / deleteObject with STS keys from the app server', async () => {
    const c = client();
    const put = await call(c, 'putObject', { Key: 'e2e/hello.txt', Body: 'hello from the sdk', Headers: { 'x-cos-meta-via': 'sdk' } });
    expect(put.statusCode).toBe(200);
    expect(put.ETag).toBe(`"${md5('hello from the sdk')}"`);
    const head = await call(c, 'headObject', { Key: 'e2e/hello.txt' });
    expect(head.headers['x-cos-meta-via']).toBe('sdk');
    expect(head.headers['x-cos-object-type']).toBe('normal');
    const get = await call(c, 'getObject', { Key: 'e2e/hello.txt' });
    expect(get.Body).toBe('hello from the sdk');
    expect(app.calls['GET /cos/sts']).toBeGreaterThan(0);
    await call(c, 'deleteObject', { Key: 'e2e/hello.txt' });
    await expect(call(c, 'headObject', { Key: 'e2e/hello.txt' })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('sliceUploadFile: a 3 MB file goes up in parts and arrives intact (with a 503 on one part retried)', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 123);
    const FilePath = writeTemp('slice.bin', bytes);
    cos.faults.failNext('UploadPart', { status: 503 });
    const c = client({ ChunkSize: 1024 * 1024 });
    const data = await call(c, 'sliceUploadFile', { Key: 'e2e/slice.bin', FilePath });
    expect(data.statusCode).toBe(200);
    expect(cos.log.filter((e) => e.op === 'UploadPart' && e.status === 503)).toHaveLength(1);
    const rec = cos.store.head(BUCKET, 'e2e/slice.bin')!;
    expect(rec.size).toBe(bytes.length);
    expect(md5(fs.readFileSync(cos.store.dataPath(BUCKET, rec)))).toBe(md5(bytes));
    expect(rec.etag).toMatch(/-4"$/);
  });

  it('postObject (wx.uploadFile form) and appendObject', async () => {
    const c = client();
    const FilePath = writeTemp('post.txt', Buffer.from('form upload'));
    const post = await call(c, 'postObject', { Key: 'e2e/${filename}', FilePath });
    expect(post.statusCode).toBe(200);
    expect(cos.store.head(BUCKET, 'e2e/post.txt')?.size).toBe(11);
    const a = await call(c, 'appendObject', { Key: 'e2e/log.txt', Position: 0, Body: 'one ' });
    expect(a.headers['x-cos-next-append-position']).toBe('4');
    await call(c, 'appendObject', { Key: 'e2e/log.txt', Position: 4, Body: 'two' });
    const bad = call(c, 'appendObject', { Key: 'e2e/log.txt', Position: 1, Body: 'x' });
    await expect(bad).rejects.toMatchObject({ statusCode: 409 });
    expect((await call(c, 'getObject', { Key: 'e2e/log.txt' })).Body).toBe('one two');
  });

  it('a phone clock an hour behind the server is corrected from the server Date and the request succeeds', async () => {
    serverSkew = 3600_000;
    try {
      const c = new COS({ SecretId: DEFAULT_ACCOUNT.secretId, SecretKey: DEFAULT_ACCOUNT.secretKey });
      const put = await call(c, 'putObject', { Key: 'e2e/skew.txt', Body: 'skew' });
      expect(put.statusCode).toBe(200);
      // First attempt refused as expired (with the server Date), the re-signed retry accepted.
      expect(cos.log.filter((e) => e.key === 'e2e/skew.txt').map((e) => [e.status, e.code])).toEqual([
        [403, 'AccessDenied'],
        [200, undefined],
      ]);
      expect(c.options.SystemClockOffset).toBeGreaterThan(3590_000);
    } finally {
      serverSkew = 0;
    }
  });

  it('a phone clock an hour ahead gets RequestTimeTooSkewed, corrects and succeeds', async () => {
    serverSkew = -3600_000;
    try {
      const c = new COS({ SecretId: DEFAULT_ACCOUNT.secretId, SecretKey: DEFAULT_ACCOUNT.secretKey });
      await call(c, 'putObject', { Key: 'e2e/ahead.txt', Body: 'ahead' });
      expect(cos.log.filter((e) => e.key === 'e2e/ahead.txt').map((e) => e.code)).toEqual(['RequestTimeTooSkewed', undefined]);
    } finally {
      serverSkew = 0;
    }
  });

  it('a connection reset is retried by the SDK', async () => {
    cos.faults.resetNext('PutObject');
    const c = client();
    const put = await call(c, 'putObject', { Key: 'e2e/reset.txt', Body: 'after reset' });
    expect(put.statusCode).toBe(200);
    expect(cos.log.filter((e) => e.key === 'e2e/reset.txt').map((e) => e.code)).toEqual(['InjectedReset', undefined]);
  });

  it('sliceUploadFile resumes an existing upload: only the missing parts are sent (ListMultipartUploads + ListParts)', async () => {
    const MB = 1024 * 1024;
    const bytes = randomBytes(4 * MB + 10);
    const FilePath = writeTemp('resume.bin', bytes);
    // An earlier, interrupted run uploaded parts 1 and 2 of this file.
    const up = cos.store.initiate(BUCKET, 'e2e/resume.bin', {
      headers: { 'content-type': 'application/octet-stream' },
      storageClass: 'STANDARD',
    });
    const { Readable } = await import('node:stream');
    for (const n of [1, 2])
      await cos.store.putPart(BUCKET, 'e2e/resume.bin', up.uploadId, n, Readable.from([bytes.subarray((n - 1) * MB, n * MB)]));
    // A stale upload of another key with the same prefix must be ignored.
    cos.store.initiate(BUCKET, 'e2e/resume.bin.old', { headers: {}, storageClass: 'STANDARD' });
    const mark = cos.log.length;
    const data = await call(client({ ChunkSize: MB }), 'sliceUploadFile', { Key: 'e2e/resume.bin', FilePath });
    expect(data.UploadId).toBe(up.uploadId);
    const ops = cos.log.slice(mark).map((e) => (e.op === 'UploadPart' ? `UploadPart:${/partNumber=(\d+)/.exec(e.url)![1]}` : e.op));
    expect(ops.filter((o) => o.startsWith('UploadPart')).sort()).toEqual(['UploadPart:3', 'UploadPart:4', 'UploadPart:5']);
    expect(ops).toContain('ListMultipartUploads');
    expect(ops).toContain('ListParts');
    const rec = cos.store.head(BUCKET, 'e2e/resume.bin')!;
    expect(md5(fs.readFileSync(cos.store.dataPath(BUCKET, rec)))).toBe(md5(bytes));
  });

  it('getBucket and multipartList parse the listings', async () => {
    const c = client();
    const list = await call(c, 'getBucket', { Prefix: 'e2e/', Delimiter: '/' });
    expect(list.Contents.map((o: any) => o.Key)).toEqual(expect.arrayContaining(['e2e/slice.bin', 'e2e/post.txt']));
    const ups = await call(c, 'multipartList', { Prefix: 'e2e/resume.bin.old' });
    expect(ups.Upload.map((u: any) => u.Key)).toEqual(['e2e/resume.bin.old']);
    expect(ups.IsTruncated).toBe('false');
  });

  it('getAuthorization answered per request by POST /cos/sign (the server-side signing variant)', async () => {
    const c = new COS({
      getAuthorization(options: any, callback: (a: unknown) => void) {
        wx.request({
          url: 'https://appserver.mpsim.test/cos/sign',
          method: 'POST',
          data: { method: options.Method, pathname: options.Pathname, query: options.Query, headers: options.Headers },
          success: (res: any) => callback({ Authorization: res.data.authorization }),
          fail: (e: unknown) => callback({ error: e }),
        });
      },
    });
    const before = app.calls['POST /cos/sign'] ?? 0;
    const put = await call(c, 'putObject', { Key: 'e2e/signed by server.txt', Body: 'server-signed', Headers: { 'x-cos-meta-k': 'v' } });
    expect(put.statusCode).toBe(200);
    const bytes = randomBytes(2 * 1024 * 1024 + 5);
    const FilePath = writeTemp('signed.bin', bytes);
    const slice = await call(c, 'sliceUploadFile', { Key: 'e2e/signed.bin', FilePath });
    expect(slice.statusCode).toBe(200);
    expect(cos.store.head(BUCKET, 'e2e/signed.bin')?.size).toBe(bytes.length);
    expect((app.calls['POST /cos/sign'] ?? 0) - before).toBeGreaterThanOrEqual(5);
  });
});
