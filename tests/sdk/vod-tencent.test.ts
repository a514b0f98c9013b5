/**
 * The unmodified vod-wx-sdk-v2@1.1.2 (with its bundled COS SDK 1.4.6) against
 * the default simulator cloud: signatures from the app server via wx.request,
 * media from wx.chooseVideo / wx.chooseImage, Apply/Commit on the Tencent VOD
 * server, every COS request forwarded to the COS server with `Vod-Forward-Cos`.
 *
 * @jest-environment-options {"mpsim": {"unhandledRejections": "log"}}
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { chooseVideo } from '../helpers/vod-tencent';

declare const wx: any;
declare const mpsim: any;

const MIB = 1024 * 1024;
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const VOD = require('vod-wx-sdk-v2');

/** wx.request as a promise of the success result. */
function request(o: Record<string, unknown>): Promise<any> {
  return new Promise((resolve, reject) => wx.request({ ...o, success: resolve, fail: reject }));
}

async function chooseCover(): Promise<any> {
  const i = mpsim.album.list().findIndex((x: any) => x.kind === 'image');
  mpsim.user.pick([i]);
  return wx.chooseImage({ count: 1, sourceType: ['album'] });
}

/** The documented getSignature: wx.request to the app server. */
function getSignature(query = '', counter = { calls: 0 }) {
  return (callback: (s: string) => void) => {
    counter.calls++;
    wx.request({
      url: `https://appserver.mpsim.test/vod/tencent/signature${query}`,
      dataType: 'json',
      success: (res: any) => callback(res.data.signature),
    });
  };
}

interface Outcome {
  finish?: any;
  error?: any;
  progress: any[];
}

/** Starts an upload; `done` resolves on finish or error (bounded); `stop()` gives up waiting (after a cancel). */
function upload(opts: Record<string, unknown>): { uploader: any; outcome: Outcome; done: Promise<Outcome>; stop(): void } {
  const outcome: Outcome = { progress: [] };
  let settle!: () => void;
  const done = new Promise<Outcome>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`upload did not settle: ${JSON.stringify(outcome).slice(0, 300)}`)), 40000);
    settle = () => {
      clearTimeout(timer);
      resolve(outcome);
    };
  });
  const uploader = VOD.start({
    getSignature: getSignature(),
    progress: (info: any) => outcome.progress.push(info),
    finish: (r: any) => {
      outcome.finish = r;
      settle();
    },
    error: (e: any) => {
      outcome.error = e;
      settle();
    },
    ...opts,
  });
  return { uploader, outcome, done, stop: settle };
}

const waitFor = async (pred: () => boolean, ms = 20000, what = 'condition') => {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

const vod = () => mpsim.servers.tencentVod;
const partsFor = (key: string) => mpsim.servers.cos.log.filter((e: any) => e.op === 'UploadPart' && e.key === key && e.status === 200);
const bytesOf = (wxPath: string) => fs.readFileSync(mpsim.device.toHostPath(wxPath));

afterEach(() => {
  mpsim.network.reset();
  mpsim.servers.cos.faults.clear();
});

describe('vod-wx-sdk-v2 against the Tencent VOD server', () => {
  it('uploads a video with a cover: progress, finish, media md5 == source md5, session key cleared, telemetry sent', async () => {
    const video = await chooseVideo(3 * MIB, 1);
    const cover = await chooseCover();
    const coverBytes = bytesOf(cover.tempFilePaths[0]);
    const { outcome, done } = upload({ mediaFile: video, coverFile: cover, mediaName: 'my video' });
    await done;
    expect(outcome.error).toBeUndefined();
    const f = outcome.finish;
    expect(f).toMatchObject({ fileId: expect.stringMatching(/^\d{19}$/), videoName: 'my video' });
    expect(f.videoUrl).toContain(f.fileId);
    expect(f.coverUrl).toContain(f.fileId);
    // Progress: COS progress of the video, ending at percent 1.
    expect(outcome.progress.length).toBeGreaterThan(0);
    expect(outcome.progress.at(-1)).toMatchObject({ loaded: video.size, total: video.size, percent: 1 });
    // What VOD committed is what was picked.
    const media = (await request({ url: `https://appserver.mpsim.test/vod/tencent/media/${f.fileId}` })).data;
    expect(media).toEqual({
      fileId: f.fileId,
      size: video.size,
      md5: md5(bytesOf(video.tempFilePath)),
      coverSize: coverBytes.length,
      coverMd5: md5(coverBytes),
    });
    // All COS traffic went through vod2.qcloud.com with Vod-Forward-Cos (signed for the COS host).
    const cosReqs = mpsim.network.requests.filter((r: any) => r.headers['Vod-Forward-Cos'] || r.headers['vod-forward-cos']);
    expect(cosReqs.length).toBeGreaterThan(2);
    expect(new Set(cosReqs.map((r: any) => r.host))).toEqual(new Set(['vod2.qcloud.com']));
    expect(mpsim.network.requests.some((r: any) => /myqcloud\.com/.test(r.host))).toBe(false);
    const sess = [...vod().sessions.values()].find((s: any) => s.fileId === f.fileId);
    expect(partsFor(sess.videoKey).length).toBe(1); // one 8 MiB chunk
    // Apply + Commit once each; the session key the SDK stored is gone after finish.
    expect(vod().log.filter((e: any) => e.action === 'ApplyUploadUGC' && e.code === 0)).toHaveLength(1);
    expect(vod().log.filter((e: any) => e.action === 'CommitUploadUGC' && e.code === 0)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(wx.getStorageInfoSync().keys.filter((k: string) => k.startsWith('wp_ugc_'))).toEqual([]);
    // Telemetry: Apply (10001) and Commit (10002) reports reached vodreport.qcloud.com.
    await waitFor(() => vod().reports.some((r: any) => r.reqType === 10002), 5000, 'commit report');
    expect(vod().reports.map((r: any) => r.reqType)).toEqual(expect.arrayContaining([10001, 10002]));
    expect(vod().reports.find((r: any) => r.reqType === 10002)).toMatchObject({ errCode: 0, fileId: f.fileId, fileSize: video.size });
  });

  it('an expired signature: Apply is retried 3 more times with fresh signatures, then error with the VOD code', async () => {
    const video = await chooseVideo(100 * 1024, 2);
    const counter = { calls: 0 };
    const { outcome, done } = upload({ mediaFile: video, getSignature: getSignature('?expire=-60', counter) });
    await done;
    expect(outcome.finish).toBeUndefined();
    expect(outcome.error.data).toEqual({ code: 10009, message: 'signature expired' });
    expect(outcome.error.statusCode).toBe(200);
    expect(counter.calls).toBe(4);
    expect(vod().log.filter((e: any) => e.signatureFailure === 'expired')).toHaveLength(4);
  });

  it('a tampered signature: error with the VOD code, nothing uploaded', async () => {
    const video = await chooseVideo(100 * 1024, 3);
    const before = mpsim.servers.cos.log.length;
    const tampered = (cb: (s: string) => void) =>
      wx.request({
        url: 'https://appserver.mpsim.test/vod/tencent/signature',
        success: (res: any) => {
          const raw = Buffer.from(res.data.signature, 'base64');
          const text = raw
            .subarray(20)
            .toString()
            .replace(/expireTime=\d+/, 'expireTime=9999999999');
          cb(Buffer.concat([raw.subarray(0, 20), Buffer.from(text)]).toString('base64'));
        },
      });
    const { outcome, done } = upload({ mediaFile: video, getSignature: tampered });
    await done;
    expect(outcome.error.data).toEqual({ code: 10009, message: 'signature does not match' });
    expect(mpsim.servers.cos.log.length).toBe(before);
  });

  it('cancel stops the upload: no Commit, no finish, the multipart upload stays open', async () => {
    const video = await chooseVideo(4 * MIB, 4);
    mpsim.network.throttle({ upload: 2 * MIB }, { host: 'vod2.qcloud.com' });
    const commits = () => vod().log.filter((e: any) => e.action === 'CommitUploadUGC').length;
    const c0 = commits();
    const { uploader, outcome, stop } = upload({ mediaFile: video, chunkSize: MIB, chunkParallelLimit: 1, progressInterval: 50 });
    await waitFor(() => outcome.progress.some((p) => p.loaded > 0), 20000, 'first progress');
    uploader.cancel();
    await new Promise((r) => setTimeout(r, 1500));
    await mpsim.idle();
    stop();
    expect(outcome.finish).toBeUndefined();
    expect(outcome.error).toBeUndefined();
    expect(commits()).toBe(c0);
    const key = [...vod().sessions.values()].at(-1).videoKey;
    const bucket = vod().bucketOf(mpsim.servers.cos.authority.defaultAccount.appid);
    expect(mpsim.servers.cos.store.uploads(bucket).some((u: any) => u.key === key)).toBe(true);
  });

  it('resume: a second start with the same file reuses wp_ugc_<fileKey>, the session and the uploaded parts', async () => {
    const video = await chooseVideo(5 * MIB, 5);
    const fileKey = /^.*?([^/]{32}\.\w+)$/.exec(video.tempFilePath)![1];
    mpsim.network.throttle({ upload: 3 * MIB }, { host: 'vod2.qcloud.com' });
    const first = upload({ mediaFile: video, chunkSize: MIB, chunkParallelLimit: 1, progressInterval: 50 });
    await waitFor(() => first.outcome.progress.some((p) => p.loaded >= 2 * MIB), 20000, '2 MiB uploaded');
    first.uploader.cancel(); // the app is killed mid-way
    await new Promise((r) => setTimeout(r, 1500));
    await mpsim.idle();
    first.stop();
    const stored = wx.getStorageSync(`wp_ugc_${fileKey}`);
    expect(stored).toBeTruthy();
    const session = vod().sessions.get(stored);
    // What the server holds, not the 200s in its log: the cancel aborts the part in flight, and one
    // whose body had fully arrived is stored although its response never went out (status 0).
    const bucket = vod().bucketOf(mpsim.servers.cos.authority.defaultAccount.appid);
    const open = mpsim.servers.cos.store.uploads(bucket).find((u: any) => u.key === session.videoKey);
    const storedBefore: number[] = [...open.parts.keys()].sort((x: number, y: number) => x - y);
    expect(storedBefore.length).toBeGreaterThanOrEqual(2);
    expect(storedBefore.length).toBeLessThan(5);
    const mark = mpsim.servers.cos.log.length;
    mpsim.network.reset();

    const second = upload({ mediaFile: video, chunkSize: MIB, progressInterval: 50 });
    await second.done;
    expect(second.outcome.error).toBeUndefined();
    expect(session.applies).toBe(2); // Apply with vodSessionKey: the same session
    expect(session.fileId).toBe(second.outcome.finish.fileId);
    // Only the missing parts were sent again (5 parts of 1 MiB).
    const resent: number[] = mpsim.servers.cos.log
      .slice(mark)
      .filter((e: any) => e.op === 'UploadPart' && e.key === session.videoKey && e.status === 200)
      .map((e: any) => Number(/partNumber=(\d+)/.exec(e.url)![1]));
    expect(resent.filter((n) => storedBefore.includes(n))).toEqual([]);
    expect([...storedBefore, ...resent].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5]);
    const media = (await request({ url: `https://appserver.mpsim.test/vod/tencent/media/${session.fileId}` })).data;
    expect(media.md5).toBe(md5(bytesOf(video.tempFilePath)));
  });

  it('a COS failure: error({code}) from the SDK, and its unhandled rejection is logged, not fatal', async () => {
    const video = await chooseVideo(200 * 1024, 6);
    const rejections: any[] = [];
    const listener = (r: any) => rejections.push(r);
    wx.onUnhandledRejection(listener);
    try {
      mpsim.servers.cos.faults.failNext('InitiateMultipartUpload', { status: 403, code: 'AccessDenied', message: 'no', count: 10 });
      const { outcome, done } = upload({ mediaFile: video, chunkRetryTimes: 0 });
      await done;
      expect(outcome.finish).toBeUndefined();
      // The SDK's 1.4.6 COS error has no error.Code on this path: always -2 'cos error' (research §2.8).
      expect(outcome.error).toEqual({ code: -2, message: 'cos error' });
      await waitFor(() => rejections.length > 0, 5000, 'the unhandled rejection');
      expect(rejections[0]).toMatchObject({ reason: undefined });
      await waitFor(() => vod().reports.some((r: any) => r.reqType === 20001), 5000, 'cos failure report');
    } finally {
      wx.offUnhandledRejection(listener);
    }
  });
});
