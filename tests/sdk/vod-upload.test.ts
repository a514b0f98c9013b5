/**
 * VODUpload end to end: our SDK (sdk/vod-upload, wx.* only) on the real
 * runtime, over real HTTPS to the simulator's app server, Alibaba VOD and OSS
 * servers. The bytes are checked on the server side (md5 of the stored source).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { VODUpload, type UploadInfo } from '../../sdk/vod-upload';

declare const wx: any;
declare const mpsim: any;

jest.setTimeout(60000);

const oss = () => mpsim.network.servers.oss;

// Faults a test set up but did not consume (a test that fails early, or one that injects more
// resets than retries) must not leak into the next test.
afterEach(() => oss().faults.clear());

function appserver(path: string, method: 'GET' | 'POST' = 'GET', data?: object): Promise<any> {
  return new Promise((resolve, reject) =>
    wx.request({
      url: `https://appserver.mpsim.test/vod/aliyun/${path}`,
      method,
      data,
      success: (r: any) =>
        r.statusCode === 200 ? resolve(r.data) : reject(new Error(`${path}: ${r.statusCode} ${JSON.stringify(r.data)}`)),
      fail: (e: any) => reject(new Error(e.errMsg)),
    }),
  );
}

/** A user file of `size` deterministic bytes; returns its wx path and md5. */
function userFile(name: string, size: number): { path: string; md5: string } {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  const path = `${wx.env.USER_DATA_PATH}/${name}`;
  wx.getFileSystemManager().writeFileSync(path, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + size));
  return { path, md5: createHash('md5').update(bytes).digest('hex') };
}

function hostMd5(wxPath: string): string {
  return createHash('md5')
    .update(fs.readFileSync(mpsim.device.toHostPath(wxPath)))
    .digest('hex');
}

interface Recorder {
  events: string[];
  progress: number[];
  failed: Array<[string, string]>;
  ended: Promise<UploadInfo | undefined>;
}

/**
 * An uploader in credential mode (the doc's recommended mode): onUploadstarted asks
 * the app server for CreateUploadVideo or, when uploadInfo.videoId is set,
 * RefreshUploadVideo — exactly as the seed's comments say.
 */
function credentialUploader(
  extra: Record<string, unknown> = {},
  hooks: { onProgress?: (u: VODUpload, info: UploadInfo, f: number) => void; onExpired?: (u: VODUpload, info: UploadInfo) => void } = {},
) {
  const rec: Partial<Recorder> & { events: string[]; progress: number[]; failed: Array<[string, string]> } = {
    events: [],
    progress: [],
    failed: [],
  };
  let endResolve!: (i: UploadInfo | undefined) => void;
  rec.ended = new Promise((r) => (endResolve = r));
  const uploader: VODUpload = new VODUpload({
    userId: '0',
    retryCount: 3,
    retryDuration: 0.05,
    ...extra,
    onUploadstarted: async (info: UploadInfo) => {
      rec.events.push(`started:${info.file.name}`);
      const r = info.videoId
        ? await appserver('refresh-upload-video', 'POST', { VideoId: info.videoId })
        : await appserver('create-upload-video', 'POST', { Title: info.file.name, FileName: info.file.name });
      uploader.setUploadAuthAndAddress(info, r.UploadAuth, r.UploadAddress, r.VideoId);
    },
    onUploadSucceed: (info: UploadInfo) => rec.events.push(`succeed:${info.file.name}`),
    onUploadFailed: (info: UploadInfo, code: string, message: string) => {
      rec.events.push(`failed:${info.file.name}`);
      rec.failed.push([code, message]);
    },
    onUploadProgress: (info: UploadInfo, total: number, fraction: number) => {
      rec.progress.push(fraction);
      hooks.onProgress?.(uploader, info, fraction);
    },
    onUploadTokenExpired: (info: UploadInfo) => {
      rec.events.push(`expired:${info.file.name}`);
      hooks.onExpired?.(uploader, info);
    },
    onUploadCanceled: (info: UploadInfo) => rec.events.push(`canceled:${info.file.name}`),
    onUploadEnd: (info: UploadInfo) => {
      rec.events.push('end');
      endResolve(info);
    },
  });
  return { uploader, rec: rec as Recorder };
}

async function stored(videoId: string) {
  return appserver(`videos/${encodeURIComponent(videoId)}`);
}

/** Successful UploadPart count per part number, for one object. */
function uploadPartLog(key: string | undefined): Map<number, number> {
  const ok = new Map<number, number>();
  for (const e of oss().log as Array<{ op: string; url: string; status: number; key?: string }>) {
    if (e.op !== 'UploadPart' || e.status !== 200 || e.key !== key) continue;
    const n = Number(/partNumber=(\d+)/.exec(e.url)?.[1]);
    ok.set(n, (ok.get(n) ?? 0) + 1);
  }
  return ok;
}

test('credential mode, small video: one PostObject, 0..1 progress, bytes stored intact, onUploadEnd once', async () => {
  const video = await wx.chooseVideo({});
  const { uploader, rec } = credentialUploader();
  expect(uploader.addFile({ url: video.tempFilePath, coverUrl: video.thumbTempFilePath }, null, null, null, '{"Vod":{}}')).toBe(true);
  expect(uploader.addFile({ url: video.tempFilePath })).toBe(false); // duplicate
  uploader.startUpload();
  const last = await rec.ended;
  const info = uploader.listFiles()[0];
  expect(rec.events).toEqual([`started:${info.file.name}`, `succeed:${info.file.name}`, 'end']);
  expect(last).toBe(info);
  expect(info.state).toBe('Success');
  expect(info.file.name).toMatch(/^tmp_[0-9a-f]{32}\.mp4$/);
  expect(rec.progress.length).toBeGreaterThan(0);
  for (let i = 1; i < rec.progress.length; i++) expect(rec.progress[i]).toBeGreaterThanOrEqual(rec.progress[i - 1]);
  expect(Math.max(...rec.progress)).toBeLessThanOrEqual(1);
  expect(rec.progress[rec.progress.length - 1]).toBe(1);
  expect(oss().log.filter((e: any) => e.op === 'PostObject' && e.status === 200)).toHaveLength(1);
  const src = await stored(info.videoId!);
  expect(src).toMatchObject({ VideoId: info.videoId, Size: video.size, MD5: hostMd5(video.tempFilePath) });
});

test('credential mode, multipart above the threshold: parallel parts, md5-identical object', async () => {
  const f = userFile('big.mp4', 3 * 1024 * 1024 + 12345);
  const { uploader, rec } = credentialUploader({ multipartThreshold: 1024 * 1024, partSize: 256 * 1024, parallel: 3 });
  uploader.addFile({ url: f.path });
  uploader.startUpload();
  await rec.ended;
  const info = uploader.listFiles()[0];
  expect(rec.events.slice(-2)).toEqual([`succeed:big.mp4`, 'end']);
  const parts = uploadPartLog(info.object);
  expect(parts.size).toBe(Math.ceil((3 * 1024 * 1024 + 12345) / (256 * 1024)));
  expect([...parts.values()].every((n) => n === 1)).toBe(true);
  expect(await stored(info.videoId!)).toMatchObject({ Size: 3 * 1024 * 1024 + 12345, MD5: f.md5 });
  // the checkpoint is gone once the upload succeeded
  expect(wx.getStorageInfoSync().keys.filter((k: string) => k.startsWith('vodupload_checkpoint_'))).toEqual([]);
});

test('STS mode: the SDK calls VOD itself (signed RPC with the STS token)', async () => {
  const video = await wx.chooseVideo({});
  const sts = await appserver('sts');
  const events: string[] = [];
  let uploader!: VODUpload;
  await new Promise<void>((resolve) => {
    uploader = new VODUpload({
      onUploadstarted: (info: UploadInfo) => {
        events.push('started');
        uploader.setSTSToken(info, sts.AccessKeyId, sts.AccessKeySecret, sts.SecurityToken);
      },
      onUploadSucceed: () => events.push('succeed'),
      onUploadFailed: (_i: UploadInfo, code: string, message: string) => events.push(`failed:${code}:${message}`),
      onUploadEnd: () => resolve(),
    });
    uploader.addFile({ url: video.tempFilePath }, null, null, null, '{"Vod":{"Title":"sts","CateId":"234"}}');
    uploader.startUpload();
  });
  expect(events).toEqual(['started', 'succeed']);
  const info = uploader.listFiles()[0];
  expect(info.videoId).toBeTruthy();
  expect(await stored(info.videoId!)).toMatchObject({ MD5: hostMd5(video.tempFilePath) });
  const vodLog = mpsim.network.servers.aliyunVod.log as Array<{ action: string; status: number }>;
  // straight from the phone (not via the app server, which would be a second call): one signed CreateUploadVideo
  expect(vodLog.filter((e) => e.action === 'CreateUploadVideo' && e.status === 200)).toHaveLength(1);
});

test('token expiring mid-multipart → onUploadTokenExpired → resumeUploadWithAuth continues; no finished part is sent again', async () => {
  const f = userFile('expire.mp4', 2 * 1024 * 1024);
  let expiredOnce = false;
  const { uploader, rec } = credentialUploader(
    { multipartThreshold: 512 * 1024, partSize: 128 * 1024, parallel: 1 },
    {
      onProgress: (_u, _i, fraction) => {
        if (!expiredOnce && fraction >= 0.3) {
          expiredOnce = true;
          oss().expireCredentialsNow();
        }
      },
      onExpired: (u, info) => {
        void appserver('refresh-upload-video', 'POST', { VideoId: info.videoId }).then((r) =>
          expect(u.resumeUploadWithAuth(r.UploadAuth)).toBe(true),
        );
      },
    },
  );
  uploader.addFile({ url: f.path });
  uploader.startUpload();
  await rec.ended;
  const info = uploader.listFiles()[0];
  expect(rec.events).toContain('expired:expire.mp4');
  expect(rec.events.slice(-2)).toEqual(['succeed:expire.mp4', 'end']);
  expect(rec.failed).toEqual([]);
  const parts = uploadPartLog(info.object);
  expect(parts.size).toBe(16);
  expect([...parts.values()].every((n) => n === 1)).toBe(true);
  expect(oss().log.some((e: any) => e.op === 'UploadPart' && e.code === 'SecurityTokenExpired')).toBe(true);
  expect(await stored(info.videoId!)).toMatchObject({ MD5: f.md5 });
});

test('stopUpload aborts the transfer; startUpload resumes from the checkpoint via RefreshUploadVideo', async () => {
  const f = userFile('stop.mp4', 2 * 1024 * 1024);
  let stopped = false;
  const { uploader, rec } = credentialUploader(
    { multipartThreshold: 512 * 1024, partSize: 128 * 1024, parallel: 2 },
    {
      onProgress: (u, _i, fraction) => {
        if (!stopped && fraction >= 0.25) {
          stopped = true;
          u.stopUpload();
        }
      },
    },
  );
  uploader.addFile({ url: f.path });
  uploader.startUpload();
  await new Promise((r) => setTimeout(r, 500));
  const info = uploader.listFiles()[0];
  expect(info.state).toBe('Stoped');
  expect(rec.events).toEqual(['started:stop.mp4', 'canceled:stop.mp4']);
  const before = uploadPartLog(info.object);
  expect(before.size).toBeGreaterThan(0);
  expect(before.size).toBeLessThan(16);
  const firstVideo = info.videoId;
  uploader.startUpload();
  await rec.ended;
  expect(rec.events.slice(-3)).toEqual(['started:stop.mp4', 'succeed:stop.mp4', 'end']);
  expect(info.videoId).toBe(firstVideo); // refreshed, not a new video
  const after = uploadPartLog(info.object);
  expect(after.size).toBe(16);
  expect([...after.values()].every((n) => n === 1)).toBe(true);
  expect(await stored(info.videoId!)).toMatchObject({ MD5: f.md5 });
});

test('a failing file does not stop the others, and onUploadEnd still fires once', async () => {
  const a = userFile('a.mp4', 50 * 1024);
  const b = userFile('b.mp4', 60 * 1024);
  oss().faults.failNext('PostObject', { status: 403, code: 'AccessDenied', message: 'Injected: no' });
  const { uploader, rec } = credentialUploader();
  uploader.addFile({ url: a.path });
  uploader.addFile({ url: b.path });
  uploader.startUpload();
  await rec.ended;
  await new Promise((r) => setTimeout(r, 200));
  expect(rec.events).toEqual(['started:a.mp4', 'failed:a.mp4', 'started:b.mp4', 'succeed:b.mp4', 'end']);
  expect(rec.failed).toEqual([['AccessDenied', 'Injected: no']]);
  expect(uploader.listFiles().map((i) => i.state)).toEqual(['Failure', 'Success']);
});

test('connection resets are retried retryCount times, then fail with NetworkError', async () => {
  const a = userFile('retry.mp4', 40 * 1024);
  oss().faults.resetNext('PostObject', 2);
  const ok = credentialUploader({ retryCount: 3, retryDuration: 0.05 });
  ok.uploader.addFile({ url: a.path });
  ok.uploader.startUpload();
  await ok.rec.ended;
  expect(ok.rec.events).toEqual(['started:retry.mp4', 'succeed:retry.mp4', 'end']);
  expect(ok.uploader.listFiles()[0].retry).toBe(true);

  const b = userFile('retry2.mp4', 40 * 1024);
  oss().faults.resetNext('PostObject', 5);
  const bad = credentialUploader({ retryCount: 2, retryDuration: 0.05 });
  bad.uploader.addFile({ url: b.path });
  bad.uploader.startUpload();
  await bad.rec.ended;
  expect(bad.rec.events).toEqual(['started:retry2.mp4', 'failed:retry2.mp4', 'end']);
  expect(bad.rec.failed[0][0]).toBe('NetworkError');
  expect(bad.rec.failed[0][1]).toMatch(/^uploadFile:fail /);
});

test('list management: cancelFile / resumeFile / deleteFile / cleanList', () => {
  const u = new VODUpload({});
  const a = userFile('l1.mp4', 10);
  const b = userFile('l2.mp4', 10);
  expect(u.addFile(null)).toBe(false);
  expect(u.addFile({ url: a.path })).toBe(true);
  expect(u.addFile({ url: b.path }, null, null, null, 'not json')).toBe(true);
  expect(u.listFiles().map((i) => i.state)).toEqual(['Ready', 'Ready']);
  expect(u.listFiles()[1].videoInfo).toEqual({});
  expect(u.cancelFile(5)).toBe(false);
  expect(u.cancelFile(0)).toBe(true);
  expect(u.listFiles()[0].state).toBe('Canceled');
  expect(u.resumeFile(1)).toBe(false);
  expect(u.resumeFile(0)).toBe(true);
  expect(u.listFiles()[0].state).toBe('Ready');
  expect(u.deleteFile(0)).toBe(true);
  expect(u.listFiles().map((i) => i.file.name)).toEqual(['l2.mp4']);
  u.cleanList();
  expect(u.listFiles()).toEqual([]);
});

test('bad credentials are refused without a crash', async () => {
  const video = await wx.chooseVideo({});
  const u = new VODUpload({});
  u.addFile({ url: video.tempFilePath });
  const info = u.listFiles()[0];
  const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  expect(u.setUploadAuthAndAddress(info, 'not base64 !', 'x')).toBe(false);
  expect(u.setUploadAuthAndAddress(info, Buffer.from('{"AccessKeyId":"a"}').toString('base64'), 'x')).toBe(false);
  expect(u.resumeUploadWithAuth('x')).toBe(false);
  expect(u.resumeUploadWithSTSToken('', '', '')).toBe(false);
  spy.mockRestore();
});

test('a timed-out PostObject is retried (RequestTimeoutError), then the upload succeeds', async () => {
  const a = userFile('slow.mp4', 30 * 1024);
  // the first PostObject is held longer than the SDK's timeout; the retry goes through
  oss().faults.delayNext('PostObject', 3000);
  const { uploader, rec } = credentialUploader({ timeout: 500, retryCount: 2, retryDuration: 0.05 });
  const mark = mpsim.network.requests.length;
  uploader.addFile({ url: a.path });
  uploader.startUpload();
  await rec.ended;
  expect(rec.events).toEqual(['started:slow.mp4', 'succeed:slow.mp4', 'end']);
  expect(uploader.listFiles()[0].retry).toBe(true);
  const posts = mpsim.network.requests.slice(mark).filter((r: any) => r.api === 'uploadFile');
  expect(posts.map((r: any) => r.error ?? r.statusCode)).toEqual(['timeout', 200]);
});
