/**
 * COS object operations over real sockets: PUT/HEAD/GET/DELETE, metadata,
 * Range and conditionals, GET Bucket listing, hosts and buckets.
 */
import { createHash } from 'node:crypto';
import { COS_HOSTS, createCosServer, type CosServer } from '../../simulator/servers/cos';
import { APPID, BUCKET, HOST, keyPath, listen, send, sendSigned, type Started } from './cos-helpers';

const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
const md5b64 = (b: Buffer | string) => createHash('md5').update(b).digest('base64');

let cos: CosServer;
let s: Started;
beforeAll(async () => {
  cos = createCosServer();
  s = await listen(cos);
});
afterAll(() => s.stop());

const put = (key: string, body: Buffer | string, headers: Record<string, string> = {}) =>
  sendSigned(s.port, { method: 'PUT', path: keyPath(key), key, body, headers });
const get = (key: string, headers: Record<string, string> = {}, query = '') =>
  sendSigned(s.port, { path: keyPath(key) + query, key, headers, signHeaders: ['range', 'if-match', 'if-none-match'] });
const head = (key: string) => sendSigned(s.port, { method: 'HEAD', path: keyPath(key), key });

describe('PUT / HEAD / GET / DELETE Object', () => {
  it('stores bytes and metadata headers and returns them with the quoted MD5 ETag', async () => {
    const body = Buffer.from('hello, cos');
    const r = await put('docs/a.txt', body, {
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': 'attachment; filename="a.txt"',
      'content-encoding': 'identity',
      'cache-control': 'max-age=60',
      expires: 'Wed, 21 Oct 2037 07:28:00 GMT',
      'x-cos-meta-author': 'mpsim',
      'x-cos-storage-class': 'standard_ia',
      'x-cos-acl': 'public-read',
    });
    expect(r.status).toBe(200);
    expect(r.headers.etag).toBe(`"${md5(body)}"`);
    expect(r.headers['x-cos-request-id']).toBeTruthy();
    const h = await head('docs/a.txt');
    expect(h.status).toBe(200);
    expect(h.headers['content-length']).toBe(String(body.length));
    expect(h.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(h.headers['content-disposition']).toBe('attachment; filename="a.txt"');
    expect(h.headers['content-encoding']).toBe('identity');
    expect(h.headers['cache-control']).toBe('max-age=60');
    expect(h.headers.expires).toBe('Wed, 21 Oct 2037 07:28:00 GMT');
    expect(h.headers['x-cos-meta-author']).toBe('mpsim');
    expect(h.headers['x-cos-storage-class']).toBe('STANDARD_IA');
    expect(h.headers['x-cos-object-type']).toBe('normal');
    expect(h.headers.etag).toBe(`"${md5(body)}"`);
    expect(String(h.headers['access-control-expose-headers'])).toMatch(/x-cos-object-type/);
    expect(String(h.headers['access-control-expose-headers'])).toMatch(/x-cos-next-append-position/);
    const g = await get('docs/a.txt');
    expect(g.status).toBe(200);
    expect(g.body.equals(body)).toBe(true);
    expect(g.headers['last-modified']).toBeTruthy();
  });

  it('keeps arbitrary Unicode and reserved characters in keys, and folder keys ending in /', async () => {
    const key = "目录/a b+c!'()*&=?#.txt";
    expect((await put(key, 'x')).status).toBe(200);
    expect((await get(key)).text).toBe('x');
    expect((await put('folder/', '')).status).toBe(200);
    const h = await head('folder/');
    expect([h.status, h.headers['content-length']]).toEqual([200, '0']);
  });

  it('defaults Content-Type to application/octet-stream and replaces an object on re-PUT', async () => {
    await put('r.bin', 'one');
    await put('r.bin', 'second');
    const g = await get('r.bin');
    expect(g.text).toBe('second');
    expect(g.headers['content-type']).toBe('application/octet-stream');
  });

  it('checks Content-MD5 (BadDigest / InvalidDigest) and does not store a mismatching body', async () => {
    const bad = await put('md5.txt', 'abc', { 'content-md5': md5b64('abd') });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<Code>BadDigest</Code>');
    expect((await head('md5.txt')).status).toBe(404);
    const malformed = await put('md5.txt', 'abc', { 'content-md5': 'nope' });
    expect(malformed.text).toContain('<Code>InvalidDigest</Code>');
    const ok = await put('md5.txt', 'abc', { 'content-md5': md5b64('abc') });
    expect(ok.status).toBe(200);
  });

  it('range-checks storage class, ACL, traffic limit, key length and metadata size', async () => {
    for (const [h, code] of [
      [{ 'x-cos-storage-class': 'COLD' }, 'InvalidArgument'],
      [{ 'x-cos-acl': 'everyone' }, 'InvalidArgument'],
      [{ 'x-cos-traffic-limit': '100' }, 'InvalidArgument'],
      [{ 'x-cos-traffic-limit': '838860801' }, 'InvalidArgument'],
      [{ 'x-cos-traffic-limit': 'fast' }, 'InvalidArgument'],
      [{ 'x-cos-meta-big': 'x'.repeat(3000) }, 'MetadataTooLarge'],
    ] as [Record<string, string>, string][]) {
      const r = await put('bad.txt', 'x', h);
      expect([r.status, r.text.match(/<Code>(\w+)<\/Code>/)?.[1]]).toEqual([400, code]);
    }
    const viaQuery = await sendSigned(s.port, { method: 'PUT', path: '/bad.txt?x-cos-traffic-limit=1', key: 'bad.txt', body: 'x' });
    expect([viaQuery.status, viaQuery.text.includes('x-cos-traffic-limit')]).toEqual([400, true]);
    const long = await put('k'.repeat(851), 'x');
    expect(long.text).toContain('<Code>KeyTooLong</Code>');
    expect((await head('bad.txt')).status).toBe(404);
  });

  it('GET Range: 206 with Content-Range, suffix and open ranges, 416 InvalidRange', async () => {
    await put('range.txt', '0123456789');
    const a = await get('range.txt', { range: 'bytes=2-4' });
    expect([a.status, a.text, a.headers['content-range']]).toEqual([206, '234', 'bytes 2-4/10']);
    const b = await get('range.txt', { range: 'bytes=-3' });
    expect([b.status, b.text]).toEqual([206, '789']);
    const c = await get('range.txt', { range: 'bytes=7-' });
    expect([c.status, c.text]).toEqual([206, '789']);
    const d = await get('range.txt', { range: 'bytes=5-100' });
    expect([d.text, d.headers['content-range']]).toEqual(['56789', 'bytes 5-9/10']);
    const e = await get('range.txt', { range: 'bytes=10-' });
    expect(e.status).toBe(416);
    expect(e.text).toContain('<Code>InvalidRange</Code>');
  });

  it('conditional GET: If-None-Match → 304, If-Match mismatch → 412 PreconditionFailed', async () => {
    const p = await put('cond.txt', 'c');
    const nm = await get('cond.txt', { 'if-none-match': String(p.headers.etag) });
    expect(nm.status).toBe(304);
    const m = await get('cond.txt', { 'if-match': '"deadbeef"' });
    expect(m.status).toBe(412);
    expect(m.text).toContain('<Code>PreconditionFailed</Code>');
    expect((await get('cond.txt', { 'if-match': String(p.headers.etag) })).status).toBe(200);
  });

  it('response-* query parameters override headers on GET', async () => {
    await put('resp.txt', 'r');
    const g = await get('resp.txt', {}, '?response-content-disposition=inline&response-content-type=text%2Fx');
    expect(g.headers['content-type']).toBe('text/x');
    expect(g.headers['content-disposition']).toBe('inline');
  });

  it('404 NoSuchKey on GET (XML body) and HEAD (no body); DELETE is 204 and idempotent', async () => {
    const g = await get('missing');
    expect(g.status).toBe(404);
    expect(g.text).toContain('<Code>NoSuchKey</Code>');
    expect(g.text).toContain(`<Resource>${HOST}/missing</Resource>`);
    const h = await head('missing');
    expect([h.status, h.body.length]).toEqual([404, 0]);
    await put('del.txt', 'd');
    expect((await sendSigned(s.port, { method: 'DELETE', path: '/del.txt' })).status).toBe(204);
    expect((await head('del.txt')).status).toBe(404);
    expect((await sendSigned(s.port, { method: 'DELETE', path: '/del.txt' })).status).toBe(204);
  });

  it('unsupported methods → 405 MethodNotAllowed; OPTIONS answers CORS without auth', async () => {
    const r = await sendSigned(s.port, { method: 'POST', path: '/x.txt', body: '' });
    expect(r.status).toBe(405);
    expect(r.text).toContain('MethodNotAllowed');
    const o = await send(s.port, {
      method: 'OPTIONS',
      path: '/x.txt',
      headers: { origin: 'https://servicewechat.com', 'access-control-request-method': 'PUT' },
    });
    expect(o.status).toBe(200);
    expect(o.headers['access-control-allow-origin']).toBe('https://servicewechat.com');
    expect(o.headers['access-control-allow-methods']).toContain('PUT');
  });
});

describe('GET Bucket (list objects)', () => {
  let ls: CosServer;
  let l: Started;
  const lhost = `list-${APPID}.cos.ap-guangzhou.myqcloud.com`;
  const lput = (key: string) => sendSigned(l.port, { host: lhost, method: 'PUT', path: keyPath(key), key, body: key });
  const list = (q: string) => sendSigned(l.port, { host: lhost, path: '/' + q });
  beforeAll(async () => {
    ls = createCosServer();
    l = await listen(ls);
    for (const k of ['a/1.txt', 'a/2.txt', 'a/b/3.txt', 'b.txt', 'c/4.txt', 'c/5.txt', 'd 6.txt']) expect((await lput(k)).status).toBe(200);
  });
  afterAll(() => l.stop());

  it('lists everything in key order with sizes and ETags', async () => {
    const r = await list('');
    expect(r.status).toBe(200);
    expect(r.text.startsWith('<?xml')).toBe(true);
    const keys = [...r.text.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['a/1.txt', 'a/2.txt', 'a/b/3.txt', 'b.txt', 'c/4.txt', 'c/5.txt', 'd 6.txt']);
    expect(r.text).toContain(`<Name>list-${APPID}</Name>`);
    expect(r.text).toContain('<IsTruncated>false</IsTruncated>');
    expect(r.text).toContain('<Size>7</Size>');
    expect(r.text).toContain(`<ETag>&quot;${md5('b.txt')}&quot;</ETag>`);
  });

  it('prefix + delimiter give CommonPrefixes', async () => {
    const r = await list('?delimiter=%2F&prefix=');
    expect([...r.text.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1])).toEqual(['b.txt', 'd 6.txt']);
    expect([...r.text.matchAll(/<Prefix>([^<]*)<\/Prefix>/g)].map((m) => m[1])).toEqual(['', 'a/', 'c/']);
    const sub = await list('?delimiter=%2F&prefix=a%2F');
    expect([...sub.text.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1])).toEqual(['a/1.txt', 'a/2.txt']);
    expect(sub.text).toContain('<CommonPrefixes><Prefix>a/b/</Prefix></CommonPrefixes>');
  });

  it('max-keys pages with IsTruncated/NextMarker, and marker resumes', async () => {
    const seen: string[] = [];
    let marker = '';
    for (let i = 0; i < 10; i++) {
      const r = await list(`?max-keys=3${marker ? `&marker=${encodeURIComponent(marker)}` : ''}`);
      seen.push(...[...r.text.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]!));
      if (r.text.includes('<IsTruncated>false</IsTruncated>')) break;
      marker = /<NextMarker>([^<]*)<\/NextMarker>/.exec(r.text)![1]!;
    }
    expect(seen).toEqual(['a/1.txt', 'a/2.txt', 'a/b/3.txt', 'b.txt', 'c/4.txt', 'c/5.txt', 'd 6.txt']);
  });

  it('encoding-type=url encodes keys; bad max-keys / encoding-type → 400 InvalidArgument', async () => {
    const r = await list('?encoding-type=url&prefix=d');
    expect(r.text).toContain('<Key>d%206.txt</Key>');
    expect(r.text).toContain('<EncodingType>url</EncodingType>');
    expect((await list('?max-keys=abc')).text).toContain('InvalidArgument');
    expect((await list('?max-keys=1001')).status).toBe(400);
    expect((await list('?encoding-type=base64')).status).toBe(400);
  });
});

describe('hosts and buckets', () => {
  it('answers the documented host patterns', () => {
    expect(cos.hosts).toEqual(
      expect.arrayContaining(['*.cos.*.myqcloud.com', '*.cos.accelerate.myqcloud.com', '*.cn-south.myqcloud.com', '*.sg.myqcloud.com']),
    );
    expect(COS_HOSTS).toContain('*.cn-southwest.myqcloud.com');
  });

  it.each([
    `${BUCKET}.cos.accelerate.myqcloud.com`,
    `${BUCKET}.cn-south.myqcloud.com`,
    `${BUCKET}.cos.COS_REGION.myqcloud.com`,
    `${BUCKET}.cos.ap-beijing.sim.local:8443`,
  ])('host %s addresses the bucket in its first label', async (host) => {
    const key = `hosts/${host}`;
    expect((await sendSigned(s.port, { host, method: 'PUT', path: keyPath(key), key, body: 'h' })).status).toBe(200);
    // Same bucket through the canonical host.
    expect((await get(key)).text).toBe('h');
  });

  it('a plain host:port (SDK Domain) uses defaultBucket; Vod-Forward-Cos names the bucket and the signed host', async () => {
    const plain = `127.0.0.1:${s.port}`;
    expect((await sendSigned(s.port, { host: plain, method: 'PUT', path: '/p.txt', body: 'p' })).status).toBe(200);
    expect(cos.store.head(`mpsim-${APPID}`, 'p.txt')?.size).toBe(1);
    // VOD: the request goes to vod2.qcloud.com but is signed for the forwarded COS host.
    const fwd = `vodbucket-${APPID}.cos.ap-guangzhou.myqcloud.com`;
    const auth = await import('../../simulator/signing').then((m) =>
      m.signRequest({
        secretId: m.DEFAULT_ACCOUNT.secretId,
        secretKey: m.DEFAULT_ACCOUNT.secretKey,
        method: 'PUT',
        pathname: '/vod/v.mp4',
        headers: { host: fwd, 'content-length': 1 },
      }),
    );
    const r = await send(s.port, {
      host: 'vod2.qcloud.com',
      method: 'PUT',
      path: '/vod/v.mp4',
      body: 'v',
      headers: { 'vod-forward-cos': fwd, authorization: auth },
    });
    expect(r.status).toBe(200);
    expect(cos.store.head(`vodbucket-${APPID}`, 'vod/v.mp4')?.size).toBe(1);
  });

  it('an invalid bucket name → 400 InvalidBucketName', async () => {
    const bad = createCosServer({ defaultBucket: 'no_appid' });
    const b = await listen(bad);
    try {
      const rr = await sendSigned(b.port, { host: `127.0.0.1:${b.port}`, path: '/x' });
      expect([rr.status, rr.text.includes('InvalidBucketName')]).toEqual([400, true]);
    } finally {
      await b.stop();
    }
  });

  it('strict mode: NoSuchBucket until PUT Bucket creates it; a second PUT Bucket → 409', async () => {
    const strict = createCosServer({ strictBuckets: true });
    const st = await listen(strict);
    try {
      const r = await sendSigned(st.port, { method: 'PUT', path: '/k', body: 'x' });
      expect([r.status, r.text.includes('<Code>NoSuchBucket</Code>')]).toEqual([404, true]);
      expect((await sendSigned(st.port, { method: 'HEAD', path: '/' })).status).toBe(404);
      expect((await sendSigned(st.port, { method: 'PUT', path: '/' })).status).toBe(200);
      expect((await sendSigned(st.port, { method: 'HEAD', path: '/' })).status).toBe(200);
      expect((await sendSigned(st.port, { method: 'PUT', path: '/', headers: {} })).status).toBe(409);
      expect((await sendSigned(st.port, { method: 'PUT', path: '/k', body: 'x' })).status).toBe(200);
      strict.createBucket(`second-${APPID}`);
      expect(strict.store.hasBucket(`second-${APPID}`)).toBe(true);
      expect(() => strict.createBucket('nope')).toThrow(TypeError);
    } finally {
      await st.stop();
    }
  });
});
