/**
 * The default simulator cloud serves COS and the app server, reachable from
 * wx.request and driven through `mpsim.servers.cos`.
 */
export {};
declare const wx: any;
declare const mpsim: any;

const BUCKET = 'examplebucket-1250000000';
const HOST = `${BUCKET}.cos.ap-guangzhou.myqcloud.com`;

function request(o: Record<string, unknown>): Promise<any> {
  return new Promise((resolve, reject) => wx.request({ ...o, success: resolve, fail: reject }));
}

describe('mpsim.servers', () => {
  it('has the COS server and the app server on the default cloud', () => {
    expect(mpsim.servers.cos.name).toBe('cos');
    expect(mpsim.servers.appserver.hosts).toEqual(['appserver.mpsim.test']);
    expect(mpsim.servers.cos.hosts).toContain('*.cos.*.myqcloud.com');
    expect(typeof mpsim.servers.cos.faults.failNext).toBe('function');
  });

  it('wx.request reaches both; keys from /cos/sts are accepted; faults.failNext shapes the next answer', async () => {
    const sts = await request({ url: 'https://appserver.mpsim.test/cos/sts' });
    expect(sts.statusCode).toBe(200);
    expect(typeof sts.data.credentials.sessionToken).toBe('string');
    const sign = await request({
      url: 'https://appserver.mpsim.test/cos/sign',
      method: 'POST',
      data: { method: 'PUT', key: 'ctl.txt', headers: { host: HOST, 'content-length': 2 } },
    });
    expect(sign.statusCode).toBe(200);
    const put = await request({
      url: `https://${HOST}/ctl.txt`,
      method: 'PUT',
      data: 'ok',
      header: { Authorization: sign.data.authorization },
    });
    expect(put.statusCode).toBe(200);
    expect(put.header['x-cos-request-id'] ?? put.header['X-Cos-Request-Id']).toBeTruthy();
    expect(mpsim.servers.cos.store.head(BUCKET, 'ctl.txt').size).toBe(2);

    mpsim.servers.cos.faults.failNext('PutObject', { status: 503 });
    const failed = await request({
      url: `https://${HOST}/ctl.txt`,
      method: 'PUT',
      data: 'ok',
      header: { Authorization: sign.data.authorization },
    });
    expect(failed.statusCode).toBe(503);
    expect(failed.data).toContain('<Code>ServiceUnavailable</Code>');
    const unsigned = await request({ url: `https://${HOST}/ctl.txt` });
    expect(unsigned.statusCode).toBe(403);
  });
});
