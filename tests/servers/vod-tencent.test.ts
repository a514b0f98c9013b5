/**
 * The Tencent VOD server over HTTPS through the phone's wx.request (host
 * routing to vod2.qcloud.com / vodreport.qcloud.com): the client upload
 * signature (HMAC-SHA1 per Tencent's doc) and its tampering cases, Apply /
 * resume / Commit, the forwarded COS traffic and telemetry.
 */
import { createHash, createHmac } from 'node:crypto';
import { DEFAULT_ACCOUNT } from '../../simulator/signing';
import { decodeVodSignature, signVodOriginal, signVodUpload, vodSignatureOriginal } from '../../simulator/signing/vod-tencent';

declare const wx: any;
declare const mpsim: any;

const API = 'https://vod2.qcloud.com/v3/index.php';
const now = () => Math.floor(Date.now() / 1000);
const { secretId, secretKey } = DEFAULT_ACCOUNT;
const good = (extra: Record<string, string | number> = {}) =>
  signVodUpload(secretKey, { secretId, currentTimeStamp: now(), expireTime: now() + 600, random: 42, extra });

/** wx.request as a promise of the success result. */
function request(o: Record<string, unknown>): Promise<any> {
  return new Promise((resolve, reject) => wx.request({ ...o, success: resolve, fail: reject }));
}
const post = (action: string, data: unknown): Promise<any> =>
  request({ url: `${API}?Action=${action}`, method: 'POST', data, dataType: 'json' }).then((r: any) => r.data);

describe('client upload signature', () => {
  it('is base64(HMAC-SHA1(SecretKey, Original) ‖ Original) with the doc params', () => {
    const original = vodSignatureOriginal({ secretId: 'AKIDx', currentTimeStamp: 1666669817, expireTime: 1766669817, random: 123456 });
    expect(original).toBe('secretId=AKIDx&currentTimeStamp=1666669817&expireTime=1766669817&random=123456');
    const raw = Buffer.from(signVodOriginal('key', original), 'base64');
    expect(raw.subarray(0, 20).equals(createHmac('sha1', 'key').update(original).digest())).toBe(true);
    expect(raw.subarray(20).toString()).toBe(original);
    // The SDK demo's hard-coded signature decodes to the same shape (129 bytes, research §4.3).
    const demo =
      '2jH6B2KBhVXYkhZM0nYXSevecz1zZWNyZXRJZD1BS0lENjRyUm54c1o5V2diSGl0b1Z3ODRrQUtEcUROSXkydFcmY3VycmVudFRpbWVTdGFtcD0xNjY2NjY5ODE3JmV4cGlyZVRpbWU9MTc2NjY2OTgxNyZyYW5kb209MTIzNDU2';
    const d = decodeVodSignature(demo);
    expect(d.params).toEqual({
      secretId: 'AKID64rRnxsZ9WgbHitoVw84kAKDqDNIy2tW',
      currentTimeStamp: '1666669817',
      expireTime: '1766669817',
      random: '123456',
    });
  });

  it('Apply accepts a good signature (with the doc extras) and answers a session', async () => {
    const r = await post('ApplyUploadUGC', { signature: good({ procedure: 'p1', classId: 0 }), videoName: 'v', videoType: 'mp4' });
    expect(r.code).toBe(0);
    const d = r.data;
    const vod = mpsim.servers.tencentVod;
    expect(d.storageBucket).toBe('vodugc');
    expect(String(d.storageAppId)).toBe(DEFAULT_ACCOUNT.appid);
    expect(d.storageRegionV5).toBe('ap-guangzhou');
    expect(d.video.storagePath).toMatch(new RegExp(`^/${DEFAULT_ACCOUNT.appid}/[0-9a-f]{16}/f0\\.mp4$`));
    expect(d.cover).toBeUndefined();
    expect(d.tempCertificate).toEqual({
      secretId: expect.stringMatching(/^AKIDtmp/),
      secretKey: expect.any(String),
      token: expect.any(String),
      expiredTime: expect.any(Number),
    });
    // The certificate is an STS key of the COS authority (so COS verifies it).
    expect(vod.cos.authority.resolve(d.tempCertificate.secretId).sessionToken).toBe(d.tempCertificate.token);
    expect(vod.sessions.get(d.vodSessionKey).applies).toBe(1);
  });

  // ≥ 20 ways a signature is bad: each → the VOD error code, never a success.
  const t = now();
  const orig = (o: Partial<Record<'secretId' | 'currentTimeStamp' | 'expireTime' | 'random', string>>, tail = '') =>
    `secretId=${o.secretId ?? secretId}&currentTimeStamp=${o.currentTimeStamp ?? t}&expireTime=${o.expireTime ?? t + 600}&random=${o.random ?? 1}${tail}`;
  const flip = (sig: string, i: number) => {
    const raw = Buffer.from(sig, 'base64');
    if (i < 0) i += raw.length;
    raw[i] = raw[i]! ^ 1;
    return raw.toString('base64');
  };
  const withMac = (original: string, mac: Buffer) => Buffer.concat([mac, Buffer.from(original)]).toString('base64');
  const validSig = signVodOriginal(secretKey, orig({}));
  const cases: [string, unknown, string][] = [
    ['missing', undefined, 'malformed'],
    ['empty', '', 'malformed'],
    ['a number', 12345, 'malformed'],
    ['an object', { a: 1 }, 'malformed'],
    ['not base64', '%%%not-base64%%%', 'malformed'],
    ['url-safe base64', validSig.replace(/\+/g, '-').replace(/\//g, '_') + (/[+/]/.test(validSig) ? '' : '-'), 'malformed'],
    ['too short', Buffer.alloc(20).toString('base64'), 'malformed'],
    ['MAC bit flipped', flip(validSig, 0), 'mismatch'],
    ['last MAC byte flipped', flip(validSig, 19), 'mismatch'],
    ['Original byte flipped (random 1 → 0)', flip(validSig, -1), 'mismatch'],
    ['secretId byte flipped', flip(validSig, 30), 'unknown-secret-id'],
    [
      'expireTime raised after signing',
      withMac(orig({ expireTime: String(t + 99999) }), Buffer.from(validSig, 'base64').subarray(0, 20)),
      'mismatch',
    ],
    ['param appended after signing', withMac(orig({}, '&procedure=x'), Buffer.from(validSig, 'base64').subarray(0, 20)), 'mismatch'],
    ['signed with another key', signVodOriginal('wrong-key', orig({})), 'mismatch'],
    ['signed with the SecretId as key', signVodOriginal(secretId, orig({})), 'mismatch'],
    ['MAC truncated', Buffer.from(validSig, 'base64').subarray(1).toString('base64'), 'malformed'],
    ['unknown secretId', signVodOriginal(secretKey, orig({ secretId: 'AKIDnobody' })), 'unknown-secret-id'],
    ['no secretId', signVodOriginal(secretKey, `currentTimeStamp=${t}&expireTime=${t + 600}&random=1`), 'malformed'],
    ['no expireTime', signVodOriginal(secretKey, `secretId=${secretId}&currentTimeStamp=${t}&random=1`), 'malformed'],
    ['no currentTimeStamp', signVodOriginal(secretKey, `secretId=${secretId}&expireTime=${t + 600}&random=1`), 'malformed'],
    ['expireTime not a number', signVodOriginal(secretKey, orig({ expireTime: 'tomorrow' })), 'malformed'],
    ['negative timestamp', signVodOriginal(secretKey, orig({ currentTimeStamp: '-5' })), 'malformed'],
    ['random not a number', signVodOriginal(secretKey, orig({ random: 'abc' })), 'malformed'],
    ['expired', signVodOriginal(secretKey, orig({ currentTimeStamp: String(t - 1000), expireTime: String(t - 10) })), 'expired'],
    ['expireTime before currentTimeStamp', signVodOriginal(secretKey, orig({ expireTime: String(t - 1) })), 'malformed'],
    [
      'from the future',
      signVodOriginal(secretKey, orig({ currentTimeStamp: String(t + 3600), expireTime: String(t + 7200) })),
      'not-yet-valid',
    ],
    ['not name=value', signVodOriginal(secretKey, 'garbage'), 'malformed'],
    ['bad percent-encoding', signVodOriginal(secretKey, orig({}, '&x=%E0%A4%A')), 'malformed'],
    ['an STS key instead of an API key', null, 'unknown-secret-id'],
  ];

  it.each(cases)('Apply refuses a signature that is %s (code 10009)', async (_name, sig, failure) => {
    const vod = mpsim.servers.tencentVod;
    if (sig === null) {
      const sts = vod.cos.authority.issueSts();
      sig = signVodUpload(sts.credentials.tmpSecretKey, {
        secretId: sts.credentials.tmpSecretId,
        currentTimeStamp: t,
        expireTime: t + 600,
      });
    }
    const r = await post('ApplyUploadUGC', { signature: sig, videoName: 'v', videoType: 'mp4' });
    expect(r).toEqual({ code: 10009, message: expect.any(String) });
    expect(vod.log.at(-1)).toMatchObject({ action: 'ApplyUploadUGC', code: 10009, signatureFailure: failure });
  });

  it('Commit checks the signature too', async () => {
    const a = await post('ApplyUploadUGC', { signature: good(), videoType: 'mp4' });
    const r = await post('CommitUploadUGC', { signature: flip(good(), 3), vodSessionKey: a.data.vodSessionKey });
    expect(r.code).toBe(10009);
  });
});

describe('sessions', () => {
  it('resume by vodSessionKey: same paths, a fresh certificate, cover added on resume', async () => {
    const a = await post('ApplyUploadUGC', { signature: good(), videoName: 'n', videoType: 'MP4' });
    const b = await post('ApplyUploadUGC', { signature: good(), vodSessionKey: a.data.vodSessionKey, coverName: 'c', coverType: 'jpg' });
    expect(b.code).toBe(0);
    expect(b.data.vodSessionKey).toBe(a.data.vodSessionKey);
    expect(b.data.video.storagePath).toBe(a.data.video.storagePath);
    expect(b.data.video.storagePath).toMatch(/f0\.mp4$/);
    expect(b.data.cover.storagePath).toMatch(/cover\.jpg$/);
    expect(b.data.tempCertificate.secretId).not.toBe(a.data.tempCertificate.secretId);
    expect(mpsim.servers.tencentVod.sessions.get(a.data.vodSessionKey).applies).toBe(2);
  });

  it('bad requests and unknown sessions get their codes', async () => {
    expect((await post('ApplyUploadUGC', { signature: good(), vodSessionKey: 'nope' })).code).toBe(10006);
    expect((await post('ApplyUploadUGC', { signature: good(), videoName: 'x' })).code).toBe(10001);
    expect((await post('ApplyUploadUGC', { signature: good(), videoType: '../x' })).code).toBe(10001);
    expect((await post('ApplyUploadUGC', { signature: good(), videoType: 'mp4', coverName: 'c' })).code).toBe(10001);
    expect((await post('ApplyUploadUGC', 'not json')).code).toBe(10001);
    expect((await post('CommitUploadUGC', { signature: good() })).code).toBe(10001);
    expect((await post('CommitUploadUGC', { signature: good(), vodSessionKey: 'nope' })).code).toBe(10006);
    expect((await post('PrepareUploadUGC', {})).code).toBe(10000);
    const get = await request({ url: `${API}?Action=ApplyUploadUGC` });
    expect(get.data.code).toBe(10001);
  });

  it('Commit before the upload → media not uploaded; after → fileId, repeated Commit gives the same answer', async () => {
    const vod = mpsim.servers.tencentVod;
    const a = (await post('ApplyUploadUGC', { signature: good(), videoName: 'n', videoType: 'mp4' })).data;
    expect((await post('CommitUploadUGC', { signature: good(), vodSessionKey: a.vodSessionKey })).code).toBe(10007);
    // Put the object straight into the store's bucket (the COS path is covered by the SDK tests).
    const bucket = vod.bucketOf(DEFAULT_ACCOUNT.appid);
    const { Readable } = await import('node:stream');
    vod.cos.createBucket(bucket);
    await vod.cos.store.put(bucket, a.video.storagePath.slice(1), Readable.from([Buffer.from('hello video')]), {
      headers: {},
      storageClass: 'STANDARD',
    });
    const c = await post('CommitUploadUGC', { signature: good(), vodSessionKey: a.vodSessionKey });
    expect(c.code).toBe(0);
    expect(c.data.fileId).toMatch(/^\d{19}$/);
    expect(c.data.video.url).toContain(c.data.fileId);
    const again = await post('CommitUploadUGC', { signature: good(), vodSessionKey: a.vodSessionKey });
    expect(again.data.fileId).toBe(c.data.fileId);
    const media = (await request({ url: `https://appserver.mpsim.test/vod/tencent/media/${c.data.fileId}` })).data;
    expect(media).toEqual({ fileId: c.data.fileId, size: 11, md5: createHash('md5').update('hello video').digest('hex') });
    // A committed session cannot be resumed.
    expect((await post('ApplyUploadUGC', { signature: good(), vodSessionKey: a.vodSessionKey })).code).toBe(10006);
  });
});

describe('persistence on a data dir (mpsim serve --data)', () => {
  it('a restarted cloud still resumes an open vodSessionKey and knows committed media', async () => {
    const { createSimulator } = await import('../../index');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { Readable } = await import('node:stream');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-vodt-'));
    const open = async () => {
      const sim = await createSimulator({ defaultAlbum: false, cloud: { dataDir } });
      const g: Record<string, any> = {};
      sim.install(g);
      const req = (o: Record<string, unknown>) =>
        new Promise<any>((resolve, reject) => g.wx.request({ ...o, success: resolve, fail: reject }));
      const call = (action: string, data: unknown) => req({ url: `${API}?Action=${action}`, method: 'POST', data }).then((r) => r.data);
      return { sim, req, call };
    };
    try {
      const first = await open();
      const pending = (await first.call('ApplyUploadUGC', { signature: good(), videoName: 'p', videoType: 'mp4' })).data;
      const done = (await first.call('ApplyUploadUGC', { signature: good(), videoName: 'd', videoType: 'mp4' })).data;
      const vod = first.sim.mpsim.servers.tencentVod!;
      const bucket = vod.bucketOf(DEFAULT_ACCOUNT.appid);
      vod.cos.createBucket(bucket);
      await vod.cos.store.put(bucket, done.video.storagePath.slice(1), Readable.from([Buffer.from('kept')]), {
        headers: {},
        storageClass: 'STANDARD',
      });
      const fileId = (await first.call('CommitUploadUGC', { signature: good(), vodSessionKey: done.vodSessionKey })).data.fileId;
      await first.sim.dispose();

      const second = await open();
      try {
        const resumed = await second.call('ApplyUploadUGC', { signature: good(), vodSessionKey: pending.vodSessionKey });
        expect(resumed.code).toBe(0);
        expect(resumed.data.video.storagePath).toBe(pending.video.storagePath);
        expect(second.sim.mpsim.servers.tencentVod!.sessions.get(pending.vodSessionKey)?.applies).toBe(2);
        expect((await second.call('ApplyUploadUGC', { signature: good(), vodSessionKey: done.vodSessionKey })).code).toBe(10006);
        const media = (await second.req({ url: `https://appserver.mpsim.test/vod/tencent/media/${fileId}` })).data;
        expect(media).toEqual({ fileId, size: 4, md5: createHash('md5').update('kept').digest('hex') });
      } finally {
        await second.sim.dispose();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('app server, forwarding and telemetry', () => {
  it('GET /vod/tencent/signature is a fresh valid signature; ?expire=-60 an expired one', async () => {
    const s = (await request({ url: 'https://appserver.mpsim.test/vod/tencent/signature' })).data.signature;
    const d = decodeVodSignature(s);
    expect(d.params.secretId).toBe(secretId);
    expect(Number(d.params.expireTime) - Number(d.params.currentTimeStamp)).toBe(86400);
    expect((await post('ApplyUploadUGC', { signature: s, videoType: 'mp4' })).code).toBe(0);
    const e = (await request({ url: 'https://appserver.mpsim.test/vod/tencent/signature?expire=-60' })).data.signature;
    expect((await post('ApplyUploadUGC', { signature: e, videoType: 'mp4' })).code).toBe(10009);
    expect(mpsim.servers.tencentVod.log.at(-1).signatureFailure).toBe('expired');
    expect((await request({ url: 'https://appserver.mpsim.test/vod/tencent/signature?expire=abc' })).statusCode).toBe(400);
    expect((await request({ url: 'https://appserver.mpsim.test/vod/tencent/media/123' })).statusCode).toBe(404);
  });

  it('forwards only VOD storage hosts to COS, which still checks the q-sign signature', async () => {
    const vod = mpsim.servers.tencentVod;
    const other = await request({
      url: 'https://vod2.qcloud.com/x.mp4',
      method: 'PUT',
      data: 'x',
      header: { 'Vod-Forward-Cos': 'mybucket-1250000000.cos.ap-beijing.myqcloud.com' },
    });
    expect(other.statusCode).toBe(403);
    expect(other.data).toContain('<Code>AccessDenied</Code>');
    const unsigned = await request({
      url: 'https://vod2.qcloud.com/x.mp4',
      method: 'PUT',
      data: 'x',
      header: { 'Vod-Forward-Cos': vod.cosHostOf(DEFAULT_ACCOUNT.appid) },
    });
    expect(unsigned.statusCode).toBe(403);
    expect(vod.cos.log.at(-1)).toMatchObject({ host: vod.cosHostOf(DEFAULT_ACCOUNT.appid), status: 403 });
  });

  it('accepts telemetry', async () => {
    const r = await request({
      url: 'https://vodreport.qcloud.com/ugcupload_new',
      method: 'POST',
      data: { reqType: 10001, errCode: 0 },
      dataType: 'json',
    });
    expect(r.statusCode).toBe(200);
    expect(mpsim.servers.tencentVod.reports.at(-1)).toEqual({ reqType: 10001, errCode: 0 });
  });
});
