/**
 * Nothing lost: uploads that meet injected faults still end in objects
 * md5-identical to the source, and a crash of the server process mid-upload
 * leaves no partial object visible and the upload resumable.
 *
 * - cos-wx-sdk-v5 sliceUploadFile with connection resets on UploadPart.
 * - VODUpload multipart with connection resets on OSS UploadPart.
 * - Crash: a COS server runs in a CHILD node process on a data dir
 *   (children/cos-child.ts); the phone reaches it through a forwarding
 *   LocalServer. The child is killed with SIGKILL while parts are going up,
 *   restarted on the same data dir, the object is not visible, and the same
 *   unmodified SDK call resumes (ListMultipartUploads + ListParts) and ends with
 *   an object md5-identical to the file, without re-sending the parts that had
 *   been stored before the crash.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { VODUpload, type UploadInfo } from '../../sdk/vod-upload';
import type { LocalServer } from '../../simulator/servers/types';
import { DEFAULT_ACCOUNT } from '../../simulator/signing';
import { stsCosClient } from '../helpers/cos-sdk';
import { userFile } from '../helpers/files';
import { bounded } from '../helpers/reliability';

declare const wx: any;
declare const mpsim: any;

jest.setTimeout(60000);

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const MB = 1024 * 1024;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const COS = () => require('cos-wx-sdk-v5');
const stsClient = (extra: Record<string, unknown> = {}): any => stsCosClient(COS(), extra);
const slice = (c: any, params: Record<string, unknown>): Promise<any> =>
  new Promise((resolve, reject) => c.sliceUploadFile(params, (err: any, data: any) => (err ? reject(err) : resolve(data))));

test('COS sliceUploadFile: resets on UploadPart are retried; the object is md5-identical', async () => {
  const cos = mpsim.servers.cos;
  const bucket = `examplebucket-${DEFAULT_ACCOUNT.appid}`;
  const f = userFile('reset-slice.bin', 4 * MB + 333);
  cos.faults.resetNext('UploadPart', 2);
  const data = await slice(stsClient({ ChunkSize: MB }), {
    Bucket: bucket,
    Region: 'ap-beijing',
    Key: 'lost/reset-slice.bin',
    FilePath: f.path,
  });
  expect(data.statusCode).toBe(200);
  // both resets happened (the connections were cut) and were consumed
  expect(cos.faults.pending).toBe(0);
  const resetParts = mpsim.network.requests.filter((q: any) => /partNumber=/.test(q.url) && q.error);
  expect(resetParts.length).toBeGreaterThanOrEqual(2);
  const rec = cos.store.head(bucket, 'lost/reset-slice.bin');
  expect(rec.size).toBe(f.bytes.length);
  expect(md5(fs.readFileSync(cos.store.dataPath(bucket, rec)))).toBe(md5(f.bytes));
});

test('VODUpload multipart: resets on OSS UploadPart are retried; the stored source is md5-identical', async () => {
  const oss = mpsim.servers.oss;
  const f = userFile('reset-vod.mp4', 2 * MB + 4321);
  oss.faults.resetNext('UploadPart', 2);
  let uploader!: VODUpload;
  const outcome = await new Promise<{ ok: boolean; msg: string; videoId?: string }>((resolve) => {
    uploader = new VODUpload({
      userId: '0',
      retryCount: 3,
      retryDuration: 0.05,
      multipartThreshold: MB,
      partSize: 256 * 1024,
      parallel: 2,
      onUploadstarted: (info: UploadInfo) =>
        wx.request({
          url: 'https://appserver.mpsim.test/vod/aliyun/create-upload-video',
          method: 'POST',
          data: { Title: 'reset', FileName: info.file.name },
          success: (r: any) => uploader.setUploadAuthAndAddress(info, r.data.UploadAuth, r.data.UploadAddress, r.data.VideoId),
        }),
      onUploadFailed: (_i: UploadInfo, code: string, message: string) => resolve({ ok: false, msg: `${code}: ${message}` }),
      onUploadSucceed: (info: UploadInfo) => resolve({ ok: true, msg: 'ok', videoId: info.videoId }),
    });
    uploader.addFile({ url: f.path });
    uploader.startUpload();
  });
  expect(outcome).toMatchObject({ ok: true });
  expect(oss.faults.pending).toBe(0);
  const stored = await new Promise<any>((resolve) =>
    wx.request({ url: `https://appserver.mpsim.test/vod/aliyun/videos/${outcome.videoId}`, success: (r: any) => resolve(r.data) }),
  );
  expect(stored).toMatchObject({ Size: f.bytes.length, MD5: md5(f.bytes) });
});

// ------------------------------------------------------------------ crash
const CHILD = path.join(__dirname, 'children', 'cos-child.ts');
const TS_NODE = require.resolve('ts-node/register/transpile-only');

function startChild(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', TS_NODE, CHILD, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`COS child did not start: ${err}`));
    }, 30000);
    child.stderr!.on('data', (d) => (err += String(d)));
    child.stdout!.on('data', (d) => {
      out += String(d);
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve({ child, port: (JSON.parse(line) as { port: number }).port });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`COS child exited (${code}) before listening: ${err}`));
    });
  });
}
const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

/** Forwards every request for the routed hosts to the child's current port; a dead child cuts the connection. */
function forwarder(target: { port: number }): LocalServer {
  return {
    name: 'cos-child-forwarder',
    hosts: [],
    handle(req, res) {
      const up = http.request({ host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers });
      up.on('response', (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
        r.on('error', () => res.destroy());
      });
      up.on('error', () => {
        req.unpipe(up);
        res.destroy(); // the phone sees the connection reset, as when a real server dies
      });
      req.on('error', () => up.destroy());
      res.on('close', () => {
        if (!res.writableFinished) up.destroy();
      });
      req.pipe(up);
    },
  };
}

describe('a crash of the COS server process mid-upload', () => {
  const REGION = 'ap-chengdu';
  const bucket = `crashbucket-${DEFAULT_ACCOUNT.appid}`;
  const host = `${bucket}.cos.${REGION}.myqcloud.com`;
  const key = 'lost/crash.bin';
  let dataDir: string;
  let current: { child: ChildProcess; port: number } | undefined;
  const target = { port: 0 };
  let unroute: () => void;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-crash-'));
    unroute = mpsim.network.route(`*.cos.${REGION}.myqcloud.com`, forwarder(target));
  });
  afterAll(async () => {
    unroute?.();
    if (current) await killed(current.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /**
   * cos-wx-sdk-v5 keeps a module-level "UploadId in use" mark that an errored task never
   * clears, so within one JS context it will not resume that upload. After a crash the app
   * is relaunched: a fresh copy of the SDK module (fresh context) over the same phone
   * storage, where the SDK's UploadId cache survives.
   */
  let relaunched: any;
  const relaunch = () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      relaunched = require('cos-wx-sdk-v5');
    });
  };
  const client = () =>
    new (relaunched ?? COS())({
      SecretId: DEFAULT_ACCOUNT.secretId,
      SecretKey: DEFAULT_ACCOUNT.secretKey,
      ChunkSize: MB,
      ChunkParallelLimit: 1,
      ChunkRetryTimes: 1,
    });
  const head = (): Promise<number> =>
    new Promise((resolve) =>
      client().headObject({ Bucket: bucket, Region: REGION, Key: key }, (err: any, data: any) =>
        resolve(err ? (err.statusCode ?? 0) : data.statusCode),
      ),
    );

  test('no partial object is visible after the crash; the same SDK call resumes and ends md5-identical', async () => {
    current = await startChild(dataDir);
    target.port = current.port;
    const f = userFile('crash.bin', 6 * MB + 99);
    const parts = Math.ceil(f.bytes.length / MB);

    // slow the part bodies down so the kill lands mid-upload, after some parts are stored
    mpsim.network.throttle({ upload: 4 * MB }, { host });
    const first = client();
    const doomed = current.child;
    let killedAt = -1;
    const firstTry = new Promise<{ err: any }>((resolve) =>
      first.sliceUploadFile(
        {
          Bucket: bucket,
          Region: REGION,
          Key: key,
          FilePath: f.path,
          onProgress: (p: { loaded: number }) => {
            if (killedAt < 0 && p.loaded >= 2.5 * MB) {
              killedAt = p.loaded;
              doomed.kill('SIGKILL');
            }
          },
        },
        (err: any) => resolve({ err }),
      ),
    );
    const r1 = await bounded(firstTry, 30000, () => ({ err: 'HUNG' }));
    expect(killedAt).toBeGreaterThan(0);
    expect(r1.err).toBeTruthy(); // the upload did not complete against a dead server
    expect(r1.err).not.toBe('HUNG');
    await killed(doomed);

    // restart on the same data dir: the object is not there (no partial object), the upload is
    current = await startChild(dataDir);
    target.port = current.port;
    expect(await head()).toBe(404);
    expect(fs.readdirSync(dataDir).length).toBeGreaterThan(0);

    // the app is relaunched and makes the same call: only the missing parts go up
    relaunch();
    const sentBefore = mpsim.network.requests.length;
    const data = await slice(client(), { Bucket: bucket, Region: REGION, Key: key, FilePath: f.path });
    expect(data.statusCode).toBe(200);
    const resent = mpsim.network.requests
      .slice(sentBefore)
      .filter((q: any) => q.method === 'PUT' && /partNumber=/.test(q.url) && q.statusCode === 200);
    expect(resent.length).toBeGreaterThan(0);
    expect(resent.length).toBeLessThan(parts);
    expect(mpsim.network.requests.slice(sentBefore).some((q: any) => q.method === 'GET' && /uploadId=/.test(q.url))).toBe(true); // ListParts

    const body = await new Promise<Buffer>((resolve, reject) =>
      client().getObject({ Bucket: bucket, Region: REGION, Key: key, DataType: 'arraybuffer' }, (err: any, d: any) =>
        err ? reject(err) : resolve(Buffer.from(d.Body)),
      ),
    );
    expect(body.length).toBe(f.bytes.length);
    expect(md5(body)).toBe(md5(f.bytes));
    mpsim.network.reset();
  });
});
