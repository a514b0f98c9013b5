/**
 * The unmodified cos-wx-sdk-v5@1.8.0 signer (its public static
 * `COS.getAuthorization`, loaded through the package `main` on this test's
 * simulated phone) against the COS server's verifier: a third, independent
 * implementation of research §3.1.
 */
import { createHash } from 'node:crypto';
import { createCosServer, type CosServer } from '../../simulator/servers/cos';
import { DEFAULT_ACCOUNT } from '../../simulator/signing';
import { BUCKET, HOST, keyPath, listen, send, type Started } from './cos-helpers';

declare const wx: unknown;

let COS: { getAuthorization(o: Record<string, unknown>): string };
let cos: CosServer;
let s: Started;
beforeAll(async () => {
  expect(wx).toBeDefined();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  COS = require('cos-wx-sdk-v5');
  cos = createCosServer();
  s = await listen(cos);
});
afterAll(() => s.stop());

const sdkAuth = (o: Record<string, unknown>) =>
  COS.getAuthorization({ SecretId: DEFAULT_ACCOUNT.secretId, SecretKey: DEFAULT_ACCOUNT.secretKey, ...o });

describe('SDK-computed signatures verify', () => {
  it('PUT with content-length, meta, content-type (unsigned) and an odd key', async () => {
    const key = "相册/a b+(1)!*'.jpg";
    const headers = { Host: HOST, 'Content-Length': 4, 'Content-Type': 'image/jpeg', 'x-cos-meta-tag': 'v 1' };
    const auth = sdkAuth({ Method: 'PUT', Key: key, Headers: headers });
    // The static helper signs content-type too (only the request path strips it); the server verifies whatever is listed.
    expect(auth).toContain('q-header-list=content-length;content-type;host;x-cos-meta-tag');
    const r = await send(s.port, {
      method: 'PUT',
      path: keyPath(key),
      body: 'jpeg',
      headers: { authorization: auth, 'content-type': 'image/jpeg', 'x-cos-meta-tag': 'v 1' },
    });
    expect(r.status).toBe(200);
    expect(cos.store.head(BUCKET, key)?.headers['content-type']).toBe('image/jpeg');
  });

  it('UploadPart-shaped request (partNumber, uploadId params; content-md5)', async () => {
    const init = await send(s.port, {
      method: 'POST',
      path: '/v.mp4?uploads',
      headers: { authorization: sdkAuth({ Method: 'POST', Key: 'v.mp4', Query: { uploads: '' }, Headers: { Host: HOST } }) },
    });
    expect(init.status).toBe(200);
    const id = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)![1]!;
    const md5 = createHash('md5').update('part').digest('base64');
    const auth = sdkAuth({
      Method: 'PUT',
      Key: 'v.mp4',
      Query: { partNumber: 1, uploadId: id },
      Headers: { Host: HOST, 'Content-Length': 4, 'Content-MD5': md5 },
    });
    expect(auth).toContain('q-url-param-list=partnumber;uploadid');
    const r = await send(s.port, {
      method: 'PUT',
      path: `/v.mp4?partNumber=1&uploadId=${id}`,
      body: 'part',
      headers: { authorization: auth, 'content-md5': md5 },
    });
    expect(r.status).toBe(200);
    expect(r.headers.etag).toBeTruthy();
  });

  it('bucket-level GET ?uploads&prefix= and a Domain host with a port', async () => {
    const auth = sdkAuth({ Method: 'GET', Pathname: '/', Query: { uploads: '', prefix: 'a/b c' }, Headers: { Host: HOST } });
    expect((await send(s.port, { path: '/?uploads&prefix=a%2Fb%20c', headers: { authorization: auth } })).status).toBe(200);
    const domainHost = `${BUCKET}.cos.ap-beijing.sim.local:${s.port}`;
    const a2 = sdkAuth({ Method: 'GET', Pathname: '/', Headers: { Host: domainHost } });
    expect((await send(s.port, { host: domainHost, path: '/', headers: { authorization: a2 } })).status).toBe(200);
  });

  it('the postObject form Signature (post, /, host) and a tampered one', async () => {
    const sig = sdkAuth({ Method: 'POST', Pathname: '/', Headers: { Host: HOST } });
    const boundary = 'sdkboundary';
    const mk = (signature: string) =>
      Buffer.from(
        [
          `--${boundary}\r\nContent-Disposition: form-data; name="key"\r\n\r\nform.txt\r\n`,
          `--${boundary}\r\nContent-Disposition: form-data; name="success_action_status"\r\n\r\n200\r\n`,
          `--${boundary}\r\nContent-Disposition: form-data; name="Signature"\r\n\r\n${signature}\r\n`,
          `--${boundary}\r\nContent-Disposition: form-data; name="Content-Type"\r\n\r\n\r\n`,
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="form.txt"\r\nContent-Type: text/plain\r\n\r\nform body\r\n`,
          `--${boundary}--\r\n`,
        ].join(''),
      );
    const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    const ok = await send(s.port, { method: 'POST', path: '/', body: mk(sig), headers: { ...headers, authorization: sig } });
    expect(ok.status).toBe(200);
    expect(cos.store.head(BUCKET, 'form.txt')?.size).toBe(9);
    const bad = await send(s.port, {
      method: 'POST',
      path: '/',
      body: mk(sig.replace(/q-signature=(.)/, (_m, c: string) => `q-signature=${c === 'f' ? '0' : 'f'}`)),
      headers,
    });
    expect([bad.status, bad.text]).toEqual([403, expect.stringContaining('SignatureDoesNotMatch')]);
  });
});
