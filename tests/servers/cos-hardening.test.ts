/**
 * Issue 13, servers: what hostile testing broke in the COS (and OSS) servers.
 * Real sockets, real files; fds counted through /proc/self/fd.
 */
import { Readable } from 'node:stream';
import { createCosServer, type CosServer } from '../../simulator/servers/cos';
import { createOssServer, type OssServer } from '../../simulator/servers/oss';
import { DEFAULT_ACCOUNT, signRequest } from '../../simulator/signing';
import { openFds, settledFds } from '../helpers/reliability';
import { BUCKET, HOST, listen, send, sendSigned, type Started } from './cos-helpers';
import * as ossh from './oss-helpers';

const codeOf = (xml: string) => /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];

/** A q-sign Authorization that signs no header at all (q-header-list empty: no host), as cos-wx-sdk-v5 < 1.1.2 sends. */
function sendUnsignedHost(port: number, method: string, key: string, body?: string) {
  const authorization = signRequest({
    secretId: DEFAULT_ACCOUNT.secretId,
    secretKey: DEFAULT_ACCOUNT.secretKey,
    method,
    pathname: '/' + key,
    headers: {},
  });
  expect(authorization).toContain('q-header-list=&');
  return send(port, { method, path: '/' + key, body, headers: { authorization } });
}

function form(fields: [string, string][], file: { filename: string; data: Buffer }) {
  const boundary = '----mpsimHardening' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of fields) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('COS', () => {
  let cos: CosServer;
  let s: Started;
  beforeAll(async () => {
    cos = createCosServer();
    s = await listen(cos);
  });
  afterAll(() => s.stop());

  test('item 14: HEAD Bucket as the very first request answers 200 (default buckets exist on first use)', async () => {
    const r = await sendSigned(s.port, { method: 'HEAD', path: '/' });
    expect(r.status).toBe(200);
  });

  test('item 10: GetObject with a response-* override holding CR/LF or non-Latin-1 → 400 InvalidArgument, and no fd leaks', async () => {
    expect((await sendSigned(s.port, { method: 'PUT', path: '/r.txt', body: 'hello' })).status).toBe(200);
    const before = openFds();
    const bad = ['text/plain\r\nX-Evil: 1', 'text/\u4e2d\u6587', 'a\nb', 'x\u0000y'];
    for (let i = 0; i < 60; i++) {
      for (const name of ['response-content-type', 'response-content-disposition', 'response-cache-control']) {
        const v = bad[i % bad.length];
        const r = await sendSigned(s.port, { path: `/r.txt?${name}=${encodeURIComponent(v)}` });
        expect([r.status, codeOf(r.text)]).toEqual([400, 'InvalidArgument']);
        expect(r.headers['x-evil']).toBeUndefined();
      }
    }
    // 180 refused requests: the data file's fd was never opened for them
    expect(await settledFds(before, 4)).toBeLessThanOrEqual(before + 4);
    // a fit override still works
    const ok = await sendSigned(s.port, { path: `/r.txt?response-content-type=${encodeURIComponent('text/x-mpsim')}` });
    expect([ok.status, ok.headers['content-type'], ok.text]).toEqual([200, 'text/x-mpsim', 'hello']);
  });

  test('item 11: PostObject with success_action_redirect holding CR/LF answers 400 and stores nothing', async () => {
    const sig = signRequest({
      secretId: DEFAULT_ACCOUNT.secretId,
      secretKey: DEFAULT_ACCOUNT.secretKey,
      method: 'post',
      pathname: '/',
      headers: { host: HOST },
    });
    for (const redirect of ['https://example.com/\r\nSet-Cookie: a=1', 'https://example.com/\u4e2d']) {
      const f = form(
        [
          ['key', 'post/redir.bin'],
          ['success_action_redirect', redirect],
          ['Signature', sig],
        ],
        { filename: 'a.bin', data: Buffer.from('posted') },
      );
      const r = await send(s.port, { method: 'POST', path: '/', body: f.body, headers: { 'content-type': f.contentType } });
      expect([r.status, codeOf(r.text)]).toEqual([400, 'InvalidArgument']);
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    expect(cos.store.head(BUCKET, 'post/redir.bin')).toBeUndefined();
  });

  test('item 12: CompleteMultipartUpload with a body over 4 MiB answers 400 EntityTooLarge (declared and chunked), never a reset', async () => {
    const init = await sendSigned(s.port, { method: 'POST', path: '/big-complete?uploads' });
    const id = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)![1];
    const big = Buffer.alloc(4 * 1024 * 1024 + 1, 0x20);
    const declared = await sendSigned(s.port, { method: 'POST', path: `/big-complete?uploadId=${id}`, body: big });
    expect([declared.status, codeOf(declared.text)]).toEqual([400, 'EntityTooLarge']);
    const chunked = await sendSigned(s.port, {
      method: 'POST',
      path: `/big-complete?uploadId=${id}`,
      body: Readable.from(
        (function* () {
          for (let i = 0; i < 6; i++) yield Buffer.alloc(1024 * 1024, 0x20);
        })(),
      ),
      headers: { 'transfer-encoding': 'chunked' },
      signHeaders: ['host'],
    });
    expect([chunked.status, codeOf(chunked.text)]).toEqual([400, 'EntityTooLarge']);
    // the upload is still there
    expect((await sendSigned(s.port, { path: `/big-complete?uploadId=${id}` })).status).toBe(200);
  });

  test('item 13: max-keys=0 lists nothing and is not truncated', async () => {
    await sendSigned(s.port, { method: 'PUT', path: '/list/a', body: 'a' });
    const r = await sendSigned(s.port, { path: '/?max-keys=0&prefix=list/' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('<IsTruncated>false</IsTruncated>');
    expect(r.text).not.toContain('<NextMarker>');
    expect(r.text).not.toContain('<Contents>');
    const one = await sendSigned(s.port, { path: '/?max-keys=1' });
    expect(one.text).toContain('<IsTruncated>true</IsTruncated>');
    expect(one.text).toMatch(/<NextMarker>[^<]+<\/NextMarker>/);
  });

  test('item 15: a signature whose q-header-list lacks host is accepted by default', async () => {
    const r = await sendUnsignedHost(s.port, 'PUT', 'nohost.txt', 'x');
    expect(r.status).toBe(200);
    expect((await sendUnsignedHost(s.port, 'GET', 'nohost.txt')).text).toBe('x');
  });

  test('item 16: unsupported sub-resources answer 501 NotImplemented and change nothing', async () => {
    expect((await sendSigned(s.port, { method: 'PUT', path: '/keep.txt', body: 'original' })).status).toBe(200);
    const cases: Array<{ method: string; path: string; body?: string }> = [
      // (?acl, ?tagging, ?cors, ?delete and ?versions are implemented: tests/servers/cos-subresources.test.ts)
      { method: 'PUT', path: '/keep.txt?retention', body: '' },
      { method: 'PUT', path: '/?policy', body: '{}' },
      { method: 'GET', path: '/keep.txt?versionId=abc' },
      { method: 'PUT', path: '/?website', body: '<WebsiteConfiguration/>' },
      { method: 'PUT', path: '/?versioning', body: '<VersioningConfiguration/>' },
      { method: 'PUT', path: '/keep.txt?acl&versionId=abc', body: '' },
      { method: 'POST', path: '/keep.txt?restore', body: '<RestoreRequest/>' },
      { method: 'GET', path: '/?lifecycle' },
      { method: 'GET', path: '/?accelerate' },
    ];
    for (const c of cases) {
      const r = await sendSigned(s.port, { method: c.method, path: c.path, body: c.body });
      expect([c.method, c.path, r.status, codeOf(r.text)]).toEqual([c.method, c.path, 501, 'NotImplemented']);
    }
    const after = await sendSigned(s.port, { path: '/keep.txt' });
    expect([after.status, after.text]).toEqual([200, 'original']);
  });
});

describe('COS requireSignedHost: true (the option kept)', () => {
  let s: Started;
  beforeAll(async () => {
    s = await listen(createCosServer({ requireSignedHost: true }));
  });
  afterAll(() => s.stop());
  test('item 15: refuses a signature without host, accepts one with it', async () => {
    const r = await sendUnsignedHost(s.port, 'PUT', 'nohost.txt', 'x');
    expect([r.status, codeOf(r.text)]).toEqual([403, 'AccessDenied']);
    expect((await sendSigned(s.port, { method: 'PUT', path: '/host.txt', body: 'x' })).status).toBe(200);
  });
});

describe('OSS (shares the PostObject path)', () => {
  let oss: OssServer;
  let s: Started;
  const clock = ossh.testClock();
  beforeAll(async () => {
    oss = createOssServer({ clock: clock.fn });
    s = await listen(oss);
  });
  afterAll(() => s.stop());
  test('item 11: success_action_redirect with CR/LF → 400 InvalidArgument, nothing stored', async () => {
    const { policy, signature } = ossh.policyFor(ossh.SK, ossh.T0 + 60000, [['content-length-range', 0, 1048576000]]);
    const f: [string, string][] = [
      ['key', 'p/redir.bin'],
      ['policy', policy],
      ['OSSAccessKeyId', ossh.AK],
      ['Signature', signature],
      ['success_action_redirect', 'https://example.com/\r\nX-Evil: 1'],
    ];
    const r = await ossh.postForm(s.port, f, Buffer.from('x'));
    expect([r.status, ossh.errorOf(r.text).Code]).toEqual([400, 'InvalidArgument']);
    expect(oss.store.head(ossh.BUCKET, 'p/redir.bin')).toBeUndefined();
  });
});

describe('item 12 over the phone (undici, TLS, routed host)', () => {
  const host = `${BUCKET}.cos.ap-guangzhou.myqcloud.com`;
  const signed = (method: string, key: string, query: Record<string, string> = {}) =>
    signRequest({
      secretId: DEFAULT_ACCOUNT.secretId,
      secretKey: DEFAULT_ACCOUNT.secretKey,
      method,
      pathname: '/' + key,
      query,
      headers: { host },
    });
  const wxReq = (o: Record<string, unknown>): Promise<any> =>
    new Promise((resolve) => (globalThis as any).wx.request({ ...o, dataType: 'text', success: resolve, fail: resolve }));

  test('a 5 MiB CompleteMultipartUpload body gets 400 EntityTooLarge, not ERR_CONNECTION_RESET', async () => {
    const init = await wxReq({
      url: `https://${host}/phone-big?uploads`,
      method: 'POST',
      header: { authorization: signed('POST', 'phone-big', { uploads: '' }) },
    });
    const id = /<UploadId>([^<]+)<\/UploadId>/.exec(init.data)![1];
    for (let i = 0; i < 3; i++) {
      const r = await wxReq({
        url: `https://${host}/phone-big?uploadId=${id}`,
        method: 'POST',
        header: { authorization: signed('POST', 'phone-big', { uploadId: id }) },
        data: new ArrayBuffer(5 * 1024 * 1024),
      });
      expect([r.errMsg, r.statusCode, codeOf(String(r.data))]).toEqual(['request:ok', 400, 'EntityTooLarge']);
    }
  });
});
