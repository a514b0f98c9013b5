/**
 * The app server's Alibaba endpoints (the AppServer role of seed 002) over
 * real sockets, with the VOD and OSS servers behind them: credential mode
 * (create/refresh/image → upload → /videos/<id>), STS mode (/sts → the client
 * signs VOD calls itself), error passthrough and bad input.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAppServer, type AppServer } from '../../simulator/servers/appserver';
import { createOssServer, type OssServer } from '../../simulator/servers/oss';
import { createAliyunVodServer, type AliyunVodServer } from '../../simulator/servers/vod-aliyun';
import { rpcQueryString, signRpcParams } from '../../simulator/signing/aliyun-rpc';
import { T0, listen, md5hex, policyFor, postForm, send, testClock, type Res, type Started } from './oss-helpers';

const APP = 'appserver.mpsim.test';

describe('app server /vod/aliyun/*', () => {
  const clock = testClock();
  let dataDir: string;
  let oss: OssServer;
  let vod: AliyunVodServer;
  let app: AppServer;
  let so: Started;
  let sv: Started;
  let sa: Started;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-app-test-'));
    oss = createOssServer({ dataDir, clock: clock.fn });
    vod = createAliyunVodServer({ dataDir, oss });
    app = createAppServer({ aliyun: { vod } });
    so = await listen(oss);
    sv = await listen(vod);
    sa = await listen(app);
  });
  afterAll(async () => {
    await sa.stop();
    await sv.stop();
    await so.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    clock.now = T0;
  });

  const post = (p: string, body: unknown): Promise<Res> =>
    send(sa.port, {
      method: 'POST',
      host: APP,
      path: `/vod/aliyun/${p}`,
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (p: string): Promise<Res> => send(sa.port, { host: APP, path: `/vod/aliyun/${p}` });
  const json = (r: Res) => JSON.parse(r.text) as Record<string, unknown>;
  const decode = (b64: unknown) => JSON.parse(Buffer.from(String(b64), 'base64').toString('utf8')) as Record<string, string>;

  function upload(auth: Record<string, string>, addr: Record<string, string>, content: Buffer): Promise<Res> {
    const { policy, signature } = policyFor(auth.AccessKeySecret!, clock.now + 300000, [['content-length-range', 0, 1048576000]]);
    return postForm(
      so.port,
      [
        ['key', addr.FileName!],
        ['policy', policy],
        ['OSSAccessKeyId', auth.AccessKeyId!],
        ['signature', signature],
        ['x-oss-security-token', auth.SecurityToken!],
        ['success_action_status', '200'],
      ],
      content,
      `${addr.Bucket}.${addr.Endpoint!.split('://')[1]}`,
    );
  }

  it('credential mode: create-upload-video → upload → videos/<id> shows Size, MD5, Uploaded', async () => {
    const r = await post('create-upload-video', {
      Title: 'From app',
      FileName: 'tmp/clip.mp4',
      UserData: { Vod: { Title: 'x' } },
      CateId: 3,
    });
    expect(r.status).toBe(200);
    const b = json(r);
    expect(Object.keys(b)).toEqual(['RequestId', 'VideoId', 'UploadAddress', 'UploadAuth']);
    const id = String(b.VideoId);
    expect(vod.store.video(id)).toMatchObject({ Title: 'From app', CateId: 3, UserData: '{"Vod":{"Title":"x"}}', Status: 'Uploading' });
    expect(json(await get(`videos/${id}`))).toEqual({ VideoId: id, Size: null, MD5: null, Status: 'Uploading' });
    const content = Buffer.from('a short video');
    expect((await upload(decode(b.UploadAuth), decode(b.UploadAddress), content)).status).toBe(200);
    expect(json(await get(`videos/${id}`))).toEqual({ VideoId: id, Size: content.length, MD5: md5hex(content), Status: 'Uploaded' });
  });

  it('refresh-upload-video keeps the object key; unknown ids pass the VOD error through', async () => {
    const b = json(await post('create-upload-video', { Title: 't', FileName: 'r.mp4' }));
    const r = await post('refresh-upload-video', { VideoId: b.VideoId });
    expect(r.status).toBe(200);
    const rb = json(r);
    expect(Object.keys(rb)).toEqual(['RequestId', 'VideoId', 'UploadAddress', 'UploadAuth']);
    expect(decode(rb.UploadAddress)).toEqual(decode(b.UploadAddress));
    expect(decode(rb.UploadAuth).AccessKeyId).not.toBe(decode(b.UploadAuth).AccessKeyId);
    const nf = await post('refresh-upload-video', { VideoId: '0'.repeat(32) });
    expect([nf.status, json(nf).Code]).toEqual([404, 'InvalidVideo.NotFound']);
    const missing = await post('create-upload-video', { FileName: 'a.mp4' });
    expect([missing.status, json(missing).Code, json(missing).Message]).toEqual([
      400,
      'MissingTitle',
      'Title is mandatory for this action.',
    ]);
  });

  it('create-upload-image answers ImageId, ImageURL, FileURL, UploadAddress, UploadAuth', async () => {
    const r = await post('create-upload-image', { ImageType: 'cover', ImageExt: 'png' });
    expect(r.status).toBe(200);
    expect(Object.keys(json(r))).toEqual(['RequestId', 'ImageId', 'ImageURL', 'FileURL', 'UploadAddress', 'UploadAuth']);
  });

  it('STS mode: /sts keys let the client sign VOD calls itself (no Timestamp, as the SDK)', async () => {
    const r = await get('sts');
    expect(r.status).toBe(200);
    const sts = json(r) as Record<string, string>;
    expect(Object.keys(sts)).toEqual(['AccessKeyId', 'AccessKeySecret', 'SecurityToken', 'Expiration']);
    expect(sts.Expiration).toBe('2026-03-01T09:00:00Z');
    const p = signRpcParams({
      accessKeyId: sts.AccessKeyId!,
      accessKeySecret: sts.AccessKeySecret!,
      securityToken: sts.SecurityToken,
      action: 'CreateUploadVideo',
      params: { Title: 'sts', FileName: 'sts.mp4' },
      now: null,
    });
    const v = await send(sv.port, { host: 'vod.cn-shanghai.aliyuncs.com', path: `/?${rpcQueryString(p)}` });
    expect(v.status).toBe(200);
    expect(JSON.parse(v.text).VideoId).toMatch(/^[0-9a-f]{32}$/);
    expect(json(await get('sts?duration=900')).Expiration).toBe('2026-03-01T08:15:00Z');
    expect((await get('sts?duration=60')).status).toBe(400);
  });

  it('bad input: not JSON, not an object, wrong types, wrong methods, unknown paths and videos', async () => {
    const cases: [Promise<Res>, number][] = [
      [post('create-upload-video', '{nope'), 400],
      [post('create-upload-video', '[1]'), 400],
      [post('create-upload-video', { Title: { a: 1 }, FileName: 'a.mp4' }), 400],
      [get('create-upload-video'), 405],
      [post('sts', {}), 405],
      [post('videos/abc', {}), 405],
      [get('videos/unknown'), 404],
      [get('videos/%E0%A4%A'), 400],
      [get('nothing-here'), 404],
    ];
    for (const [p, status] of cases) {
      const r = await p;
      expect(r.status).toBe(status);
      expect(typeof json(r).error).toBe('string');
    }
    // An empty body is an empty object: the VOD answers with its own error.
    const empty = await post('create-upload-image', '');
    expect([empty.status, json(empty).Code]).toEqual([400, 'MissingImageType']);
  });

  it('an app server without the aliyun option has no such routes; COS routes are untouched', async () => {
    const plain = createAppServer();
    const s = await listen(plain);
    try {
      expect((await send(s.port, { host: APP, path: '/vod/aliyun/sts' })).status).toBe(404);
      expect((await send(s.port, { host: APP, path: '/cos/sts' })).status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});
