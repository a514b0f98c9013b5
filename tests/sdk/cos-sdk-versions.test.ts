/**
 * One upload flow against every cos-wx-sdk-v5 release line, unmodified from npm
 * (side by side through npm aliases: `cos-wx-sdk-v5-1.0` = `npm:cos-wx-sdk-v5@1.0.6`, …),
 * on the default simulator cloud: STS keys from the app server through `wx.request`,
 * files from the sandbox, every request over HTTPS to the local COS.
 *
 * Every cell of {@link LINES} is a test. `pass` runs the step as the current SDK's docs
 * describe it; a cell starting with `lacks` names what that release does not have, and
 * its test asserts what the release does instead (the method is missing, the parameter
 * is ignored, …). The table in docs/conformance/sdk-versions.md holds the same cells
 * ({@link LINES}, {@link VOD_LINE}); the last test here fails when the two differ.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chooseVideo } from '../helpers/vod-tencent';
import { stsCosClient, type IssuedSts } from '../helpers/cos-sdk';

declare const wx: any;
declare const mpsim: any;

jest.setTimeout(60000);

const BUCKET = 'examplebucket-1250000000';
const REGION = 'ap-beijing';
const MB = 1024 * 1024;
const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
const cos = () => mpsim.servers.cos;

type StepId = 'putBody' | 'putFile' | 'post' | 'slice' | 'uploadSmall' | 'uploadSliced' | 'headGetDelete' | 'sts' | 'tasks';

/** The flow, in table order: id and column label. */
const STEPS: ReadonlyArray<readonly [StepId, string]> = [
  ['putBody', 'putObject Body'],
  ['putFile', 'putObject FilePath'],
  ['post', 'postObject'],
  ['slice', 'sliceUploadFile + progress'],
  ['uploadSmall', 'uploadFile small'],
  ['uploadSliced', 'uploadFile sliced'],
  ['headGetDelete', 'head / get / delete'],
  ['sts', 'STS via getAuthorization'],
  ['tasks', 'pause / restart / cancel'],
];

interface Line {
  /** What `require()` loads (the npm alias). */
  pkg: string;
  version: string;
  /** Cells that are not a plain `pass`; `—` = not part of this SDK's API (no test). */
  cells: Partial<Record<StepId, string>>;
}

const NOT_ITS_API = '—';

const LINES: readonly Line[] = [
  {
    pkg: 'cos-wx-sdk-v5-0.7',
    version: '0.7.11',
    cells: {
      putBody: 'pass; onProgress ends at percent 0 (it knows no size)',
      putFile: 'lacks FilePath: ignored, an empty object is stored',
      slice: 'lacks sliceUploadFile',
      uploadSmall: 'lacks uploadFile / uploadFiles',
      uploadSliced: 'lacks uploadFile / uploadFiles',
      tasks: 'lacks aborting: postObject is its only task; cancel drops the callback, the upload still lands',
    },
  },
  {
    pkg: 'cos-wx-sdk-v5-1.0',
    version: '1.0.6',
    cells: {
      putFile: 'lacks FilePath: fails `missing param Body`',
      uploadSmall: 'pass through uploadFiles (no uploadFile)',
      uploadSliced: 'pass through uploadFiles (no uploadFile)',
    },
  },
  { pkg: 'cos-wx-sdk-v5-1.1', version: '1.1.7', cells: { putFile: 'lacks FilePath: fails `missing param Body`' } },
  { pkg: 'cos-wx-sdk-v5-1.4', version: '1.4.13', cells: {} },
  { pkg: 'cos-wx-sdk-v5-1.6', version: '1.6.2', cells: {} },
  { pkg: 'cos-wx-sdk-v5-1.7', version: '1.7.2', cells: {} },
  { pkg: 'cos-wx-sdk-v5', version: '1.8.0', cells: {} },
];

/** vod-wx-sdk-v2 has one call, `VOD.start`, on its own bundled COS SDK (1.4.6). */
const VOD_LINE: Line = {
  pkg: 'vod-wx-sdk-v2',
  version: 'vod-wx-sdk-v2 1.1.2',
  cells: {
    putBody: NOT_ITS_API,
    putFile: NOT_ITS_API,
    post: NOT_ITS_API,
    slice: 'pass: VOD.start slices through its COS 1.4.6',
    uploadSmall: NOT_ITS_API,
    uploadSliced: NOT_ITS_API,
    headGetDelete: NOT_ITS_API,
    sts: 'pass: getSignature from the app server',
    tasks: 'pass: uploader.pause / restart / cancel',
  },
};

const cell = (line: Line, step: StepId): string => line.cells[step] ?? 'pass';
const lacks = (line: Line, step: StepId): boolean => cell(line, step).startsWith('lacks');

/** A fresh module instance of one release (a freshly started mini program). */
function loadSdk(line: Line): any {
  let COS: any;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    COS = require(line.pkg);
  });
  return COS;
}

/**
 * A client whose getAuthorization fetches STS keys from the app server with wx.request, as every
 * release's README shows, with the token under both names (0.7–1.1 read only `XCosSecurityToken`).
 */
const stsClient = (COS: any, extra: Record<string, unknown> = {}, issued: IssuedSts = {}): any =>
  stsCosClient(COS, extra, { legacyTokenName: true, issued });

const call = <T = any>(c: any, method: string, params: Record<string, unknown>): Promise<T> =>
  new Promise((resolve, reject) => {
    if (typeof c[method] !== 'function') throw new Error(`this release has no ${method}`);
    c[method]({ Bucket: BUCKET, Region: REGION, ...params }, (err: unknown, data: T) => (err ? reject(err) : resolve(data)));
  });

let fileSeq = 0;
function userFile(bytes: Buffer): string {
  const p = `${wx.env.USER_DATA_PATH}/matrix-${fileSeq++}.bin`;
  fs.writeFileSync(mpsim.device.toHostPath(p), bytes);
  return p;
}

/** The stored object's record (undefined before the bucket's first object, too: the store creates it then). */
function stored(key: string): { size: number; etag: string } | undefined {
  return cos().store.hasBucket(BUCKET) ? cos().store.head(BUCKET, key) : undefined;
}

function storedMd5(key: string): string | undefined {
  const rec = stored(key);
  return rec ? md5(fs.readFileSync(cos().store.dataPath(BUCKET, rec))) : undefined;
}

const opsFor = (key: string, since = 0): string[] =>
  (cos().log as Array<{ op: string; key?: string; status: number }>)
    .slice(since)
    .filter((e) => e.key === key && e.status === 200)
    .map((e) => e.op);

function expectMonotonicToOne(percents: number[]): void {
  expect(percents.length).toBeGreaterThan(0);
  for (let i = 1; i < percents.length; i++) expect(percents[i]).toBeGreaterThanOrEqual(percents[i - 1]);
  expect(percents[percents.length - 1]).toBe(1);
}

async function until(pred: () => boolean, what: string, ms = 30000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * uploadFile, or for a release without it, uploadFiles with that one file (its documented
 * form). `FileSize` goes along as every release's demo passes it: 1.0 and 1.1 choose
 * between postObject and sliceUploadFile by that parameter alone (without it, always postObject).
 */
function uploadOne(c: any, params: Record<string, unknown>, SliceSize: number): Promise<any> {
  if (typeof c.uploadFile === 'function') return call(c, 'uploadFile', { ...params, SliceSize });
  return new Promise((resolve, reject) =>
    c.uploadFiles({ files: [{ Bucket: BUCKET, Region: REGION, ...params }], SliceSize }, (err: unknown, d: any) =>
      err ? reject(err) : d.files[0].error ? reject(d.files[0].error) : resolve(d.files[0].data),
    ),
  );
}

/** A response header by name, whatever case the release leaves it in (0.7 keeps the server's). */
const header = (headers: Record<string, string>, name: string): string | undefined =>
  Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];

type PhoneRequest = { id: number; method: string; url: string; headers: Record<string, string> };
/** The id of the phone's last request so far (its own log, written when a request goes out). */
const lastRequestId = (): number => (mpsim.network.requests as PhoneRequest[]).at(-1)?.id ?? 0;
/** Requests the phone started after request `mark`. */
const requestsSince = (mark: number): PhoneRequest[] => (mpsim.network.requests as PhoneRequest[]).filter((r) => r.id > mark);

/** Waits for the phone's pending work and the server's log to settle. */
async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 300));
  await mpsim.idle();
}

type Step = (line: Line, key: string) => Promise<void>;

const steps: Record<StepId, Step> = {
  async putBody(line, key) {
    const body = randomBytes(300 * 1024);
    const percents: number[] = [];
    const data = await call(stsClient(loadSdk(line)), 'putObject', {
      Key: key,
      Body: new Uint8Array(body).buffer,
      onProgress: (p: { percent: number }) => percents.push(p.percent),
    });
    expect(data.statusCode).toBe(200);
    expect(header(data.headers, 'etag')).toBe(`"${md5(body)}"`);
    expect(storedMd5(key)).toBe(md5(body));
    if (cell(line, 'putBody').includes('percent 0')) {
      // 0.7 takes the total from a ContentLength parameter only: loaded/undefined, reported as 0
      expect(percents.length).toBeGreaterThan(0);
      expect(new Set(percents)).toEqual(new Set([0]));
    } else expectMonotonicToOne(percents);
  },

  async putFile(line, key) {
    const bytes = randomBytes(256 * 1024);
    const c = stsClient(loadSdk(line));
    const run = call(c, 'putObject', { Key: key, FilePath: userFile(bytes) });
    const what = cell(line, 'putFile');
    if (what.includes('missing param Body')) {
      // 1.0 and 1.1 read Body only and refuse the call before any request
      const mark = cos().log.length;
      await expect(run).rejects.toEqual({ error: 'missing param Body' });
      expect(opsFor(key, mark)).toEqual([]);
      return;
    }
    const data = await run;
    expect(data.statusCode).toBe(200);
    if (lacks(line, 'putFile')) {
      // 0.7 reads Body only: the FilePath is dropped and the PUT carries nothing
      expect(stored(key)?.size).toBe(0);
      return;
    }
    expect(storedMd5(key)).toBe(md5(bytes));
  },

  async post(line, key) {
    const bytes = randomBytes(200 * 1024 + 3);
    const percents: number[] = [];
    const data = await call(stsClient(loadSdk(line)), 'postObject', {
      Key: key,
      FilePath: userFile(bytes),
      onProgress: (p: { percent: number }) => percents.push(p.percent),
    });
    expect(data.statusCode).toBe(200);
    expect(opsFor(key)).toEqual(['PostObject']);
    expect(storedMd5(key)).toBe(md5(bytes));
    expectMonotonicToOne(percents);
  },

  async slice(line, key) {
    const c = stsClient(loadSdk(line), { ChunkSize: MB });
    if (lacks(line, 'slice')) {
      expect(c.sliceUploadFile).toBeUndefined();
      return;
    }
    const bytes = randomBytes(3 * MB + 7);
    const percents: number[] = [];
    const data = await call(c, 'sliceUploadFile', {
      Key: key,
      FilePath: userFile(bytes),
      FileSize: bytes.length,
      onProgress: (p: { percent: number }) => percents.push(p.percent),
    });
    expect(data.statusCode).toBe(200);
    expect(opsFor(key).filter((o) => o === 'UploadPart')).toHaveLength(4);
    expect(stored(key)?.etag).toMatch(/-4"$/);
    expect(storedMd5(key)).toBe(md5(bytes));
    expectMonotonicToOne(percents);
  },

  async uploadSmall(line, key) {
    const c = stsClient(loadSdk(line));
    if (lacks(line, 'uploadSmall')) {
      expect([typeof c.uploadFile, typeof c.uploadFiles]).toEqual(['undefined', 'undefined']);
      return;
    }
    const bytes = randomBytes(100 * 1024);
    await uploadOne(c, { Key: key, FilePath: userFile(bytes), FileSize: bytes.length }, MB);
    expect(opsFor(key)).toEqual([expect.stringMatching(/^(PutObject|PostObject)$/)]);
    expect(storedMd5(key)).toBe(md5(bytes));
  },

  async uploadSliced(line, key) {
    const c = stsClient(loadSdk(line), { ChunkSize: MB });
    if (lacks(line, 'uploadSliced')) {
      expect([typeof c.uploadFile, typeof c.uploadFiles]).toEqual(['undefined', 'undefined']);
      return;
    }
    const bytes = randomBytes(2 * MB + 5);
    await uploadOne(c, { Key: key, FilePath: userFile(bytes), FileSize: bytes.length }, MB);
    const ops = opsFor(key);
    expect(ops).toContain('InitiateMultipartUpload');
    expect(ops.filter((o) => o === 'UploadPart')).toHaveLength(3);
    expect(ops).toContain('CompleteMultipartUpload');
    expect(storedMd5(key)).toBe(md5(bytes));
  },

  async headGetDelete(line, key) {
    const c = stsClient(loadSdk(line));
    const text = `hello from ${line.version}`;
    await call(c, 'putObject', { Key: key, Body: text, Headers: { 'x-cos-meta-via': line.version } });
    const head = await call(c, 'headObject', { Key: key });
    expect(head.statusCode).toBe(200);
    expect(header(head.headers, 'x-cos-meta-via')).toBe(line.version);
    expect(header(head.headers, 'etag')).toBe(`"${md5(text)}"`);
    const get = await call(c, 'getObject', { Key: key });
    expect(get.Body).toBe(text);
    const del = await call(c, 'deleteObject', { Key: key });
    expect(del.statusCode).toBe(204);
    await expect(call(c, 'headObject', { Key: key })).rejects.toMatchObject({ statusCode: 404 });
    expect(stored(key)).toBeUndefined();
  },

  async sts(line, key) {
    const calls = () => mpsim.servers.appserver.calls['GET /cos/sts'] ?? 0;
    const before = calls();
    const issued: IssuedSts = {};
    const mark = lastRequestId();
    await call(stsClient(loadSdk(line), {}, issued), 'putObject', { Key: key, Body: 'sts' });
    expect(calls()).toBe(before + 1);
    // The PUT was signed with the temporary key and carried its token.
    const put = requestsSince(mark).find((r) => r.method === 'PUT' && r.url.includes(key));
    expect(put).toBeDefined();
    expect(issued.tmpSecretId).toBeTruthy();
    expect(header(put!.headers, 'authorization')).toContain(`q-ak=${issued.tmpSecretId}&`);
    expect(header(put!.headers, 'x-cos-security-token')).toBe(issued.sessionToken);
    expect(stored(key)?.size).toBe(3);
  },

  async tasks(line, key) {
    const c = stsClient(loadSdk(line), { ChunkSize: MB, ChunkParallelLimit: 1 });
    const state = (id: string) => (c.getTaskList() as Array<{ id: string; state: string }>).find((t) => t.id === id)?.state;
    const bytes = randomBytes(3 * MB + 1);
    const FilePath = userFile(bytes);
    mpsim.network.throttle(512 * 1024);

    if (lacks(line, 'tasks')) {
      // 0.7: postObject is the one task method (ready hook `TaskReady`), and its wx.uploadFile
      // is not tied to the task: cancel drops the callback, the file still goes up.
      let id = '';
      let settled = false;
      void call(c, 'postObject', { Key: key, FilePath, TaskReady: (t: string) => (id = t) }).then(
        () => (settled = true),
        () => (settled = true),
      );
      await until(() => state(id) === 'uploading', 'the upload to start');
      c.cancelTask(id);
      expect(state(id)).toBe('canceled');
      mpsim.network.reset();
      await until(() => stored(key) !== undefined, 'the canceled upload to land anyway');
      await settle();
      expect(settled).toBe(false);
      expect(storedMd5(key)).toBe(md5(bytes));
      return;
    }

    // pause: the part in flight is aborted and nothing more goes out
    let id = '';
    const done = call(c, 'sliceUploadFile', { Key: key, FilePath, FileSize: bytes.length, onTaskReady: (t: string) => (id = t) });
    await until(() => opsFor(key).includes('UploadPart'), 'a first part');
    c.pauseTask(id);
    expect(state(id)).toBe('paused');
    await settle();
    // nothing more goes out while paused (the phone's own log: a request is logged when it starts)
    expect(requestsSince(0).some((r) => r.url.includes(key))).toBe(true); // the filter below sees this upload
    const mark = lastRequestId();
    await new Promise((r) => setTimeout(r, 500));
    expect(
      requestsSince(mark)
        .filter((r) => r.url.includes(key))
        .map((r) => `${r.method} ${r.url}`),
    ).toEqual([]);
    // restart: the same task finishes (the same callback), the object is intact
    mpsim.network.reset();
    c.restartTask(id);
    const data = await done;
    expect(data.statusCode).toBe(200);
    expect(state(id)).toBe('success');
    expect(storedMd5(key)).toBe(md5(bytes));

    // cancel: the callback never comes, nothing is stored under the key
    const key2 = `${key}-canceled`;
    mpsim.network.throttle(512 * 1024);
    let id2 = '';
    let settled = false;
    void call(c, 'sliceUploadFile', { Key: key2, FilePath, FileSize: bytes.length, onTaskReady: (t: string) => (id2 = t) }).then(
      () => (settled = true),
      () => (settled = true),
    );
    await until(() => opsFor(key2).includes('UploadPart'), 'a first part of the second upload');
    c.cancelTask(id2);
    expect(state(id2)).toBe('canceled');
    mpsim.network.reset();
    await settle();
    await new Promise((r) => setTimeout(r, 500));
    expect(settled).toBe(false);
    expect(stored(key2)).toBeUndefined();
  },
};

afterEach(() => {
  mpsim.network.reset();
  cos().faults.clear();
});

describe.each(LINES)('cos-wx-sdk-v5 $version', (line) => {
  test.each(STEPS.map(([id, label]) => [label, cell(line, id), id] as const))('%s: %s', async (_label, _cell, id) => {
    await steps[id](line, `matrix/${line.version}/${id}`);
  });
});

describe('vod-wx-sdk-v2 1.1.2', () => {
  const vod = () => mpsim.servers.tencentVod;
  let VOD: any;
  beforeAll(() => {
    VOD = loadSdk(VOD_LINE);
  });

  /** VOD.start with the documented getSignature (wx.request to the app server); resolves on finish, rejects on error. */
  function start(mediaFile: any, extra: Record<string, unknown> = {}): { uploader: any; progress: any[]; done: Promise<any> } {
    const progress: any[] = [];
    let uploader: any;
    const done = new Promise<any>((resolve, reject) => {
      uploader = VOD.start({
        mediaFile,
        getSignature: (cb: (s: string) => void) =>
          wx.request({ url: 'https://appserver.mpsim.test/vod/tencent/signature', success: (r: any) => cb(r.data.signature) }),
        chunkSize: MB,
        chunkParallelLimit: 1,
        progressInterval: 50,
        progress: (p: any) => progress.push(p),
        finish: resolve,
        error: reject,
        ...extra,
      });
    });
    return { uploader, progress, done };
  }

  const media = async (fileId: string) =>
    (
      await new Promise<any>((resolve, reject) =>
        wx.request({ url: `https://appserver.mpsim.test/vod/tencent/media/${fileId}`, success: resolve, fail: reject }),
      )
    ).data;
  const videoMd5 = (video: any) => md5(fs.readFileSync(mpsim.device.toHostPath(video.tempFilePath)));
  const partsOf = (key: string) => opsFor(key).filter((o) => o === 'UploadPart').length;
  const sessionOf = (fileId: string) => [...vod().sessions.values()].find((x: any) => x.fileId === fileId);
  const lastSession = () => [...vod().sessions.values()].at(-1);

  test.each(STEPS.filter(([id]) => cell(VOD_LINE, id) === NOT_ITS_API).map(([, label]) => label))('%s: not part of its API', () => {
    // VOD.start is its only call: no object API of its own
    expect(Object.keys(VOD)).toEqual(['start']);
  });

  test(`sliceUploadFile + progress: ${cell(VOD_LINE, 'slice')}`, async () => {
    const video = await chooseVideo(3 * MB + 100, 11);
    const { progress, done } = start(video);
    const f = await done;
    const s = sessionOf(f.fileId);
    expect(partsOf(s.videoKey)).toBe(Math.ceil(video.size / MB));
    expect(progress.at(-1)).toMatchObject({ loaded: video.size, total: video.size, percent: 1 });
    expect((await media(f.fileId)).md5).toBe(videoMd5(video));
  });

  test(`STS via getAuthorization: ${cell(VOD_LINE, 'sts')}`, async () => {
    const calls = () => mpsim.servers.appserver.calls['GET /vod/tencent/signature'] ?? 0;
    const before = calls();
    const video = await chooseVideo(200 * 1024, 12);
    const f = await start(video).done;
    expect(calls()).toBe(before + 1);
    expect(vod().log.filter((e: any) => e.action === 'ApplyUploadUGC' && e.code === 0).length).toBeGreaterThan(0);
    expect((await media(f.fileId)).size).toBe(video.size);
  });

  test(`pause / restart / cancel: ${cell(VOD_LINE, 'tasks')}`, async () => {
    const video = await chooseVideo(3 * MB + 1, 13);
    mpsim.network.throttle({ upload: 512 * 1024 }, { host: 'vod2.qcloud.com' });
    const n0 = vod().sessions.size;
    const a = start(video);
    await until(() => vod().sessions.size > n0 && partsOf(lastSession().videoKey) > 0, 'a first part');
    const key = lastSession().videoKey;
    a.uploader.pause();
    await settle();
    // nothing more goes out while paused (the phone's own log: a request is logged when it starts)
    expect(requestsSince(0).some((r) => r.url.includes(key))).toBe(true); // the filter below sees this upload
    const mark = lastRequestId();
    await new Promise((r) => setTimeout(r, 500));
    expect(
      requestsSince(mark)
        .filter((r) => r.url.includes(key))
        .map((r) => `${r.method} ${r.url}`),
    ).toEqual([]);
    mpsim.network.reset();
    a.uploader.restart();
    const f = await a.done;
    expect((await media(f.fileId)).md5).toBe(videoMd5(video));

    const commits = () => vod().log.filter((e: any) => e.action === 'CommitUploadUGC').length;
    const c0 = commits();
    const other = await chooseVideo(3 * MB + 2, 14);
    mpsim.network.throttle({ upload: 512 * 1024 }, { host: 'vod2.qcloud.com' });
    const n1 = vod().sessions.size;
    const b = start(other);
    let settled = false;
    b.done.then(
      () => (settled = true),
      () => (settled = true),
    );
    await until(() => vod().sessions.size > n1 && partsOf(lastSession().videoKey) > 0, 'a first part of the second upload');
    b.uploader.cancel();
    mpsim.network.reset();
    await settle();
    await new Promise((r) => setTimeout(r, 500));
    expect(settled).toBe(false);
    expect(commits()).toBe(c0);
  });
});

/** The matrix as table rows (header first), from {@link LINES} and {@link VOD_LINE}. */
function matrixRows(): string[][] {
  return [
    ['release', ...STEPS.map(([, label]) => label)],
    ...[...LINES, VOD_LINE].map((l) => [l.version, ...STEPS.map(([id]) => cell(l, id))]),
  ];
}

test('docs/conformance/sdk-versions.md carries this matrix', () => {
  const doc = fs.readFileSync(path.join(__dirname, '../../docs/conformance/sdk-versions.md'), 'utf8');
  const start = doc.indexOf('<!-- matrix:start -->');
  const end = doc.indexOf('<!-- matrix:end -->');
  expect(start).toBeGreaterThan(0);
  const rows = doc
    .slice(start, end)
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|[\s:|-]+\|$/.test(l))
    .map((l) =>
      l
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
  // The doc's table is written by hand from LINES / VOD_LINE (one row per release, cells verbatim).
  expect(rows).toEqual(matrixRows());
});
