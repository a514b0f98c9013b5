/**
 * The app server: STS issuing and request signing for the default account,
 * verified end to end against the COS server, plus bad input.
 */
import { createAppServer, type AppServer } from '../../simulator/servers/appserver';
import { createCosServer, type CosServer } from '../../simulator/servers/cos';
import { createCredentialAuthority } from '../../simulator/signing';
import { HOST, listen, send, type Started } from './cos-helpers';

const APP_HOST = 'appserver.mpsim.test';
let skew = 0;
const clock = () => Date.now() + skew;
const authority = createCredentialAuthority({ clock });
let cos: CosServer;
let app: AppServer;
let c: Started;
let a: Started;
beforeAll(async () => {
  cos = createCosServer({ authority, clock });
  app = createAppServer({ authority, stsDurationSeconds: 600 });
  c = await listen(cos);
  a = await listen(app);
});
afterAll(async () => {
  await a.stop();
  await c.stop();
});
afterEach(() => {
  skew = 0;
});

const call = (method: string, path: string, body?: unknown) =>
  send(a.port, {
    host: APP_HOST,
    method,
    path,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  });

describe('GET /cos/sts', () => {
  it('returns the getAuthorization shape with 10-digit times and the configured duration', async () => {
    const r = await call('GET', '/cos/sts');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/application\/json/);
    const j = JSON.parse(r.text);
    expect(Object.keys(j).sort()).toEqual(['credentials', 'expiredTime', 'startTime']);
    expect(Object.keys(j.credentials).sort()).toEqual(['sessionToken', 'tmpSecretId', 'tmpSecretKey']);
    expect(String(j.startTime)).toMatch(/^\d{10}$/);
    expect(j.expiredTime - j.startTime).toBe(600);
    expect(Math.abs(j.startTime - Date.now() / 1000)).toBeLessThan(5);
    expect(app.hosts).toEqual([APP_HOST]);
  });

  it('follows the shared clock and a ?duration= query; rejects a bad duration', async () => {
    skew = 86_400_000;
    const j = JSON.parse((await call('GET', '/cos/sts?duration=60')).text);
    expect(j.expiredTime - j.startTime).toBe(60);
    expect(Math.abs(j.startTime - (Date.now() + skew) / 1000)).toBeLessThan(5);
    for (const d of ['0', '43201', 'x']) expect((await call('GET', `/cos/sts?duration=${d}`)).status).toBe(400);
    expect((await call('POST', '/cos/sts')).status).toBe(405);
  });

  it('issued keys work on the COS server with their token', async () => {
    const j = JSON.parse((await call('GET', '/cos/sts')).text);
    const sign = await call('POST', '/cos/sign', { method: 'GET', key: 'x' });
    expect(sign.status).toBe(200);
    const { signRequest } = await import('../../simulator/signing');
    const auth = signRequest({
      secretId: j.credentials.tmpSecretId,
      secretKey: j.credentials.tmpSecretKey,
      method: 'PUT',
      pathname: '/sts.txt',
      headers: { host: HOST },
      startTime: j.startTime,
      endTime: j.expiredTime,
    });
    const put = await send(c.port, {
      method: 'PUT',
      path: '/sts.txt',
      body: 'via sts',
      headers: { authorization: auth, 'x-cos-security-token': j.credentials.sessionToken },
    });
    expect(put.status).toBe(200);
  });
});

describe('POST /cos/sign', () => {
  it('signs for the default account; the COS server accepts the Authorization', async () => {
    const r = await call('POST', '/cos/sign', {
      method: 'PUT',
      key: 'signed/one.txt',
      headers: { Host: HOST, 'Content-Length': 3, 'x-cos-meta-a': 'b' },
    });
    expect(r.status).toBe(200);
    const j = JSON.parse(r.text);
    expect(j.securityToken).toBeUndefined();
    expect(j.authorization).toMatch(/^q-sign-algorithm=sha1&q-ak=AKIDmpsimEXAMPLE&/);
    expect(j.authorization).toContain('q-header-list=content-length;host;x-cos-meta-a');
    const put = await send(c.port, {
      method: 'PUT',
      path: '/signed/one.txt',
      body: 'abc',
      headers: { authorization: j.authorization, 'x-cos-meta-a': 'b' },
    });
    expect(put.status).toBe(200);
    // The same Authorization with a different meta value is refused.
    const bad = await send(c.port, {
      method: 'PUT',
      path: '/signed/one.txt',
      body: 'abc',
      headers: { authorization: j.authorization, 'x-cos-meta-a': 'c' },
    });
    expect(bad.status).toBe(403);
  });

  it('accepts pathname and query, and bucket+region instead of a Host header', async () => {
    const bucket = HOST.split('.')[0]!;
    const r = await call('POST', '/cos/sign', {
      method: 'get',
      pathname: '/',
      query: { uploads: '', prefix: 'a/b' },
      bucket,
      region: 'ap-beijing',
    });
    const j = JSON.parse(r.text);
    expect(j.authorization).toContain('q-url-param-list=prefix;uploads');
    const list = await send(c.port, { path: '/?uploads&prefix=a%2Fb', headers: { authorization: j.authorization } });
    expect(list.status).toBe(200);
  });

  it('signWithSts returns a securityToken that must accompany the Authorization', async () => {
    const sts = createAppServer({ authority, signWithSts: true });
    const s2 = await listen(sts);
    try {
      const r = await send(s2.port, {
        host: APP_HOST,
        method: 'POST',
        path: '/cos/sign',
        body: JSON.stringify({ method: 'GET', key: 'signed/one.txt', headers: { host: HOST } }),
      });
      const j = JSON.parse(r.text);
      expect(typeof j.securityToken).toBe('string');
      const ok = await send(c.port, {
        path: '/signed/one.txt',
        headers: { authorization: j.authorization, 'x-cos-security-token': j.securityToken },
      });
      expect([ok.status, ok.text]).toEqual([200, 'abc']);
      const without = await send(c.port, { path: '/signed/one.txt', headers: { authorization: j.authorization } });
      expect(without.status).toBe(403);
    } finally {
      await s2.stop();
    }
  });

  it.each([
    ['not JSON', 'method=GET'],
    ['not an object', [1, 2]],
    ['no method', { key: 'k' }],
    ['bad method', { method: 'PATCH', key: 'k' }],
    ['no key or pathname', { method: 'GET' }],
    ['headers not an object', { method: 'GET', key: 'k', headers: 'host: x' }],
    ['header value an object', { method: 'GET', key: 'k', headers: { host: { a: 1 } } }],
    ['query not an object', { method: 'GET', key: 'k', query: ['uploads'] }],
  ])('400 for %s', async (_n, body) => {
    const r = await call('POST', '/cos/sign', body);
    expect(r.status).toBe(400);
    expect(typeof JSON.parse(r.text).error).toBe('string');
  });

  it('GET /cos/sign → 405, unknown route → 404, and the calls are counted', async () => {
    expect((await call('GET', '/cos/sign')).status).toBe(405);
    expect((await call('GET', '/nope')).status).toBe(404);
    expect(app.calls['GET /nope']).toBe(1);
    expect(app.calls['GET /cos/sts']).toBeGreaterThan(0);
  });
});
