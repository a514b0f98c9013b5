/**
 * Fault matrix, seventh path: the unmodified vod-wx-sdk-v2@1.1.2 (its bundled
 * COS SDK 1.4.6 inside) × the same eight faults as fault-matrix.test.ts.
 *
 * The SDK sends Apply/Commit and all of its COS traffic to one hard-coded host,
 * vod2.qcloud.com, unless VOD's Apply answer names a `MiniProgramAccelerateHost`
 * (Tencent's acceleration domain). This file mounts a Tencent VOD server that
 * hands out such a host, so a fault scoped to it hits the upload (the COS
 * requests: list, initiate, parts, complete) and not Apply/Commit — the upload
 * path is what the matrix is about. Faults that cannot be scoped to a host
 * (offline, abort, the source file deleted) are triggered on the first progress
 * event, i.e. with a part in flight.
 *
 * vod-wx-sdk-v2 flattens every COS failure into `error({code: -2, message:
 * 'cos error'})` and then leaves an unhandled rejection (research §0.5): each
 * failing row asserts that error, the wx errMsg that caused it (from the
 * Device's request log, since the SDK drops it), that the rejection was
 * reported through wx.onUnhandledRejection as the phone does (and nothing else
 * escaped), and that the process's fds come back.
 *
 * @jest-environment-options {"mpsim": {"unhandledRejections": "log"}}
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createTencentVodServer, type TencentVodServer } from '../../simulator/servers/vod-tencent';
import { bounded, describeEscapes, openFds, settledFds, watchEscapes } from '../helpers/reliability';
import { chooseVideo } from '../helpers/vod-tencent';

declare const wx: any;
declare const mpsim: any;

jest.setTimeout(30000);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VOD = require('vod-wx-sdk-v2');

const KIB = 1024;
const MIB = 1024 * KIB;
const ACCEL = 'vod-accel.mpsim.test';
const UNROUTED = 'no-route.mpsim.invalid';
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Fault = 'none' | '5xx' | 'reset' | 'reset-part' | 'timeout' | 'abort' | 'unroutable' | 'untrusted' | 'deleted' | 'offline';

// process-level escapes (anything the environment did not route to wx.onUnhandledRejection)
const escaped = watchEscapes();
// what the runtime reported as the phone does
const reported: any[] = [];
const onReported = (r: any) => reported.push(r);

let accelServer: TencentVodServer;
let unroutedServer: TencentVodServer;
beforeAll(() => {
  wx.onUnhandledRejection(onReported);
  const cos = mpsim.servers.cos;
  accelServer = createTencentVodServer({ cos, accelerateHost: ACCEL });
  unroutedServer = createTencentVodServer({ cos, accelerateHost: UNROUTED });
  mpsim.network.mount(accelServer); // vod2.qcloud.com, vodreport.qcloud.com and ACCEL (a later mount wins)
});
afterAll(() => {
  mpsim.network.mount(mpsim.servers.tencentVod); // the default server back on its hosts
  wx.offUnhandledRejection(onReported);
});

let seed = 0;

interface Result {
  finish?: any;
  error?: any;
  /** No finish/error: the row ended another way (cancel, or the script error a failed read causes). */
  other?: string;
  video: any;
}

/**
 * One upload of a 2 MiB video in 512 KiB chunks, one at a time, with `fault`
 * applied; resolves on finish, error, or the row's own end condition.
 */
async function run(fault: Fault): Promise<Result> {
  const video = await chooseVideo(2 * MIB + 333, ++seed);
  const net = mpsim.network;
  if (fault === '5xx') net.failNext(1, { status: 503 }, { host: ACCEL });
  if (fault === 'reset') net.failNext(1, { reset: 'mid-body' }, { host: ACCEL });
  if (fault === 'reset-part') mpsim.servers.cos.faults.resetNext('UploadPart');
  if (fault === 'timeout') {
    net.hang({ host: ACCEL });
    net.rules({ timeoutMs: 400 }); // the SDK sets no timeout of its own: the client's default applies
  }
  if (fault === 'untrusted') net.certificate(ACCEL, 'untrusted');
  // mid-upload faults: a part must be in flight when they hit
  const midUpload = fault === 'abort' || fault === 'deleted' || fault === 'offline';
  if (midUpload) net.throttle({ upload: 512 * KIB }, { host: ACCEL });
  const undo = fault === 'unroutable' ? net.route('vod2.qcloud.com', unroutedServer) : () => undefined;

  let uploader: any;
  let triggered = false;
  let onScriptError: ((e: any) => void) | undefined;
  try {
    return await new Promise<Result>((resolve) => {
      const end = (r: Omit<Result, 'video'>) => resolve({ ...r, video });
      if (fault === 'deleted') {
        // cos 1.4.6 hands a failed slice read's null body to its md5 inside our readFile fail
        // callback and throws there (the 1.8.0 copy has the same defect): the runtime reports a
        // script error (wx.onError) and the SDK calls neither finish nor error.
        onScriptError = (e: any) => end({ other: `script error: ${String(e?.message ?? e).split('\n')[0]}` });
        wx.onError(onScriptError);
      }
      uploader = VOD.start({
        mediaFile: video,
        getSignature: (cb: (s: string) => void) =>
          wx.request({ url: 'https://appserver.mpsim.test/vod/tencent/signature', success: (r: any) => cb(r.data.signature) }),
        chunkSize: 512 * KIB,
        chunkParallelLimit: 1,
        progressInterval: 50,
        progress: (p: any) => {
          if (!midUpload || triggered || !(p.loaded > 0)) return;
          triggered = true;
          if (fault === 'abort') {
            uploader.cancel();
            // cancel is silent in the SDK (no finish, no error): the row ends when the Device is idle
            sleep(500)
              .then(() => mpsim.idle())
              .then(() => end({ other: 'canceled' }));
          }
          if (fault === 'offline') net.offline();
          if (fault === 'deleted') fs.rmSync(mpsim.device.toHostPath(video.tempFilePath));
        },
        finish: (r: any) => end({ finish: r }),
        error: (e: any) => end({ error: e }),
      });
    });
  } finally {
    if (onScriptError) wx.offError(onScriptError);
    undo();
  }
}

/** What the SDK's own telemetry (reqType 20001, errMsg = JSON of the sliceUploadFile error) says the wx call failed with, since `error()` only gets 'cos error'. */
async function reportedCosError(since: number): Promise<string> {
  const find = () =>
    [...accelServer.reports, ...unroutedServer.reports].find((r: any) => r.reqType === 20001 && r.errCode === 1 && r.reqTime >= since);
  for (let i = 0; i < 200 && !find(); i++) await sleep(10);
  const r: any = find();
  if (!r) return 'no cos_upload report';
  // e.g. {"UploadId":"","err":{"error":"request:fail ...","headers":{}},"error":{...the same}}
  const err = JSON.parse(r.errMsg);
  return String(err.err?.error ?? err.error?.error ?? r.errMsg);
}
/** The reason of the last failed request this Device sent to `host`. */
const lastFailure = (host: string): string | undefined =>
  mpsim.network.requests
    .filter((q: any) => q.host === host && q.error)
    .map((q: any) => String(q.error))
    .at(-1);

const COS_ERROR = { code: -2, message: 'cos error' };
type Expect =
  | { kind: 'retried' } // the SDK retried and the committed media is intact
  // error({code:-2}) after a COS request failed with errMsg (as the SDK's telemetry reports it; offline
  // cannot send telemetry, so there the Device's request log gives the reason)
  | { kind: 'error'; errMsg: RegExp; offline?: true }
  | { kind: 'other'; msg: RegExp }; // ended without finish/error
const EXPECTED: Record<Exclude<Fault, 'none'>, Expect> = {
  // cos 1.4.6 retries a 5xx once at the HTTP level
  '5xx': { kind: 'retried' },
  // the first COS request (list multipart uploads) cut: 1.4.6 does not retry network failures
  reset: { kind: 'error', errMsg: /^request:fail net::ERR_CONNECTION_RESET$/ },
  // an UploadPart cut: the chunk retry sends the part again
  'reset-part': { kind: 'retried' },
  timeout: { kind: 'error', errMsg: /^request:fail timeout$/ },
  abort: { kind: 'other', msg: /^canceled$/ },
  unroutable: {
    kind: 'error',
    errMsg: /^request:fail net::ERR_NAME_NOT_RESOLVED \(mpsim: no server routed for host no-route\.mpsim\.invalid\)$/,
  },
  untrusted: { kind: 'error', errMsg: /^request:fail net::ERR_CERT_AUTHORITY_INVALID$/ },
  deleted: { kind: 'other', msg: /^script error: / },
  offline: { kind: 'error', errMsg: /^fail:network interrupted error$/, offline: true },
};

let baselineFds = 0;
beforeAll(async () => {
  // warm the path (CA, leaf certificates, TLS sessions, SDK code) so fd counts compare like with like
  const r = await run('none');
  if (!r.finish) throw new Error(`warm-up failed: ${JSON.stringify(r.error ?? r.other)}`);
  await mpsim.idle();
  await sleep(200);
  baselineFds = openFds();
}, 60000);

afterEach(() => {
  mpsim.network.reset();
  mpsim.network.certificate(ACCEL, 'valid');
  mpsim.servers.cos.faults.clear();
});

describe.each(Object.keys(EXPECTED) as Array<Exclude<Fault, 'none'>>)('vod-wx-sdk-v2 × %s', (fault) => {
  test('the SDK outcome, bounded; the cause in the request log; no leaked fd or socket', async () => {
    const fdsBefore = openFds();
    const reportedBefore = reported.length;
    const firstId = mpsim.network.requests.at(-1)?.id ?? 0;
    const t0 = Date.now();
    const r = await bounded(run(fault), 20000, (): Result => ({ other: 'HUNG: no outcome in 20 s', video: undefined }));
    const want = EXPECTED[fault];
    if (process.env.MATRIX_DEBUG)
      process.stderr.write(
        `ROW ${fault}: ${JSON.stringify({ ...r, video: undefined }).slice(0, 400)}\n${mpsim.network.requests
          .slice(-6)
          .map((q: any) => `  ${q.method} ${q.url} ${q.statusCode} ${q.error} ${q.fault ?? ''}`)
          .join('\n')}\n`,
      );
    if (want.kind === 'retried') {
      expect(r.error).toBeUndefined();
      expect(r.finish?.fileId).toMatch(/^\d{19}$/);
      expect(accelServer.media.get(r.finish.fileId)?.md5).toBe(md5(fs.readFileSync(mpsim.device.toHostPath(r.video.tempFilePath))));
      // the injected failure really happened (a 503 from the network, a reset by the COS server), then a retry
      const hit = mpsim.network.requests.filter((q: any) => q.id > firstId && q.host === ACCEL && (q.fault || q.error));
      expect(hit.length).toBeGreaterThanOrEqual(1);
    } else if (want.kind === 'error') {
      expect(r.finish).toBeUndefined();
      expect(r.error).toEqual(COS_ERROR);
      if (want.offline) expect(lastFailure(ACCEL)).toMatch(want.errMsg);
      else expect(await reportedCosError(t0)).toMatch(want.errMsg);
    } else {
      expect(r.finish).toBeUndefined();
      expect(r.error).toBeUndefined();
      expect(r.other).toMatch(want.msg);
    }
    // the SDK's unhandled rejection after 'cos error' is reported like the phone does, and only then
    mpsim.network.reset();
    await mpsim.idle();
    await sleep(50);
    const fresh = reported.slice(reportedBefore);
    if (want.kind === 'error') {
      expect(fresh.length).toBeGreaterThanOrEqual(1);
      expect(fresh.every((x) => x.reason === undefined)).toBe(true);
    }
    // sockets closed: fds back (pooled keep-alive connections may stay: a small slack)
    expect(await settledFds(fdsBefore)).toBeLessThanOrEqual(fdsBefore + 4);
  });
});

test('after the whole matrix: nothing escaped past the runtime, fds near the warm baseline', async () => {
  await mpsim.idle();
  await sleep(300);
  expect(describeEscapes(escaped)).toEqual([]);
  expect(openFds()).toBeLessThanOrEqual(baselineFds + 8);
});
