/**
 * Fault matrix: every upload path × every fault, each row bounded by its own
 * timeout. Paths: wx.uploadFile, wx.request (ArrayBuffer body), wx.downloadFile,
 * COS putObject and sliceUploadFile through the unmodified cos-wx-sdk-v5, and
 * our VODUpload (sdk/vod-upload) to Alibaba VOD + OSS. The seventh path,
 * vod-wx-sdk-v2, is in fault-matrix-vod-tencent.test.ts: it needs the
 * environment's `unhandledRejections: "log"` (the SDK leaves one on every COS
 * failure), which would hide escapes in the six paths here.
 *
 * Faults: 5xx, connection reset mid-body, timeout (the server hangs), abort,
 * unroutable host, untrusted certificate, source file deleted mid-upload,
 * offline. Each row asserts the exact errMsg (wx) or the SDK's error (or, where
 * the SDK retries by design, the retry and the intact object), no unhandled
 * rejection or uncaught exception, and no leaked fd/socket: the process's open
 * fds (/proc/self/fd, which counts both ends of every loopback connection, i.e.
 * the Cloud's connections too) come back to where they were, after a short
 * settle time. N/A cells (a fault the path cannot meet) are listed and skipped.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { VODUpload, type UploadInfo } from '../../sdk/vod-upload';
import { stsCosClient } from '../helpers/cos-sdk';
import { userFile } from '../helpers/files';
import { bounded, describeEscapes, openFds, settledFds, watchEscapes } from '../helpers/reliability';

declare const wx: any;
declare const mpsim: any;

jest.setTimeout(30000);

const BUCKET = 'examplebucket-1250000000';
const REGION = 'ap-beijing';
const COS_HOST = `${BUCKET}.cos.${REGION}.myqcloud.com`;
const OSS_HOSTS = '*.oss-cn-shanghai.aliyuncs.com';
const ECHO = 'test.url';
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cos = () => mpsim.servers.cos;
const oss = () => mpsim.servers.oss;

type Fault = '5xx' | 'reset' | 'timeout' | 'abort' | 'unroutable' | 'untrusted' | 'deleted' | 'offline';
const FAULTS: Fault[] = ['5xx', 'reset', 'timeout', 'abort', 'unroutable', 'untrusted', 'deleted', 'offline'];

/** What a path reports: ok (with detail) or its error text. */
interface Result {
  ok: boolean;
  msg: string;
  detail?: Record<string, unknown>;
}

const escaped = watchEscapes();
const removeLater = (wxPath: string, ms: number) => setTimeout(() => fs.rmSync(mpsim.device.toHostPath(wxPath), { force: true }), ms);

/** Sets the fault up for `host`; returns per-call options (timeout) and an abort hook time. */
function inject(fault: Fault, host: string): void {
  const net = mpsim.network;
  if (fault === '5xx') net.failNext(1, { status: 503 }, { host });
  if (fault === 'reset') net.failNext(1, { reset: 'mid-body' }, { host });
  if (fault === 'timeout') net.hang({ host });
  if (fault === 'untrusted') net.certificate(host, 'untrusted');
  if (fault === 'offline') net.offline();
  // abort and deleted need the transfer to be observable mid-way
  if (fault === 'abort' || fault === 'deleted') net.throttle({ upload: 256 * 1024, download: 256 * 1024 }, { host });
}

function wxTask(api: 'request' | 'uploadFile' | 'downloadFile', opts: Record<string, unknown>, fault: Fault): Promise<Result> {
  return new Promise((resolve) => {
    const task = wx[api]({
      ...opts,
      timeout: fault === 'timeout' ? 400 : 10000,
      success: (r: any) => resolve({ ok: true, msg: r.errMsg, detail: { statusCode: r.statusCode, data: r.data } }),
      fail: (r: any) => resolve({ ok: false, msg: r.errMsg }),
    });
    if (fault === 'abort') setTimeout(() => task.abort(), 150);
  });
}

/** A cos-wx-sdk-v5 client whose keys come from the app server (as the COS docs show). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cosClient = (extra: Record<string, unknown> = {}): any => stsCosClient(require('cos-wx-sdk-v5'), extra);
/** The wx errMsg inside a cos-wx-sdk-v5 error (`{ error: 'request:fail ...' }`, nested under `err` for slices), else its message. */
const cosErr = (err: any): string => {
  const inner = err?.err ?? err;
  if (typeof inner?.error === 'string') return inner.error;
  const e = inner?.error ?? inner;
  return String(e?.errMsg ?? e?.message ?? e?.Code ?? (inner?.statusCode ? `status ${inner.statusCode}` : JSON.stringify(err)));
};
const storedMd5 = (key: string): string | undefined => {
  const rec = cos().store.head(BUCKET, key);
  return rec ? md5(fs.readFileSync(cos().store.dataPath(BUCKET, rec))) : undefined;
};

let seq = 0;
type Runner = (fault: Fault) => Promise<Result>;
const paths: Record<string, { host: string; run: Runner; na: Partial<Record<Fault, string>> }> = {
  'wx.uploadFile': {
    host: ECHO,
    na: {},
    run: (fault) => {
      const f = userFile(`up-${++seq}.bin`, 512 * 1024);
      if (fault === 'deleted') removeLater(f.path, 150);
      const url = fault === 'unroutable' ? 'https://no-route.mpsim.invalid/upload' : 'https://test.url/upload';
      return wxTask('uploadFile', { url, filePath: f.path, name: 'file' }, fault).then((r) =>
        r.ok
          ? {
              ...r,
              detail: {
                ...r.detail,
                intact: r.detail!.statusCode !== 200 || JSON.parse(String(r.detail!.data)).files[0].md5 === md5(f.bytes),
              },
            }
          : r,
      );
    },
  },
  'wx.request body': {
    host: ECHO,
    na: { deleted: 'the body is in memory: no source file' },
    run: (fault) => {
      const body = userFile(`req-${++seq}.bin`, 256 * 1024).bytes;
      const url = fault === 'unroutable' ? 'https://no-route.mpsim.invalid/anything' : 'https://test.url/anything';
      return wxTask(
        'request',
        {
          url,
          method: 'POST',
          data: body.buffer.slice(body.byteOffset, body.byteOffset + body.length),
          header: { 'content-type': 'application/octet-stream' },
        },
        fault,
      );
    },
  },
  'wx.downloadFile': {
    host: ECHO,
    na: { deleted: 'a download has no local source file' },
    run: (fault) => {
      const url = fault === 'unroutable' ? 'https://no-route.mpsim.invalid/bytes/10' : 'https://test.url/bytes/524288';
      return wxTask('downloadFile', { url }, fault);
    },
  },
  'COS putObject': {
    host: COS_HOST,
    na: {
      deleted: 'putObject sends a Body from memory',
      abort: 'a simple putObject has no task handle in the SDK (no onTaskReady/cancelTask)',
    },
    run: async (fault) => {
      const body = userFile(`put-${++seq}.bin`, 256 * 1024).bytes;
      const key = `matrix/put-${seq}.bin`;
      const c = cosClient({
        Timeout: fault === 'timeout' ? 400 : 10000,
        ...(fault === 'unroutable' ? { Domain: 'no-route.mpsim.invalid' } : {}),
      });
      return new Promise<Result>((resolve) =>
        c.putObject(
          { Bucket: BUCKET, Region: REGION, Key: key, Body: body.buffer.slice(body.byteOffset, body.byteOffset + body.length) },
          (err: any, data: any) =>
            resolve(
              err
                ? { ok: false, msg: cosErr(err) }
                : { ok: true, msg: `status ${data.statusCode}`, detail: { intact: storedMd5(key) === md5(body) } },
            ),
        ),
      );
    },
  },
  'COS sliceUploadFile': {
    host: COS_HOST,
    na: {},
    run: async (fault) => {
      const f = userFile(`slice-${++seq}.bin`, 2 * 1024 * 1024 + 100);
      const key = `matrix/slice-${seq}.bin`;
      // one part at a time, so the file goes away while parts are still unread
      const c = cosClient({
        ChunkSize: 1024 * 1024,
        ChunkParallelLimit: 1,
        Timeout: fault === 'timeout' ? 400 : 10000,
        ...(fault === 'unroutable' ? { Domain: 'no-route.mpsim.invalid' } : {}),
      });
      if (fault === 'deleted') removeLater(f.path, 300);
      return new Promise<Result>((resolve) => {
        // A slice read that fails hands the SDK a null Body and its md5(null) throws inside our
        // readFile fail callback (cos-wx-sdk-v5 1.8.0 defect): the runtime reports it as a script
        // error (wx.onError) and the SDK never calls back. That report is the bounded outcome.
        if (fault === 'deleted') {
          const onError = (e: any) => {
            wx.offError(onError);
            resolve({ ok: false, msg: `script error: ${String(e?.message ?? e).split('\n')[0]}` });
          };
          wx.onError(onError);
        }
        // cancelTask never calls the callback: the task list reports the cancel
        c.on('task-list-update', (e: any) => {
          const t = e.list.find((x: any) => x.Key === key);
          if (fault === 'abort' && t?.state === 'canceled')
            setTimeout(() => resolve({ ok: false, msg: 'task canceled', detail: { stored: storedMd5(key) } }), 300);
        });
        c.sliceUploadFile(
          {
            Bucket: BUCKET,
            Region: REGION,
            Key: key,
            FilePath: f.path,
            onTaskReady: (id: string) => {
              if (fault === 'abort') setTimeout(() => c.cancelTask(id), 300);
            },
          },
          (err: any, data: any) =>
            resolve(
              err
                ? { ok: false, msg: cosErr(err) }
                : { ok: true, msg: `status ${data.statusCode}`, detail: { intact: storedMd5(key) === md5(f.bytes) } },
            ),
        );
      });
    },
  },
  VODUpload: {
    host: OSS_HOSTS,
    na: { unroutable: 'the OSS endpoint comes from the VOD server (UploadAddress), not from the caller' },
    run: async (fault) => {
      const f = userFile(`vod-${++seq}.mp4`, 1024 * 1024 + 77);
      if (fault === 'deleted') removeLater(f.path, 300);
      let uploader!: VODUpload;
      const events: string[] = [];
      const done = new Promise<Result>((resolve) => {
        uploader = new VODUpload({
          userId: '0',
          retryCount: 2,
          retryDuration: 0.05,
          timeout: fault === 'timeout' ? 400 : 10000,
          multipartThreshold: 512 * 1024,
          partSize: 256 * 1024,
          parallel: 2,
          onUploadstarted: (info: UploadInfo) => {
            wx.request({
              url: 'https://appserver.mpsim.test/vod/aliyun/create-upload-video',
              method: 'POST',
              data: { Title: 'm', FileName: info.file.name },
              success: (r: any) => uploader.setUploadAuthAndAddress(info, r.data.UploadAuth, r.data.UploadAddress, r.data.VideoId),
              fail: (e: any) => resolve({ ok: false, msg: `create-upload-video: ${e.errMsg}` }),
            });
          },
          onUploadProgress: () => {
            if (fault === 'abort' && !events.includes('stopped')) {
              events.push('stopped');
              uploader.stopUpload();
            }
          },
          onUploadFailed: (_i: UploadInfo, code: string, message: string) => resolve({ ok: false, msg: `${code}: ${message}` }),
          onUploadCanceled: (_i: UploadInfo, err: any) => resolve({ ok: false, msg: `canceled: ${String(err?.message ?? err)}` }),
          onUploadSucceed: (info: UploadInfo) => resolve({ ok: true, msg: 'succeed', detail: { videoId: info.videoId } }),
        });
      });
      uploader.addFile({ url: f.path });
      uploader.startUpload();
      const r = await done;
      if (r.ok) {
        const stored = await new Promise<any>((res) =>
          wx.request({ url: `https://appserver.mpsim.test/vod/aliyun/videos/${r.detail!.videoId}`, success: (x: any) => res(x.data) }),
        );
        r.detail = { intact: stored.MD5 === md5(f.bytes) };
      }
      if (!r.ok) uploader.stopUpload();
      return r;
    },
  },
};

/** Expected outcome per cell: a fail message pattern, or `retried` (the SDK retried and the object is intact). */
type Expect = RegExp | 'status 503' | 'retried';
const WX: Record<Fault, Expect> = {
  '5xx': 'status 503',
  reset: /^\w+:fail net::ERR_CONNECTION_RESET$/,
  timeout: /^\w+:fail timeout$/,
  abort: /^\w+:fail abort$/,
  unroutable: /^\w+:fail net::ERR_NAME_NOT_RESOLVED \(mpsim: no server routed for host no-route\.mpsim\.invalid\)$/,
  untrusted: /^\w+:fail net::ERR_CERT_AUTHORITY_INVALID$/,
  deleted: /^\w+:fail file not found$/,
  offline: /^\w+:fail (fail:)?network interrupted error$/,
};
// cos-wx-sdk-v5 retries a 5xx and a cut connection by design (ChunkRetryTimes / its request retry)
const COS_SDK: Record<Fault, Expect> = {
  '5xx': 'retried',
  reset: 'retried',
  timeout: /^request:fail timeout$/,
  abort: /^task canceled$/,
  unroutable: /^request:fail net::ERR_NAME_NOT_RESOLVED \(mpsim: no server routed for host no-route\.mpsim\.invalid\)$/,
  untrusted: /^request:fail net::ERR_CERT_AUTHORITY_INVALID$/,
  deleted: /^script error: input is invalid type;at api readFile fail callback function$/,
  // offline: the app's getAuthorization gets `request:fail ... network interrupted` and hands the
  // SDK no keys; this is how the SDK reports that
  offline: /getAuthorization callback params missing "TmpSecretId"/,
};
// our VODUpload retries network errors and timeouts (a reset is retried), not HTTP statuses
const VOD: Record<Fault, Expect> = {
  '5xx': /^HTTP503: OSS answered HTTP 503$/,
  reset: 'retried',
  timeout: /^RequestTimeoutError: request:fail timeout$/,
  abort: /^canceled: upload stopped by stopUpload$/,
  unroutable: /N\/A/,
  untrusted: /^NetworkError: request:fail net::ERR_CERT_AUTHORITY_INVALID$/,
  deleted: /^FileReadError: readFile:fail no such file or directory wxfile:\/\/usr\/vod-\d+\.mp4$/,
  offline: /^create-upload-video: request:fail fail:network interrupted error$/,
};
const expected: Record<string, Record<Fault, Expect>> = {
  'wx.uploadFile': WX,
  'wx.request body': WX,
  'wx.downloadFile': WX,
  'COS putObject': COS_SDK,
  'COS sliceUploadFile': COS_SDK,
  VODUpload: VOD,
};

const rows: Array<[string, string, Fault]> = [];
const skipped: string[] = [];
for (const [name, p] of Object.entries(paths)) {
  for (const fault of FAULTS) {
    if (p.na[fault]) skipped.push(`${name} × ${fault}: ${p.na[fault]}`);
    else rows.push([`${name} × ${fault}`, name, fault]);
  }
}

let baselineFds = 0;
beforeAll(async () => {
  // warm every path once (CA, TLS sessions, pools, SDK code) so fd counts compare like with like
  for (const p of Object.values(paths)) {
    const r = await p.run('none' as Fault); // no fault: the plain path
    if (!r.ok) throw new Error(`warm-up failed: ${r.msg}`);
  }
  await mpsim.idle();
  await sleep(200);
  baselineFds = openFds();
}, 60000);

afterEach(async () => {
  mpsim.network.reset();
  for (const h of [ECHO, COS_HOST, OSS_HOSTS]) mpsim.network.certificate(h, 'valid');
  cos().faults.clear();
  oss().faults.clear();
});

test(`the matrix covers 6 paths × 8 faults (${rows.length} rows, ${skipped.length} N/A)`, () => {
  expect(rows.length + skipped.length).toBe(48);
  expect(rows.length).toBeGreaterThanOrEqual(40);
});

describe.each(rows)('%s', (_label, name, fault) => {
  test('the right outcome, bounded; no leaked fd or socket', async () => {
    const p = paths[name];
    const fdsBefore = openFds();
    const logBefore = name.startsWith('COS') ? cos().log.length : 0;
    inject(fault, p.host);
    const r = await bounded(p.run(fault), 20000, (): Result => ({ ok: false, msg: 'HUNG: no outcome in 20 s' }));
    const want = expected[name][fault];
    if (process.env.MATRIX_DEBUG)
      process.stderr.write(
        `ROW ${name} x ${fault}: ${JSON.stringify(r)}\n${mpsim.network.requests
          .slice(-6)
          .map((q: any) => `  ${q.method} ${q.url} ${q.statusCode} ${q.error} ${q.bytesSent}`)
          .join('\n')}\n`,
      );
    if (want === 'status 503') {
      expect(r).toMatchObject({ ok: true, detail: { statusCode: 503 } });
    } else if (want === 'retried') {
      expect(r).toMatchObject({ ok: true, detail: { intact: true } });
      if (name.startsWith('COS')) {
        // the injected failure really happened and a retry followed
        const reqs = mpsim.network.requests.filter((q: any) => q.host === p.host && q.fault);
        expect(reqs.length).toBeGreaterThanOrEqual(1);
        expect(cos().log.length).toBeGreaterThan(logBefore);
      }
    } else {
      expect(r.ok).toBe(false);
      expect(r.msg).toMatch(want);
    }
    // let sockets close; then the fds are back (pooled keep-alive connections may stay: a small slack)
    mpsim.network.reset();
    await mpsim.idle();
    expect(await settledFds(fdsBefore)).toBeLessThanOrEqual(fdsBefore + 4);
  });
});

test('after the whole matrix: no escaped exception, fds near the warm baseline, N/A cells listed', async () => {
  await mpsim.idle();
  await sleep(300);
  expect(describeEscapes(escaped)).toEqual([]);
  expect(openFds()).toBeLessThanOrEqual(baselineFds + 8);
  expect(skipped).toHaveLength(5);
});
