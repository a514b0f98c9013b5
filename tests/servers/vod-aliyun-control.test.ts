/**
 * The default simulator cloud serves Alibaba VOD + OSS and the app server's
 * /vod/aliyun/* routes: the credential-mode flow of seed 002 done with wx.request
 * and wx.uploadFile (PostObject as the mini SDK sends it), driven and checked
 * through mpsim.servers.aliyunVod / mpsim.servers.oss.
 */
import { createHash, createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

declare const wx: any;
declare const mpsim: any;

const APP = 'https://appserver.mpsim.test/vod/aliyun';

function request(o: Record<string, unknown>): Promise<any> {
  return new Promise((resolve, reject) => wx.request({ ...o, success: resolve, fail: reject }));
}
function uploadFile(o: Record<string, unknown>): Promise<any> {
  return new Promise((resolve, reject) => wx.uploadFile({ ...o, success: resolve, fail: reject }));
}
const decode = (b64: string) => JSON.parse(Buffer.from(b64, 'base64').toString('utf8')) as Record<string, string>;

/** The form the mini SDK builds from an UploadAuth (research §3.1). */
function sdkForm(auth: Record<string, string>, key: string): Record<string, string> {
  const policy = Buffer.from(
    JSON.stringify({
      expiration: new Date(Date.now() + 5 * 60 * 1000).toISOString(),
      conditions: [['content-length-range', 0, 1048576000]],
    }),
  ).toString('base64');
  return {
    key,
    policy,
    OSSAccessKeyId: auth.AccessKeyId!,
    success_action_status: '200',
    signature: createHmac('sha1', auth.AccessKeySecret!).update(policy).digest('base64'),
    'x-oss-security-token': auth.SecurityToken!,
  };
}

describe('Alibaba servers on the default cloud', () => {
  it('are mounted as mpsim.servers.oss / aliyunVod', () => {
    expect(mpsim.servers.oss.name).toBe('oss');
    expect(mpsim.servers.aliyunVod.name).toBe('aliyunVod');
    expect(mpsim.servers.aliyunVod.hosts).toContain('vod.*.aliyuncs.com');
    expect(mpsim.servers.oss.hosts).toContain('*.oss-cn-shanghai.aliyuncs.com');
    expect(typeof mpsim.servers.oss.faults.failNext).toBe('function');
  });

  it('create-upload-video → wx.uploadFile PostObject → videos/<id>; expireCredentialsNow → 403 SecurityTokenExpired; refresh → same key', async () => {
    const created = await request({ url: `${APP}/create-upload-video`, method: 'POST', data: { Title: 'wx clip', FileName: 'clip.mp4' } });
    expect(created.statusCode).toBe(200);
    const { VideoId, UploadAuth, UploadAddress } = created.data;
    const auth = decode(UploadAuth);
    const addr = decode(UploadAddress);
    const url = addr.Endpoint!.replace('://', `://${addr.Bucket}.`);
    expect(url).toBe(`https://${addr.Bucket}.oss-cn-shanghai.aliyuncs.com`);

    const content = Buffer.alloc(300 * 1024, 9);
    const filePath = `${wx.env.USER_DATA_PATH}/clip.mp4`;
    const host = mpsim.device.toHostPath(filePath);
    fs.mkdirSync(path.dirname(host), { recursive: true });
    fs.writeFileSync(host, content);

    const up = await uploadFile({ url, filePath, name: 'file', formData: sdkForm(auth, addr.FileName!) });
    expect(up.statusCode).toBe(200);
    expect(up.data).toBe('');
    const src = await request({ url: `${APP}/videos/${VideoId}` });
    expect(src.data).toEqual({ VideoId, Size: content.length, MD5: createHash('md5').update(content).digest('hex'), Status: 'Uploaded' });
    expect(mpsim.servers.aliyunVod.store.video(VideoId).Title).toBe('wx clip');

    mpsim.servers.aliyunVod.expireCredentialsNow();
    const late = await uploadFile({ url, filePath, name: 'file', formData: sdkForm(auth, addr.FileName!) });
    expect(late.statusCode).toBe(403);
    expect(late.data).toContain('<Code>SecurityTokenExpired</Code>');

    const refreshed = await request({ url: `${APP}/refresh-upload-video`, method: 'POST', data: { VideoId } });
    expect(decode(refreshed.data.UploadAddress)).toEqual(addr);
    const again = await uploadFile({ url, filePath, name: 'file', formData: sdkForm(decode(refreshed.data.UploadAuth), addr.FileName!) });
    expect(again.statusCode).toBe(200);
  });

  it('STS mode: /sts keys sign a VOD call made with wx.request; faults reach the client', async () => {
    const sts = (await request({ url: `${APP}/sts` })).data;
    const params: Record<string, string> = {
      AccessKeyId: sts.AccessKeyId,
      SecurityToken: sts.SecurityToken,
      Action: 'CreateUploadImage',
      Version: '2017-03-21',
      Format: 'JSON',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: `n-${Date.now()}`,
      ImageType: 'default',
    };
    const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
    const canonical = Object.keys(params)
      .sort()
      .map((k) => `${enc(k)}=${enc(params[k]!)}`)
      .join('&');
    const signature = createHmac('sha1', `${sts.AccessKeySecret}&`)
      .update(`GET&%2F&${enc(canonical)}`)
      .digest('base64');
    const url = `https://vod.cn-shanghai.aliyuncs.com/?${canonical}&Signature=${enc(signature)}`;
    const r = await request({ url });
    expect(r.statusCode).toBe(200);
    expect(r.data.ImageURL).toMatch(/^https:\/\/outin-[0-9a-f]{32}\.oss-cn-shanghai\.aliyuncs\.com\/image\/default\//);
    mpsim.servers.aliyunVod.faults.failNext('CreateUploadVideo', { status: 503, code: 'ServiceUnavailable' });
    const failed = await request({ url: `${APP}/create-upload-video`, method: 'POST', data: { Title: 't', FileName: 'a.mp4' } });
    expect([failed.statusCode, failed.data.Code]).toEqual([503, 'ServiceUnavailable']);
  });
});
