/**
 * Alibaba VOD control plane over real sockets, together with the OSS server:
 * the RPC signer against an independent reference (research §2.4), the three
 * upload actions and their UploadAuth/UploadAddress, uploads with the issued
 * credentials (PostObject as the mini SDK sends it, multipart as the web SDK
 * does), credential expiry, RPC tampering, parameter errors, userData,
 * restart and fault hooks.
 */
import { createHmac, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createOssServer, type OssServer } from '../../simulator/servers/oss';
import { createAliyunVodServer, type AliyunVodServer } from '../../simulator/servers/vod-aliyun';
import { rpcQueryString, signRpcParams } from '../../simulator/signing/aliyun-rpc';
import { AK, SK, T0, errorOf, listen, md5hex, ossSend, policyFor, postForm, send, testClock, type Res, type Started } from './oss-helpers';

const REGION = 'cn-shanghai';
const VOD_HOST = `vod.${REGION}.aliyuncs.com`;

// ---------------------------------------------------------------- reference (research §2.4, written independently)

function refEncode(s: string): string {
  return encodeURIComponent(s).replace(/!/g, '%21').replace(/'/g, '%27').replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\*/g, '%2A');
}
function refSign(secret: string, method: string, params: Record<string, string>): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => refEncode(k) + '=' + refEncode(params[k]!))
    .join('&');
  const stringToSign = method + '&' + refEncode('/') + '&' + refEncode(canonical);
  return createHmac('sha1', secret + '&')
    .update(stringToSign)
    .digest('base64');
}

describe('RPC signer matches the reference', () => {
  it.each([[{ Title: 'a b*c~d', FileName: 'wxfile://tmp/ä(1).mp4' }], [{ VideoId: 'abc', RequestId: "it's!" }], [{}]])('%j', (params) => {
    const p = signRpcParams({ accessKeyId: 'id', accessKeySecret: 'sec', action: 'CreateUploadVideo', params, nonce: 'n-1', now: T0 });
    const { Signature, ...rest } = p;
    expect(Signature).toBe(refSign('sec', 'GET', rest));
    expect(rest).toMatchObject({
      Format: 'JSON',
      Version: '2017-03-21',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      Timestamp: '2026-03-01T08:00:00Z',
    });
  });
  it('omits Timestamp when asked (as the mini SDK does) and signs POST differently', () => {
    const p = signRpcParams({ accessKeyId: 'id', accessKeySecret: 'sec', action: 'X', params: {}, nonce: 'n', now: null, method: 'POST' });
    expect(p.Timestamp).toBeUndefined();
    const { Signature, ...rest } = p;
    expect(Signature).toBe(refSign('sec', 'POST', rest));
    expect(Signature).not.toBe(refSign('sec', 'GET', rest));
  });
});

// ---------------------------------------------------------------- servers

describe('VOD control plane with the OSS data plane', () => {
  const clock = testClock();
  let dataDir: string;
  let oss: OssServer;
  let vod: AliyunVodServer;
  let so: Started;
  let sv: Started;

  async function start(): Promise<void> {
    oss = createOssServer({ dataDir, clock: clock.fn });
    vod = createAliyunVodServer({ dataDir, oss });
    so = await listen(oss);
    sv = await listen(vod);
  }
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-aliyun-test-'));
    await start();
  });
  afterAll(async () => {
    await sv.stop();
    await so.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    clock.now = T0;
  });

  interface Call {
    action: string;
    params?: Record<string, string | number | undefined>;
    id?: string;
    secret?: string;
    token?: string;
    now?: number | null;
    nonce?: string;
    method?: 'GET' | 'POST';
    tamper?: (p: Record<string, string>) => void;
  }
  async function rpc(c: Call): Promise<{ status: number; json: Record<string, string> }> {
    const p = signRpcParams({
      accessKeyId: c.id ?? AK,
      accessKeySecret: c.secret ?? SK,
      securityToken: c.token,
      action: c.action,
      params: c.params ?? {},
      now: c.now === undefined ? clock.now : c.now,
      nonce: c.nonce,
      method: c.method,
    });
    c.tamper?.(p);
    let r: Res;
    if (c.method === 'POST') {
      r = await send(sv.port, {
        method: 'POST',
        host: VOD_HOST,
        path: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: rpcQueryString(p),
      });
    } else {
      r = await send(sv.port, { host: VOD_HOST, path: `/?${rpcQueryString(p)}` });
    }
    return { status: r.status, json: JSON.parse(r.text) as Record<string, string> };
  }
  const decode = (b64: string) => JSON.parse(Buffer.from(b64, 'base64').toString('utf8')) as Record<string, string>;

  /** The mini SDK's PostObject with an UploadAuth (research §3.1). */
  function sdkPost(
    auth: Record<string, string>,
    addr: Record<string, string>,
    content: Buffer,
    extra: [string, string][] = [],
  ): Promise<Res> {
    const { policy, signature } = policyFor(auth.AccessKeySecret!, clock.now + 5 * 60 * 1000, [['content-length-range', 0, 1048576000]]);
    const host = `${addr.Bucket}.${addr.Endpoint!.split('://')[1]}`;
    return postForm(
      so.port,
      [
        ['key', addr.FileName!],
        ['policy', policy],
        ['OSSAccessKeyId', auth.AccessKeyId!],
        ['signature', signature],
        ['x-oss-security-token', auth.SecurityToken!],
        ['success_action_status', '200'],
        ...extra,
      ],
      content,
      host,
    );
  }

  it('CreateUploadVideo → UploadAuth/UploadAddress; the PostObject with them completes the video (Uploading → Uploaded)', async () => {
    const r = await rpc({
      action: 'CreateUploadVideo',
      params: {
        Title: 'My clip',
        FileName: 'clip.MP4',
        FileSize: 11,
        CateId: 7,
        Tags: 'a,b',
        UserData: '{"MessageCallback":{"CallbackURL":"https://x"}}',
      },
    });
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(['RequestId', 'VideoId', 'UploadAddress', 'UploadAuth']);
    expect(r.json.VideoId).toMatch(/^[0-9a-f]{32}$/);
    const auth = decode(r.json.UploadAuth!);
    const addr = decode(r.json.UploadAddress!);
    expect(Object.keys(auth).sort()).toEqual(['AccessKeyId', 'AccessKeySecret', 'Expiration', 'ExpireUTCTime', 'Region', 'SecurityToken']);
    expect(auth).toMatchObject({ Expiration: '3000', Region: REGION, ExpireUTCTime: '2026-03-01T08:50:00Z' });
    expect(auth.AccessKeyId).toMatch(/^STS\./);
    expect(addr.Endpoint).toBe(`https://oss-${REGION}.aliyuncs.com`);
    expect(addr.Bucket).toBe(vod.storageBucket(REGION));
    expect(addr.Bucket).toMatch(/^outin-[0-9a-f]{32}$/);
    // The storage bucket exists in OSS, homed in the region, before the first upload.
    expect(oss.store.hasBucket(addr.Bucket!)).toBe(true);
    expect(oss.bucketRegion(addr.Bucket!)).toBe(REGION);
    expect(addr.FileName).toMatch(/^sv\/([0-9a-f]{8}-[0-9a-f]{11})\/\1\.mp4$/);
    const v0 = vod.store.video(r.json.VideoId!)!;
    expect(v0).toMatchObject({
      Status: 'Uploading',
      Title: 'My clip',
      CateId: 7,
      Tags: 'a,b',
      FileSize: 11,
      UserData: '{"MessageCallback":{"CallbackURL":"https://x"}}',
    });
    expect(await vod.videoSource(r.json.VideoId!)).toEqual({ VideoId: r.json.VideoId, Size: null, MD5: null, Status: 'Uploading' });

    const content = Buffer.from('video bytes');
    const up = await sdkPost(auth, addr, content);
    expect(up.status).toBe(200);
    expect(await vod.videoSource(r.json.VideoId!)).toEqual({
      VideoId: r.json.VideoId,
      Size: content.length,
      MD5: md5hex(content),
      Status: 'Uploaded',
    });
    const info = await rpc({ action: 'GetVideoInfo', params: { VideoId: r.json.VideoId } });
    expect(info.json.Video).toMatchObject({ VideoId: r.json.VideoId, Status: 'Uploaded', Size: content.length, Title: 'My clip' });
  });

  it('UploadAuth is scoped: another key → AccessDenied, and it cannot call VOD (Forbidden.RAM)', async () => {
    const r = await rpc({ action: 'CreateUploadVideo', params: { Title: 't', FileName: 'a.mp4' } });
    const auth = decode(r.json.UploadAuth!);
    const addr = decode(r.json.UploadAddress!);
    const other = await sdkPost(auth, { ...addr, FileName: 'sv/other/other.mp4' }, Buffer.from('x'));
    expect([other.status, errorOf(other.text).Code]).toEqual([403, 'AccessDenied']);
    const call = await rpc({
      action: 'CreateUploadVideo',
      params: { Title: 't', FileName: 'a.mp4' },
      id: auth.AccessKeyId,
      secret: auth.AccessKeySecret,
      token: auth.SecurityToken,
    });
    expect([call.status, call.json.Code]).toEqual([403, 'Forbidden.RAM']);
  });

  it('credentials expire after the TTL (OSS: SecurityTokenExpired); RefreshUploadVideo gives new ones for the same object key', async () => {
    const r = await rpc({ action: 'CreateUploadVideo', params: { Title: 't', FileName: 'b.mov' } });
    const auth = decode(r.json.UploadAuth!);
    const addr = decode(r.json.UploadAddress!);
    clock.now = T0 + 3001 * 1000;
    const late = await sdkPost(auth, addr, Buffer.from('late'));
    expect([late.status, errorOf(late.text).Code]).toEqual([403, 'SecurityTokenExpired']);
    const ref = await rpc({ action: 'RefreshUploadVideo', params: { VideoId: r.json.VideoId } });
    expect(ref.status).toBe(200);
    expect(Object.keys(ref.json)).toEqual(['RequestId', 'VideoId', 'UploadAddress', 'UploadAuth']);
    expect(ref.json.VideoId).toBe(r.json.VideoId);
    const auth2 = decode(ref.json.UploadAuth!);
    expect(decode(ref.json.UploadAddress!)).toEqual(addr);
    expect(auth2.AccessKeyId).not.toBe(auth.AccessKeyId);
    expect((await sdkPost(auth2, addr, Buffer.from('in time'))).status).toBe(200);
    expect(vod.store.video(r.json.VideoId!)!.Status).toBe('Uploaded');
  });

  it('expireCredentialsNow() (VOD control) kills issued UploadAuth at once', async () => {
    const r = await rpc({ action: 'CreateUploadVideo', params: { Title: 't', FileName: 'c.mp4' } });
    const auth = decode(r.json.UploadAuth!);
    vod.expireCredentialsNow();
    const up = await sdkPost(auth, decode(r.json.UploadAddress!), Buffer.from('x'));
    expect([up.status, errorOf(up.text).Code, errorOf(up.text).Message]).toEqual([
      403,
      'SecurityTokenExpired',
      'The security token you provided has expired.',
    ]);
  });

  it('client-side STS mode: an STS key + SecurityToken, no Timestamp, calls VOD; expired → InvalidSecurityToken.Expired', async () => {
    const sts = vod.authority.issueSts({ durationSeconds: 900 });
    const c = { id: sts.AccessKeyId, secret: sts.AccessKeySecret, token: sts.SecurityToken, now: null };
    const r = await rpc({
      ...c,
      action: 'CreateUploadVideo',
      params: { Title: 'wxfile://tmp/x.mp4', FileName: 'wxfile://tmp/x.mp4', RequestId: randomUUID() },
    });
    expect(r.status).toBe(200);
    const img = await rpc({ ...c, action: 'CreateUploadImage', params: { ImageType: 'default' } });
    expect(img.status).toBe(200);
    const noToken = await rpc({ ...c, token: undefined, action: 'RefreshUploadVideo', params: { VideoId: r.json.VideoId } });
    expect([noToken.status, noToken.json.Code]).toEqual([400, 'MissingSecurityToken']);
    const forged = await rpc({ ...c, token: 'CAISforged', action: 'RefreshUploadVideo', params: { VideoId: r.json.VideoId } });
    expect([forged.status, forged.json.Code]).toEqual([403, 'InvalidSecurityToken.MismatchWithAccessKey']);
    clock.now = T0 + 901 * 1000;
    const expired = await rpc({ ...c, action: 'RefreshUploadVideo', params: { VideoId: r.json.VideoId } });
    expect([expired.status, expired.json.Code, expired.json.Message]).toEqual([
      403,
      'InvalidSecurityToken.Expired',
      'Specified SecurityToken is expired.',
    ]);
    expect(Object.keys(expired.json)).toEqual(['RequestId', 'HostId', 'Code', 'Message', 'Recommend']);
  });

  it('RPC tampering and auth errors', async () => {
    const ok = { action: 'CreateUploadVideo', params: { Title: 't', FileName: 'x.mp4' } };
    const cases: [string, Call, number, string][] = [
      ['changed param', { ...ok, tamper: (p) => (p.Title = 'u') }, 400, 'SignatureDoesNotMatch'],
      ['added param', { ...ok, tamper: (p) => (p.CateId = '1') }, 400, 'SignatureDoesNotMatch'],
      ['changed action', { ...ok, tamper: (p) => (p.Action = 'CreateUploadImage') }, 400, 'SignatureDoesNotMatch'],
      ['wrong AccessKeySecret', { ...ok, secret: 'nope' }, 400, 'SignatureDoesNotMatch'],
      ['unknown AccessKeyId', { ...ok, id: 'LTAIunknown' }, 404, 'InvalidAccessKeyId.NotFound'],
      ['Timestamp 16 min old', { ...ok, now: T0 - 16 * 60 * 1000 }, 400, 'InvalidTimeStamp.Expired'],
      ['Timestamp malformed', { ...ok, tamper: (p) => (p.Timestamp = 'yesterday') }, 400, 'InvalidTimeStamp.Format'],
      ['no Signature', { ...ok, tamper: (p) => delete p.Signature }, 400, 'MissingSignature'],
      ['no SignatureNonce', { ...ok, tamper: (p) => delete p.SignatureNonce }, 400, 'MissingSignatureNonce'],
      ['wrong Version', { ...ok, tamper: (p) => (p.Version = '2014-01-01') }, 400, 'InvalidVersion'],
      ['unknown action', { action: 'DeleteVideo', params: {} }, 404, 'InvalidAction.NotFound'],
    ];
    for (const [name, c, status, code] of cases) {
      const r = await rpc(c);
      expect({ name, status: r.status, code: r.json.Code ?? '' }).toEqual({ name, status, code });
      if (status !== 200) expect(r.json.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    }
    // A POST form body works and is signed with POST; a GET signature on a POST does not match.
    expect((await rpc({ ...ok, method: 'POST' })).status).toBe(200);
    const postAsGet = await rpc({
      ...ok,
      method: 'POST',
      tamper: (p) =>
        (p.Signature = signRpcParams({ accessKeyId: AK, accessKeySecret: SK, params: { ...p, Signature: undefined } }).Signature!),
    });
    expect(postAsGet.json.Code).toBe('SignatureDoesNotMatch');
  });

  it('a SignatureNonce can be used once; a forged call does not burn it', async () => {
    const nonce = randomUUID();
    const forged = await rpc({ action: 'CreateUploadImage', params: { ImageType: 'cover' }, nonce, secret: 'bad' });
    expect(forged.json.Code).toBe('SignatureDoesNotMatch');
    expect((await rpc({ action: 'CreateUploadImage', params: { ImageType: 'cover' }, nonce })).status).toBe(200);
    const again = await rpc({ action: 'CreateUploadImage', params: { ImageType: 'cover' }, nonce });
    expect([again.status, again.json.Code]).toEqual([400, 'SignatureNonceUsed']);
  });

  it('parameter errors of CreateUploadVideo / RefreshUploadVideo / CreateUploadImage', async () => {
    const cases: [string, Record<string, string>, string][] = [
      ['CreateUploadVideo', { FileName: 'a.mp4' }, 'MissingTitle'],
      ['CreateUploadVideo', { Title: 't' }, 'MissingFileName'],
      ['CreateUploadVideo', { Title: 't', FileName: 'a.exe' }, 'InvalidFileName.Extension'],
      ['CreateUploadVideo', { Title: 't', FileName: 'noext' }, 'InvalidFileName.Extension'],
      ['CreateUploadVideo', { Title: 'x'.repeat(129), FileName: 'a.mp4' }, 'InvalidParameter'],
      ['CreateUploadVideo', { Title: 't', FileName: 'a.mp4', FileSize: '-1' }, 'InvalidParameter'],
      ['CreateUploadVideo', { Title: 't', FileName: 'a.mp4', Tags: Array(17).fill('t').join(',') }, 'InvalidParameter'],
      ['CreateUploadVideo', { Title: 't', FileName: 'a.mp4', UserData: '{not json' }, 'InvalidParameter'],
      [
        'CreateUploadVideo',
        { Title: 't', FileName: 'a.mp4', StorageLocation: 'outin-x.oss-cn-beijing.aliyuncs.com' },
        'InvalidStorageLocation',
      ],
      ['RefreshUploadVideo', {}, 'MissingVideoId'],
      ['CreateUploadImage', {}, 'MissingImageType'],
      ['CreateUploadImage', { ImageType: 'poster' }, 'InvalidParameter'],
      ['CreateUploadImage', { ImageType: 'cover', ImageExt: 'bmp' }, 'InvalidParameter'],
    ];
    for (const [action, params, code] of cases) {
      const r = await rpc({ action, params });
      expect({ action, params, status: r.status, code: r.json.Code }).toEqual({ action, params, status: 400, code });
    }
    const nf = await rpc({ action: 'RefreshUploadVideo', params: { VideoId: 'f'.repeat(32) } });
    expect([nf.status, nf.json.Code]).toEqual([404, 'InvalidVideo.NotFound']);
    // A chosen storage location of the right region is honoured.
    const loc = await rpc({
      action: 'CreateUploadVideo',
      params: { Title: 't', FileName: 'a.flv', StorageLocation: 'outin-mine.oss-cn-shanghai.aliyuncs.com' },
    });
    expect(decode(loc.json.UploadAddress!).Bucket).toBe('outin-mine');
  });

  it('CreateUploadImage → ImageId/ImageURL/FileURL; a PutObject with its UploadAuth completes it (status Normal)', async () => {
    const r = await rpc({ action: 'CreateUploadImage', params: { ImageType: 'cover', ImageExt: 'JPG', Title: 'poster' } });
    expect(Object.keys(r.json)).toEqual(['RequestId', 'ImageId', 'ImageURL', 'FileURL', 'UploadAddress', 'UploadAuth']);
    const addr = decode(r.json.UploadAddress!);
    const auth = decode(r.json.UploadAuth!);
    expect(addr.FileName).toBe(`image/cover/${r.json.ImageId!.toUpperCase()}-6-2.jpg`);
    expect(r.json.ImageURL).toBe(`https://${addr.Bucket}.oss-${REGION}.aliyuncs.com/${addr.FileName}`);
    expect(r.json.FileURL).toBe(r.json.ImageURL);
    const put = await ossSend(so.port, {
      method: 'PUT',
      key: addr.FileName!,
      host: `${addr.Bucket}.oss-${REGION}.aliyuncs.com`,
      body: Buffer.from('jpeg'),
      date: clock.now,
      accessKeyId: auth.AccessKeyId,
      secret: auth.AccessKeySecret,
      token: auth.SecurityToken,
    });
    expect(put.status).toBe(200);
    expect(vod.store.image(r.json.ImageId!)).toMatchObject({ Status: 'Normal', Size: 4, Title: 'poster', ImageExt: 'jpg' });
  });

  it('multipart upload with UploadAuth; x-oss-notification userData is stored with the video and overrides its title', async () => {
    const r = await rpc({ action: 'CreateUploadVideo', params: { Title: 'before', FileName: 'm.mp4' } });
    const auth = decode(r.json.UploadAuth!);
    const addr = decode(r.json.UploadAddress!);
    const o = {
      key: addr.FileName!,
      host: `${addr.Bucket}.oss-${REGION}.aliyuncs.com`,
      accessKeyId: auth.AccessKeyId,
      secret: auth.AccessKeySecret,
      token: auth.SecurityToken,
    };
    const note = Buffer.from(
      JSON.stringify({ Vod: { Title: 'after', CateId: '12', UserData: { IsShowWaterMark: 'false', Priority: '7' } } }),
    ).toString('base64');
    const init = await ossSend(so.port, {
      ...o,
      method: 'POST',
      query: 'uploads',
      date: clock.now,
      headers: { 'x-oss-notification': note },
    });
    expect(init.status).toBe(200);
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)![1]!;
    const p1 = Buffer.alloc(100 * 1024, 5);
    const p2 = Buffer.from('end');
    const e1 = (await ossSend(so.port, { ...o, method: 'PUT', query: `partNumber=1&uploadId=${uploadId}`, body: p1, date: clock.now }))
      .headers.etag;
    const e2 = (await ossSend(so.port, { ...o, method: 'PUT', query: `partNumber=2&uploadId=${uploadId}`, body: p2, date: clock.now }))
      .headers.etag;
    expect(vod.store.video(r.json.VideoId!)!.Status).toBe('Uploading');
    const xml = `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${e1}</ETag></Part><Part><PartNumber>2</PartNumber><ETag>${e2}</ETag></Part></CompleteMultipartUpload>`;
    expect((await ossSend(so.port, { ...o, method: 'POST', query: `uploadId=${uploadId}`, body: xml, date: clock.now })).status).toBe(200);
    const v = vod.store.video(r.json.VideoId!)!;
    expect(v).toMatchObject({ Status: 'Uploaded', Title: 'after', CateId: 12, Size: p1.length + 3 });
    expect(v.Notification).toEqual({ Vod: { Title: 'after', CateId: '12', UserData: { IsShowWaterMark: 'false', Priority: '7' } } });
    expect((await vod.videoSource(r.json.VideoId!))!.MD5).toBe(md5hex(Buffer.concat([p1, p2])));
  });

  it('fault hooks: failNext answers the POP error JSON, resetNext drops the connection', async () => {
    vod.faults.failNext('CreateUploadVideo', { status: 503, code: 'ServiceUnavailable', message: 'busy' });
    const f = await rpc({ action: 'CreateUploadVideo', params: { Title: 't', FileName: 'a.mp4' } });
    expect([f.status, f.json.Code, f.json.Message]).toEqual([503, 'ServiceUnavailable', 'busy']);
    vod.faults.resetNext('*');
    await expect(rpc({ action: 'CreateUploadImage', params: { ImageType: 'default' } })).rejects.toThrow();
    expect((await rpc({ action: 'CreateUploadImage', params: { ImageType: 'default' } })).status).toBe(200);
    expect(() => vod.faults.failNext('X', { count: 0 })).toThrow(TypeError);
    expect(vod.hosts).toContain('vod.*.aliyuncs.com');
  });

  it('restart on the same data dir keeps videos; RefreshUploadVideo still yields the same key', async () => {
    const r = await rpc({ action: 'CreateUploadVideo', params: { Title: 'kept', FileName: 'k.mp4' } });
    const addr = decode(r.json.UploadAddress!);
    await sv.stop();
    await so.stop();
    await start();
    expect(vod.store.video(r.json.VideoId!)).toMatchObject({ Title: 'kept', Status: 'Uploading' });
    const ref = await rpc({ action: 'RefreshUploadVideo', params: { VideoId: r.json.VideoId } });
    expect(decode(ref.json.UploadAddress!)).toEqual(addr);
    // The fresh credentials work on the restarted OSS server, and the upload completes the persisted video.
    expect((await sdkPost(decode(ref.json.UploadAuth!), addr, Buffer.from('after restart'))).status).toBe(200);
    expect(vod.store.video(r.json.VideoId!)!.Status).toBe('Uploaded');
  });

  it('the in-process call() path answers the same bodies (used by the app server)', async () => {
    const ok = await vod.call('CreateUploadVideo', { Title: 't', FileName: 'z.mp4' });
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body)).toEqual(['RequestId', 'VideoId', 'UploadAddress', 'UploadAuth']);
    const bad = await vod.call('CreateUploadVideo', { Title: 't' });
    expect([bad.status, bad.body.Code]).toEqual([400, 'MissingFileName']);
    vod.faults.resetNext('CreateUploadImage');
    const reset = await vod.call('CreateUploadImage', { ImageType: 'default' });
    expect([reset.status, reset.body.Code]).toEqual([502, 'InjectedReset']);
    vod.faults.failNext('CreateUploadImage', { status: 500, code: 'InternalError' });
    expect((await vod.call('CreateUploadImage', { ImageType: 'default' })).body.Code).toBe('InternalError');
    expect((await vod.call('CreateUploadImage', { ImageType: 'default' })).status).toBe(200);
  });
});
