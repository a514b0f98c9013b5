/**
 * The unmodified cos-wx-sdk-v5@1.8.0 on the default simulator cloud (COS +
 * app server mounted by every simulator): the flows of issue #4's "done when"
 * that tests/servers/cos-sdk-e2e.test.ts does not already cover — progress to 1
 * for each Body kind, uploadFile below/above SliceSize with onFileFinish per
 * file, expired STS credentials, and a sliceUploadFile resumed after the app
 * restarts mid-upload (through the SDK's storage cache, and through ETag
 * verification with onHashProgress when the cache is gone).
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { stsCosClient } from '../helpers/cos-sdk';

declare const wx: any;
declare const mpsim: any;

jest.setTimeout(60000);

const BUCKET = 'examplebucket-1250000000';
const REGION = 'ap-beijing';
const MB = 1024 * 1024;
const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
const cos = () => mpsim.servers.cos;

function loadSdk(): any {
  let COS: any;
  // A fresh module instance = a restarted mini program (the phone's storage stays).
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    COS = require('cos-wx-sdk-v5');
  });
  return COS;
}

const client = stsCosClient;

const call = <T = any>(c: any, method: string, params: Record<string, unknown>): Promise<T> =>
  new Promise((resolve, reject) =>
    c[method]({ Bucket: BUCKET, Region: REGION, ...params }, (err: unknown, data: T) => (err ? reject(err) : resolve(data))),
  );

function userFile(name: string, bytes: Buffer): string {
  const p = `${wx.env.USER_DATA_PATH}/${name}`;
  fs.writeFileSync(mpsim.device.toHostPath(p), bytes);
  return p;
}

function storedMd5(key: string): string | undefined {
  const rec = cos().store.head(BUCKET, key);
  return rec ? md5(fs.readFileSync(cos().store.dataPath(BUCKET, rec))) : undefined;
}

function partsSent(key: string, since = 0): number[] {
  return (cos().log as Array<{ op: string; key?: string; status: number; url: string }>)
    .slice(since)
    .filter((e) => e.op === 'UploadPart' && e.key === key && e.status === 200)
    .map((e) => Number(/partNumber=(\d+)/.exec(e.url)![1]))
    .sort((a, b) => a - b);
}

test.each([
  ['a string', () => 'x'.repeat(200 * 1024), 200 * 1024],
  ['an ArrayBuffer', () => new Uint8Array(randomBytes(300 * 1024)).buffer, 300 * 1024],
  ['a FilePath', () => undefined, 256 * 1024],
])(
  'putObject with %s: onProgress is monotonic and ends at percent 1 (0 for a string: the SDK knows no total)',
  async (_kind, body, size) => {
    const c = client(loadSdk());
    const progress: number[] = [];
    const b = body();
    const key = `flows/progress-${size}`;
    const params: Record<string, unknown> = { Key: key, onProgress: (p: { percent: number }) => progress.push(p.percent) };
    if (b === undefined) params.FilePath = userFile('progress.bin', randomBytes(size));
    else params.Body = b;
    const data = await call(c, 'putObject', params);
    expect(data.statusCode).toBe(200);
    expect(progress.length).toBeGreaterThan(0);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);
    // A string Body has no byteLength, so the SDK never learns the total and reports percent 0
    // to the end (research cos-vod-protocol §2.2 putObject) — on the phone exactly as here.
    expect(progress[progress.length - 1]).toBe(typeof b === 'string' ? 0 : 1);
    expect(cos().store.head(BUCKET, key)?.size).toBe(size);
  },
);

test('uploadFile below and above SliceSize: simple upload vs slices, onFileFinish once per file', async () => {
  const c = client(loadSdk());
  const small = randomBytes(100 * 1024);
  const large = randomBytes(3 * MB + 7);
  const finished: Array<[string, unknown]> = [];
  const data = await new Promise<any>((resolve, reject) =>
    c.uploadFiles(
      {
        files: [
          { Bucket: BUCKET, Region: REGION, Key: 'flows/small.bin', FilePath: userFile('small.bin', small) },
          { Bucket: BUCKET, Region: REGION, Key: 'flows/large.bin', FilePath: userFile('large.bin', large) },
        ],
        SliceSize: 1 * MB,
        onFileFinish: (err: unknown, _data: unknown, options: { Key: string }) => finished.push([options.Key, err]),
      },
      (err: unknown, d: unknown) => (err ? reject(err) : resolve(d)),
    ),
  );
  expect(data.files).toHaveLength(2);
  expect(finished.map(([k, e]) => [k, e ?? null]).sort()).toEqual([
    ['flows/large.bin', null],
    ['flows/small.bin', null],
  ]);
  const ops = (key: string) => new Set((cos().log as Array<{ op: string; key?: string }>).filter((e) => e.key === key).map((e) => e.op));
  expect(ops('flows/small.bin').has('UploadPart')).toBe(false);
  expect(ops('flows/large.bin').has('UploadPart')).toBe(true);
  expect(storedMd5('flows/small.bin')).toBe(md5(small));
  expect(storedMd5('flows/large.bin')).toBe(md5(large));
});

test('STS credentials expired on the server: the SDK reports the 403 error, nothing is stored', async () => {
  const c = client(loadSdk());
  await call(c, 'putObject', { Key: 'flows/before-expiry.txt', Body: 'ok' });
  cos().faults.expireCredentials();
  const err: any = await call(c, 'putObject', { Key: 'flows/after-expiry.txt', Body: 'no' }).then(
    () => undefined,
    (e) => e,
  );
  expect(err).toBeDefined();
  expect(err.statusCode).toBe(403);
  expect(err.error.Code).toBe('ExpiredToken');
  expect(cos().store.head(BUCKET, 'flows/after-expiry.txt')).toBeUndefined();
});

/**
 * Parts the server holds for an upload. (Not the 200s in the request log: pauseTask aborts the
 * part in flight, and one whose body had fully arrived is stored although its response never
 * went out — logged with status 0, as on real COS, where ListParts lists it too.)
 */
function partsStored(key: string, uploadId: string): number[] {
  return [...(cos().store.upload(BUCKET, key, uploadId) as { parts: Map<number, unknown> }).parts.keys()].sort((a, b) => a - b);
}

/** Starts a throttled sliceUploadFile and pauses it once `parts` parts are stored; returns the UploadId. */
async function interruptedSlice(key: string, FilePath: string, parts: number): Promise<string> {
  const c = client(loadSdk(), { ChunkSize: MB });
  mpsim.network.throttle(1024 * 1024);
  let taskId = '';
  void call(c, 'sliceUploadFile', { Key: key, FilePath, onTaskReady: (id: string) => (taskId = id) }).catch(() => undefined);
  const deadline = Date.now() + 30000;
  while (partsSent(key).length < parts) {
    if (Date.now() > deadline) throw new Error('the first run never stored its parts');
    await new Promise((r) => setTimeout(r, 20));
  }
  c.pauseTask(taskId);
  mpsim.network.reset();
  // the SDK writes its upload cache 400 ms after a change
  await new Promise((r) => setTimeout(r, 600));
  const uploads = (cos().store.uploads(BUCKET) as Array<{ uploadId: string; key: string }>).filter((u) => u.key === key);
  expect(uploads).toHaveLength(1);
  return uploads[0].uploadId;
}

test('sliceUploadFile after the app restarts mid-upload: the storage cache finds the upload, only missing parts are sent', async () => {
  const bytes = randomBytes(6 * MB + 99);
  const FilePath = userFile('restart.bin', bytes);
  const uploadId = await interruptedSlice('flows/restart.bin', FilePath, 2);
  expect(String(wx.getStorageSync('cos_sdk_upload_cache'))).toContain(uploadId);
  const done = partsStored('flows/restart.bin', uploadId);
  const mark = cos().log.length;
  const hashes: number[] = [];
  const data = await call(client(loadSdk(), { ChunkSize: MB }), 'sliceUploadFile', {
    Key: 'flows/restart.bin',
    FilePath,
    onHashProgress: (p: { percent: number }) => hashes.push(p.percent),
  });
  expect(data.UploadId).toBe(uploadId);
  const resent = partsSent('flows/restart.bin', mark);
  expect(resent.filter((n) => done.includes(n))).toEqual([]);
  expect([...done, ...resent].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  expect(hashes).toEqual([]); // the cache path trusts ListParts without hashing
  expect(storedMd5('flows/restart.bin')).toBe(md5(bytes));
});

test('sliceUploadFile after a restart with the cache gone: parts are verified by hash (onHashProgress), only missing ones sent', async () => {
  const bytes = randomBytes(5 * MB + 1);
  const FilePath = userFile('rehash.bin', bytes);
  const uploadId = await interruptedSlice('flows/rehash.bin', FilePath, 2);
  wx.removeStorageSync('cos_sdk_upload_cache');
  const done = partsStored('flows/rehash.bin', uploadId);
  const mark = cos().log.length;
  const hashes: number[] = [];
  const data = await call(client(loadSdk(), { ChunkSize: MB }), 'sliceUploadFile', {
    Key: 'flows/rehash.bin',
    FilePath,
    onHashProgress: (p: { percent: number }) => hashes.push(p.percent),
  });
  expect(data.UploadId).toBe(uploadId);
  expect(hashes.length).toBeGreaterThan(0);
  expect(partsSent('flows/rehash.bin', mark).filter((n) => done.includes(n))).toEqual([]);
  expect(storedMd5('flows/rehash.bin')).toBe(md5(bytes));
});
