/**
 * Security: what the per-server tampering suites (tests/servers/cos-signing,
 * oss-signing, vod-aliyun) do not already cover, over the phone's real
 * wx.request (HTTPS + host routing):
 *
 * - COS: a server never serves (or lets anyone change) an object of another
 *   appid's bucket: account A's permanent key, STS key, presigned URL, a
 *   forwarded-bucket header or a path trick against account B's bucket → 403
 *   (or 404), B's bytes never appear in a response and B's object is unchanged.
 * - OSS/VOD: an UploadAuth (STS credentials scoped to one media object) cannot
 *   read, overwrite, delete, HEAD, start a multipart upload on, or PostObject to
 *   another media's object → 403 AccessDenied, and the other object is unchanged.
 *
 * Existing tampering cases, counted when this suite was written (not repeated
 * here): COS q-sign 20 (cos-signing "rejects tampered signatures" table, plus
 * the SDK signature suite); OSS V1 + presigned + STS 19 and PostObject policy 13
 * (oss-signing); VOD RPC 11 table rows + nonce reuse + STS token expiry/mismatch
 * + Forbidden.RAM (vod-aliyun) = 15. VOD falls short of 20, so the VOD RPC
 * table below adds the missing tampering cases through the real endpoint.
 */
import { createHash } from 'node:crypto';
import { createCosServer, type CosServer } from '../../simulator/servers/cos';
import { DEFAULT_ACCOUNT } from '../../simulator/signing';
import { rpcQueryString, signRpcParams } from '../../simulator/signing/aliyun-rpc';
import { signOssRequest, signOssPolicy } from '../../simulator/signing/oss';
import { signRequest } from '../../simulator/signing/qsign';

declare const wx: any;
declare const mpsim: any;

jest.setTimeout(30000);

interface Res {
  statusCode: number;
  data: string;
  header: Record<string, string>;
}
function req(url: string, o: { method?: string; header?: Record<string, string>; data?: string | ArrayBuffer } = {}): Promise<Res> {
  return new Promise((resolve, reject) =>
    wx.request({
      url,
      method: o.method ?? 'GET',
      header: o.header ?? {},
      data: o.data,
      dataType: 'text',
      success: (r: any) => resolve({ statusCode: r.statusCode, data: String(r.data), header: r.header }),
      fail: (e: any) => reject(new Error(e.errMsg)),
    }),
  );
}
const codeOf = (xml: string) => /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];
const ab = (s: string) => {
  const b = Buffer.from(s);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
};

// ---------------------------------------------------------------- COS
describe('COS: never serves another appid bucket', () => {
  const A = DEFAULT_ACCOUNT;
  const B = { appid: '1250000002', secretId: 'AKIDbravoEXAMPLE', secretKey: 'bravoSECRETkey' };
  const REGION = 'ap-guangzhou';
  const hostA = `alpha-${A.appid}.cos.${REGION}.myqcloud.com`;
  const hostB = `bravo-${B.appid}.cos.${REGION}.myqcloud.com`;
  const SECRET = 'B-SECRET-' + 'z'.repeat(64);
  let cos: CosServer;
  let unroute: () => void;

  const sign = (
    acct: { secretId: string; secretKey: string },
    method: string,
    host: string,
    pathname: string,
    extra: Record<string, string> = {},
  ) => signRequest({ secretId: acct.secretId, secretKey: acct.secretKey, method, pathname, headers: { host, ...extra } });
  const bObject = () => {
    const rec = cos.store.head(`bravo-${B.appid}`, 'secret.txt');
    return rec ? `${rec.size}:${rec.etag}` : 'missing';
  };

  beforeAll(async () => {
    cos = createCosServer({ accounts: [A, B] });
    // later routes win: this region's COS hosts go to the two-account server
    unroute = mpsim.network.route(`*.cos.${REGION}.myqcloud.com`, cos);
    const put = await req(`https://${hostB}/secret.txt`, {
      method: 'PUT',
      data: ab(SECRET),
      header: { authorization: sign(B, 'PUT', hostB, '/secret.txt'), 'content-type': 'text/plain' },
    });
    expect(put.statusCode).toBe(200);
    const putA = await req(`https://${hostA}/mine.txt`, {
      method: 'PUT',
      data: ab('A'),
      header: { authorization: sign(A, 'PUT', hostA, '/mine.txt') },
    });
    expect(putA.statusCode).toBe(200);
  });
  afterAll(async () => {
    unroute();
    await cos.close?.();
  });

  test('control: B reads its own object', async () => {
    const r = await req(`https://${hostB}/secret.txt`, { header: { authorization: sign(B, 'GET', hostB, '/secret.txt') } });
    expect(r).toMatchObject({ statusCode: 200, data: SECRET });
  });

  const sts = () => cos.authority.issueSts({ appid: A.appid }).credentials;
  const cases: Array<[string, () => Promise<Res>, RegExp]> = [
    [
      "A's key GET B's object",
      () => req(`https://${hostB}/secret.txt`, { header: { authorization: sign(A, 'GET', hostB, '/secret.txt') } }),
      /^AccessDenied$/,
    ],
    [
      "A's key HEAD B's object",
      () => req(`https://${hostB}/secret.txt`, { method: 'HEAD', header: { authorization: sign(A, 'HEAD', hostB, '/secret.txt') } }),
      /.*/,
    ],
    [
      "A's key lists B's bucket",
      () => req(`https://${hostB}/`, { header: { authorization: sign(A, 'GET', hostB, '/') } }),
      /^AccessDenied$/,
    ],
    [
      "A's key overwrites B's object",
      () =>
        req(`https://${hostB}/secret.txt`, {
          method: 'PUT',
          data: ab('pwned'),
          header: { authorization: sign(A, 'PUT', hostB, '/secret.txt') },
        }),
      /^AccessDenied$/,
    ],
    [
      "A's key deletes B's object",
      () => req(`https://${hostB}/secret.txt`, { method: 'DELETE', header: { authorization: sign(A, 'DELETE', hostB, '/secret.txt') } }),
      /^AccessDenied$/,
    ],
    [
      "A's key starts a multipart upload in B's bucket",
      () =>
        req(`https://${hostB}/secret.txt?uploads`, {
          method: 'POST',
          header: {
            authorization: signRequest({
              secretId: A.secretId,
              secretKey: A.secretKey,
              method: 'POST',
              pathname: '/secret.txt',
              query: { uploads: '' },
              headers: { host: hostB },
            }),
          },
        }),
      /^AccessDenied$/,
    ],
    [
      "A's presigned URL for B's object",
      () =>
        req(
          `https://${hostB}/secret.txt?${sign(A, 'GET', hostB, '/secret.txt').replace(/([^&=]+)=([^&]*)/g, (_m, k: string, v: string) => `${k}=${encodeURIComponent(v)}`)}`,
        ),
      /^AccessDenied$/,
    ],
    [
      "A's STS key GET B's object",
      () => {
        const c = sts();
        return req(`https://${hostB}/secret.txt`, {
          header: {
            authorization: sign({ secretId: c.tmpSecretId, secretKey: c.tmpSecretKey }, 'GET', hostB, '/secret.txt'),
            'x-cos-security-token': c.sessionToken,
          },
        });
      },
      /^AccessDenied$/,
    ],
    [
      "A's signature for A's host replayed on B's host",
      () => req(`https://${hostB}/secret.txt`, { header: { authorization: sign(A, 'GET', hostA, '/secret.txt') } }),
      /^(AccessDenied|SignatureDoesNotMatch)$/,
    ],
    [
      "B's signature replayed by A on A's host for B's key name",
      () => req(`https://${hostA}/secret.txt`, { header: { authorization: sign(B, 'GET', hostA, '/secret.txt') } }),
      /^(AccessDenied|NoSuchKey)$/,
    ],
    [
      "A's host with a Vod-Forward-Cos header naming B's bucket",
      () =>
        req(`https://${hostA}/secret.txt`, { header: { 'vod-forward-cos': hostB, authorization: sign(A, 'GET', hostB, '/secret.txt') } }),
      /^(AccessDenied|SignatureDoesNotMatch)$/,
    ],
    [
      "path trick: A's host, /../bravo bucket path",
      () =>
        req(`https://${hostA}/../bravo-${B.appid}/secret.txt`, {
          header: { authorization: sign(A, 'GET', hostA, `/../bravo-${B.appid}/secret.txt`) },
        }),
      /^(AccessDenied|NoSuchKey|InvalidURI|SignatureDoesNotMatch)$/,
    ],
    ["anonymous GET of B's object", () => req(`https://${hostB}/secret.txt`), /^AccessDenied$/],
    [
      "A copies B's object into A's bucket (x-cos-copy-source)",
      () =>
        req(`https://${hostA}/copied.txt`, {
          method: 'PUT',
          header: {
            'x-cos-copy-source': `${hostB}/secret.txt`,
            authorization: sign(A, 'PUT', hostA, '/copied.txt', { 'x-cos-copy-source': `${hostB}/secret.txt` }),
          },
        }),
      /.*/,
    ],
  ];

  test.each(cases)('%s → refused, B untouched, no B bytes in the answer', async (_name, run, code) => {
    const before = bObject();
    const r = await run();
    expect(r.statusCode).not.toBe(200);
    expect([403, 404, 400, 501]).toContain(r.statusCode);
    if (r.data) expect(codeOf(r.data) ?? '').toMatch(code);
    expect(r.data).not.toContain('B-SECRET');
    expect(bObject()).toBe(before);
    // nothing of B's landed in A's bucket either
    const copied = cos.store.head(`alpha-${A.appid}`, 'copied.txt');
    expect(copied).toBeUndefined();
  });
});

// ---------------------------------------------------------------- OSS (VOD UploadAuth)
describe('OSS: an UploadAuth scoped to one media object cannot touch another', () => {
  interface Auth {
    AccessKeyId: string;
    AccessKeySecret: string;
    SecurityToken: string;
  }
  interface Media {
    auth: Auth;
    bucket: string;
    key: string;
    host: string;
  }
  const create = async (name: string): Promise<Media> => {
    const r = await new Promise<any>((resolve, reject) =>
      wx.request({
        url: 'https://appserver.mpsim.test/vod/aliyun/create-upload-video',
        method: 'POST',
        data: { Title: name, FileName: name },
        success: (x: any) => (x.statusCode === 200 ? resolve(x.data) : reject(new Error(JSON.stringify(x.data)))),
        fail: (e: any) => reject(new Error(e.errMsg)),
      }),
    );
    const auth = JSON.parse(Buffer.from(r.UploadAuth, 'base64').toString('utf8')) as Auth;
    const addr = JSON.parse(Buffer.from(r.UploadAddress, 'base64').toString('utf8')) as {
      Endpoint: string;
      Bucket: string;
      FileName: string;
    };
    return { auth, bucket: addr.Bucket, key: addr.FileName, host: `${addr.Bucket}.${new URL(addr.Endpoint).host}` };
  };
  const ossReq = (as: Media, target: Media, method: string, o: { query?: Record<string, string>; data?: string; path?: string } = {}) => {
    const headers: Record<string, string> = {
      'x-oss-date': new Date().toUTCString(),
      'x-oss-security-token': as.auth.SecurityToken,
      'content-type': 'application/octet-stream',
    };
    headers.authorization = signOssRequest({
      accessKeyId: as.auth.AccessKeyId,
      accessKeySecret: as.auth.AccessKeySecret,
      method,
      bucket: target.bucket,
      key: target.key,
      query: o.query,
      headers,
    });
    const qs = o.query
      ? '?' +
        Object.entries(o.query)
          .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
          .join('&')
      : '';
    return req(`https://${target.host}/${target.key}${qs}`, {
      method,
      header: headers,
      data: o.data === undefined ? undefined : ab(o.data),
    });
  };
  let one: Media;
  let two: Media;
  const stored = () => {
    const rec = mpsim.servers.oss.store?.head?.(one.bucket, one.key);
    return rec ? `${rec.size}:${rec.etag}` : 'n/a';
  };

  beforeAll(async () => {
    one = await create('one.mp4');
    two = await create('two.mp4');
    const put = await ossReq(one, one, 'PUT', { data: 'ONE-SECRET-VIDEO-BYTES' });
    expect(put.statusCode).toBe(200);
  });

  test('control: the two media have distinct keys in the same storage bucket', () => {
    expect(one.bucket).toBe(two.bucket);
    expect(one.key).not.toBe(two.key);
  });

  const policyForm = (as: Media, target: Media) => {
    const policy = Buffer.from(
      JSON.stringify({ expiration: new Date(Date.now() + 600000).toISOString(), conditions: [['content-length-range', 0, 1048576]] }),
    ).toString('base64');
    const boundary = '----mpsimSecurity' + Date.now();
    const fields: Array<[string, string]> = [
      ['key', target.key],
      ['policy', policy],
      ['OSSAccessKeyId', as.auth.AccessKeyId],
      ['x-oss-security-token', as.auth.SecurityToken],
      ['success_action_status', '200'],
      ['signature', signOssPolicy(as.auth.AccessKeySecret, policy)],
    ];
    let body = '';
    for (const [k, v] of fields) body += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
    body += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.mp4"\r\nContent-Type: video/mp4\r\n\r\npwned\r\n--${boundary}--\r\n`;
    return req(`https://${target.host}/`, {
      method: 'POST',
      header: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      data: ab(body),
    });
  };

  const cases: Array<[string, () => Promise<Res>]> = [
    ["two's credentials GET one's object", () => ossReq(two, one, 'GET')],
    ["two's credentials HEAD one's object", () => ossReq(two, one, 'HEAD')],
    ["two's credentials overwrite one's object", () => ossReq(two, one, 'PUT', { data: 'pwned' })],
    ["two's credentials delete one's object", () => ossReq(two, one, 'DELETE')],
    ["two's credentials start a multipart upload on one's key", () => ossReq(two, one, 'POST', { query: { uploads: '' } })],
    ["two's credentials PostObject to one's key", () => policyForm(two, one)],
    ["one's credentials write a key beside its own", () => ossReq(one, { ...one, key: `${one.key}.evil` }, 'PUT', { data: 'pwned' })],
  ];
  test.each(cases)('%s → 403 AccessDenied, one unchanged, no bytes leaked', async (_name, run) => {
    const before = stored();
    const r = await run();
    expect(r.statusCode).toBe(403);
    if (r.data) expect(codeOf(r.data)).toBe('AccessDenied');
    else expect(Buffer.from(r.header['x-oss-err'] ?? '', 'base64').toString()).toContain('AccessDenied');
    expect(r.data).not.toContain('ONE-SECRET');
    expect(stored()).toBe(before);
  });
});

// ---------------------------------------------------------------- VOD RPC
describe('VOD: RPC signature tampering not covered by vod-aliyun.test.ts', () => {
  const AK = 'LTAImpsimEXAMPLE';
  const SK = 'mpsimALIYUNsecretEXAMPLE';
  const host = 'vod.cn-shanghai.aliyuncs.com';
  const base = () =>
    signRpcParams({ accessKeyId: AK, accessKeySecret: SK, action: 'CreateUploadVideo', params: { Title: 't', FileName: 'x.mp4' } });
  const resign = (p: Record<string, string>, secret = SK) => {
    const { Signature: _s, ...rest } = p;
    return signRpcParams({ accessKeyId: rest.AccessKeyId ?? AK, accessKeySecret: secret, params: rest });
  };
  const call = async (p: Record<string, string>, raw?: string) => {
    const r = await req(`https://${host}/?${raw ?? rpcQueryString(p)}`);
    return { status: r.statusCode, code: (JSON.parse(r.data) as { Code?: string }).Code ?? '' };
  };
  const sha = (s: string) => createHash('sha1').update(s).digest('base64');

  test('control: the untampered call succeeds', async () => {
    expect((await call(base())).status).toBe(200);
  });

  const cases: Array<[string, () => Promise<{ status: number; code: string }>, RegExp]> = [
    ['Signature lower-cased', () => call({ ...base(), Signature: base().Signature!.toLowerCase() }), /^SignatureDoesNotMatch$/],
    ['Signature truncated', () => call({ ...base(), Signature: base().Signature!.slice(0, 10) }), /^SignatureDoesNotMatch$/],
    ['Signature empty', () => call({ ...base(), Signature: '' }), /^(SignatureDoesNotMatch|MissingSignature)$/],
    [
      'Signature = plain SHA-1 of the query (no key)',
      () => call({ ...base(), Signature: sha(rpcQueryString(base())) }),
      /^SignatureDoesNotMatch$/,
    ],
    [
      'SignatureMethod HMAC-SHA256 (re-signed with SHA-1)',
      () => call(resign({ ...base(), SignatureMethod: 'HMAC-SHA256' })),
      /^(SignatureDoesNotMatch|InvalidSignatureMethod|InvalidParameter)$/,
    ],
    [
      'SignatureVersion 2.0',
      () => call(resign({ ...base(), SignatureVersion: '2.0' })),
      /^(SignatureDoesNotMatch|InvalidSignatureVersion|InvalidParameter)$/,
    ],
    [
      'Title re-encoded with + instead of %20',
      () => {
        const p = signRpcParams({
          accessKeyId: AK,
          accessKeySecret: SK,
          action: 'CreateUploadVideo',
          params: { Title: 'a b', FileName: 'x.mp4' },
        });
        return call(p, rpcQueryString(p).replace('a%20b', 'a+b'));
      },
      /^SignatureDoesNotMatch$/,
    ],
    ['Action lower-cased after signing', () => call({ ...base(), Action: 'createuploadvideo' }), /^SignatureDoesNotMatch$/],
    ['SignatureNonce changed after signing', () => call({ ...base(), SignatureNonce: 'another-nonce' }), /^SignatureDoesNotMatch$/],
    [
      'Timestamp 16 minutes ahead',
      () =>
        call(
          signRpcParams({
            accessKeyId: AK,
            accessKeySecret: SK,
            action: 'CreateUploadVideo',
            params: { Title: 't', FileName: 'x.mp4' },
            now: Date.now() + 16 * 60000,
          }),
        ),
      /^InvalidTimeStamp\.Expired$/,
    ],
    ['Format changed to XML after signing', () => call({ ...base(), Format: 'XML' }), /^SignatureDoesNotMatch$/],
    ['another AccessKeyId, our signature', () => call({ ...base(), AccessKeyId: 'LTAIotherEXAMPLE' }), /^InvalidAccessKeyId\.NotFound$/],
    ['Signature with a trailing byte', () => call({ ...base(), Signature: base().Signature! + 'A' }), /^SignatureDoesNotMatch$/],
  ];
  test.each(cases)('%s → refused with the VOD code', async (_name, run, code) => {
    const r = await run();
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.code).toMatch(code);
  });

  test('with the existing suite, VOD has at least 20 tampering cases', () => {
    const existing = 15; // vod-aliyun.test.ts: 11 RPC table rows + nonce reuse + 2 STS token + Forbidden.RAM
    expect(existing + cases.length).toBeGreaterThanOrEqual(20);
  });
});
