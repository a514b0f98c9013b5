/**
 * wx.request over real HTTPS to the local cloud: serialisation, verbatim URLs,
 * dataType/responseType, redirects, chunks, headers, abort, WeChat rules.
 */
import { call, md5, server, sleep } from './helpers';

declare const wx: any;
declare const mpsim: any;

const ECHO = 'https://echo.mpsim.test';

afterEach(() => mpsim.network.reset());

describe('data serialisation', () => {
  test('GET object → query string appended, no body', async () => {
    const { ok, res } = await call('request', { url: `${ECHO}/anything?x=1`, data: { a: 'b c', 'k&': '中' } });
    expect(ok).toBe(true);
    expect(res.errMsg).toBe('request:ok');
    expect(res.data.rawQuery).toBe(`x=1&a=b%20c&k%26=${encodeURIComponent('中')}`);
    expect(res.data.bodySize).toBe(0);
  });

  test('POST object → JSON with default content-type application/json', async () => {
    const { res } = await call('request', { url: `${ECHO}/anything`, method: 'POST', data: { a: 1, b: [true] } });
    const body = Buffer.from(JSON.stringify({ a: 1, b: [true] }));
    expect(res.data.headers['content-type']).toBe('application/json');
    expect(res.data.bodySize).toBe(body.length);
    expect(res.data.md5).toBe(md5(body));
  });

  test('POST object with urlencoded content-type (any case) → form body', async () => {
    const { res } = await call('request', {
      url: `${ECHO}/anything`,
      method: 'POST',
      header: { 'Content-Type': 'application/x-www-form-urlencoded' },
      data: { a: 'x y', b: 2 },
    });
    const body = Buffer.from('a=x%20y&b=2');
    expect(res.data.md5).toBe(md5(body));
    expect(res.data.headers['content-length']).toBe(String(body.length));
  });

  test('ArrayBuffer sent raw with exact Content-Length; string as is', async () => {
    const bytes = new Uint8Array(70000).map((_, i) => (i * 7) % 256);
    const { res } = await call('request', { url: `${ECHO}/anything`, method: 'PUT', data: bytes.buffer });
    expect(res.data.headers['content-length']).toBe('70000');
    expect(res.data.md5).toBe(md5(bytes));
    const s = await call('request', {
      url: `${ECHO}/anything`,
      method: 'POST',
      data: '<xml>é</xml>',
      header: { 'content-type': 'application/xml' },
    });
    expect(s.res.data.md5).toBe(md5(Buffer.from('<xml>é</xml>')));
    expect(s.res.data.headers['content-type']).toBe('application/xml');
  });

  test('ArrayBuffer data changed while the request waits: sent as changed by default, as at the start with snapshotRequestData', async () => {
    const send = async () => {
      const bytes = new Uint8Array(1000).fill(1);
      const done = call('request', { url: `${ECHO}/anything`, method: 'PUT', data: bytes.buffer });
      await sleep(20); // the task has started and waits on the latency below
      bytes.fill(2);
      return (await done).res.data.md5;
    };
    mpsim.network.latency(100, { host: 'echo.mpsim.test' });
    expect(await send()).toBe(md5(new Uint8Array(1000).fill(2)));
    mpsim.network.rules({ snapshotRequestData: true });
    expect(await send()).toBe(md5(new Uint8Array(1000).fill(1)));
  });

  test('data undefined → no body (Content-Length 0 or absent)', async () => {
    const { res } = await call('request', { url: `${ECHO}/anything`, method: 'DELETE' });
    expect(res.data.bodySize).toBe(0);
    expect(['0', undefined]).toContain(res.data.headers['content-length']);
  });

  test('non-ASCII URL characters are UTF-8 percent-encoded, the rest kept', async () => {
    const { res } = await call('request', { url: `${ECHO}/anything/中?q=é&r=%2F` });
    expect(res.data.path).toBe('/anything/%E4%B8%AD');
    expect(res.data.rawQuery).toBe('q=%C3%A9&r=%2F');
  });

  test('the URL query is sent verbatim (never re-encoded)', async () => {
    const q = "uploads&prefix=a%2Fb&x=%21'()*&sp=%20+&empty=";
    const { res } = await call('request', { url: `${ECHO}/anything/k%2Fey?${q}`, method: 'GET' });
    expect(res.data.rawQuery).toBe(q);
    expect(res.data.path).toBe('/anything/k%2Fey');
  });
});

describe('response', () => {
  test('dataType json parses; other → string; unparsable json → raw string', async () => {
    const a = await call('request', { url: `${ECHO}/anything` });
    expect(typeof a.res.data).toBe('object');
    expect(a.res.data).toBeInstanceOf(Object); // test-realm object
    const b = await call('request', { url: `${ECHO}/anything`, dataType: 'text' });
    expect(typeof b.res.data).toBe('string');
    const c = await call('request', { url: `${ECHO}/status/418` });
    expect(c.res.data).toBe('status 418');
    expect(c.res.statusCode).toBe(418);
  });

  test('responseType arraybuffer → ArrayBuffer of the test realm with the exact bytes', async () => {
    const { res } = await call('request', { url: `${ECHO}/bytes/1000`, responseType: 'arraybuffer' });
    expect(res.data).toBeInstanceOf(ArrayBuffer);
    const u = new Uint8Array(res.data);
    expect(u.length).toBe(1000);
    expect(u[300]).toBe(300 % 251);
  });

  test('lower-case method is upper-cased; an unknown responseType gives text', async () => {
    const { res } = await call('request', { url: `${ECHO}/anything`, method: 'post', data: 'x', responseType: 'json' });
    expect(res.data.method).toBe('POST');
    expect(res.data.bodySize).toBe(1);
  });

  test('one leading BOM stripped; header is a plain object; cookies listed', async () => {
    mpsim.network.route(
      'bom.mpsim.test',
      server('bom', [], (_req, res) => {
        res.setHeader('Set-Cookie', ['a=1', 'b=2']);
        res.setHeader('X-Custom', 'yes');
        res.end('\uFEFF\uFEFF{"x":1}');
      }),
    );
    const { res } = await call('request', { url: 'https://bom.mpsim.test/', dataType: 'text' });
    expect(res.data).toBe('\uFEFF{"x":1}');
    expect(Object.getPrototypeOf(res.header)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(res.header, 'X-Custom')).toBe(true);
    expect(res.cookies).toEqual(['a=1', 'b=2']);
  });

  test('json dataType: every JSON value form parses (blank-led too); bodies that cannot be JSON stay strings', async () => {
    const bodies: Record<string, string> = {
      obj: ' \r\n\t{"a":1}',
      arr: '[1,2]',
      str: '"s"',
      neg: '-1.5',
      num: '42',
      t: 'true',
      f: 'false',
      n: 'null',
      html: '<html>502</html>',
      bin: '\u0000\u0001',
      word: 'tru',
      empty: '',
      blank: '  ',
    };
    mpsim.network.route(
      'json.mpsim.test',
      server('json', [], (req, res) => res.end(bodies[String(req.url).slice(1)])),
    );
    const got: Record<string, unknown> = {};
    for (const k of Object.keys(bodies)) got[k] = (await call('request', { url: `https://json.mpsim.test/${k}` })).res.data;
    expect(got).toEqual({
      obj: { a: 1 },
      arr: [1, 2],
      str: 's',
      neg: -1.5,
      num: 42,
      t: true,
      f: false,
      n: null,
      html: '<html>502</html>',
      bin: '\u0000\u0001',
      word: 'tru',
      empty: '',
      blank: '  ',
    });
    expect(got.arr).toBeInstanceOf(Array); // test realm
  });

  test('header: repeated names joined with ", " under the first spelling; a `__proto__` header is an own property', async () => {
    mpsim.network.route(
      'hdr.mpsim.test',
      server('hdr', [], (_req, res) => {
        res.writeHead(200, ['X-Twice', 'a', 'x-twice', 'b', '__proto__', 'p', 'Set-Cookie', 'c=1']);
        res.end('{}');
      }),
    );
    const { res } = await call('request', { url: 'https://hdr.mpsim.test/' });
    expect(res.header['X-Twice']).toBe('a, b');
    expect(Object.prototype.hasOwnProperty.call(res.header, 'x-twice')).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(res.header, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(res.header)).toBe(Object.prototype);
    expect(res.header.__proto__).toBe('p');
    expect(res.cookies).toBeInstanceOf(Array);
    expect(res.cookies).toEqual(['c=1']);
  });

  test('redirect follow vs manual', async () => {
    const target = encodeURIComponent(`${ECHO}/anything?from=redirect`);
    const f = await call('request', { url: `${ECHO}/redirect-to?url=${target}` });
    expect(f.res.statusCode).toBe(200);
    expect(f.res.data.rawQuery).toBe('from=redirect');
    const heads: any[] = [];
    const m = await call('request', { url: `${ECHO}/redirect-to?url=${target}`, redirect: 'manual' }, (t) =>
      t.onHeadersReceived((h: any) => heads.push(h)),
    );
    expect(m.res.statusCode).toBe(302);
    expect(m.res.header.Location).toBe(`${ECHO}/anything?from=redirect`);
    expect(heads[0].statusCode).toBe(302);
    expect(mpsim.network.servers.echo.log.filter((r: any) => r.path === '/anything?from=redirect').length).toBe(1);
  });

  test('enableChunked: onChunkReceived gets ArrayBuffers adding up to the body', async () => {
    const chunks: ArrayBuffer[] = [];
    const { res } = await call('request', { url: `${ECHO}/chunked/5`, enableChunked: true, responseType: 'arraybuffer' }, (t) =>
      t.onChunkReceived((c: any) => chunks.push(c.data)),
    );
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks[0]).toBeInstanceOf(ArrayBuffer);
    expect(chunks.reduce((n, c) => n + c.byteLength, 0)).toBe(5 * 1024);
    expect(res.data.byteLength).toBe(5 * 1024);
  });

  test('onHeadersReceived fires before success with header, statusCode, cookies; offHeadersReceived() removes all', async () => {
    const order: string[] = [];
    const removed = jest.fn();
    await new Promise<void>((resolve) => {
      const task = wx.request({ url: `${ECHO}/status/201`, success: () => order.push('success'), complete: () => resolve() });
      task.onHeadersReceived(removed);
      task.offHeadersReceived();
      task.onHeadersReceived((h: any) => {
        order.push('headers');
        expect(h.statusCode).toBe(201);
        expect(Array.isArray(h.cookies)).toBe(true);
        expect(typeof h.header).toBe('object');
      });
    });
    expect(order).toEqual(['headers', 'success']);
    expect(removed).not.toHaveBeenCalled();
  });
});

describe('task control and rules', () => {
  test('abort → request:fail abort, no success', async () => {
    const { ok, res } = await call('request', { url: `${ECHO}/delay/5000` }, (t) => setTimeout(() => t.abort(), 100));
    expect(ok).toBe(false);
    expect(res.errMsg).toBe('request:fail abort');
    const rec = mpsim.network.requests[mpsim.network.requests.length - 1];
    expect(rec.error).toBe('abort');
    expect(rec.endedAt).toBeGreaterThanOrEqual(rec.startedAt);
  });

  test('per-call timeout → request:fail timeout (configurable text)', async () => {
    const a = await call('request', { url: `${ECHO}/delay/3000`, timeout: 200 });
    expect(a.res.errMsg).toBe('request:fail timeout');
    mpsim.network.rules({ messages: { timeout: 'time out' } });
    const b = await call('request', { url: `${ECHO}/delay/3000`, timeout: 200 });
    expect(b.res.errMsg).toBe('request:fail time out');
  });

  test('unrouted host fails naming the host, nothing dialled', async () => {
    const { ok, res } = await call('request', { url: 'https://api.example.com/x' });
    expect(ok).toBe(false);
    expect(res.errMsg).toMatch(/^request:fail .*api\.example\.com/);
  });

  test('http:// refused unless httpsOnly is off (then plain HTTP to the Cloud)', async () => {
    const a = await call('request', { url: 'http://echo.mpsim.test/anything' });
    expect(a.res.errMsg).toBe('request:fail url scheme is invalid');
    mpsim.network.rules({ httpsOnly: false });
    const b = await call('request', { url: 'http://echo.mpsim.test/anything' });
    expect(b.res.statusCode).toBe(200);
  });

  test('legal domain list → url not in domain list; checkDomain false skips it', async () => {
    mpsim.network.rules({ legalDomains: ['https://test.url'] });
    const a = await call('request', { url: `${ECHO}/anything` });
    expect(a.res.errMsg).toBe('request:fail url not in domain list');
    const b = await call('request', { url: 'https://test.url/anything' });
    expect(b.ok).toBe(true);
    mpsim.network.rules({ checkDomain: false });
    expect((await call('request', { url: `${ECHO}/anything` })).ok).toBe(true);
  });

  test('Referer cannot be set; always the servicewechat page-frame URL', async () => {
    const { res } = await call('request', { url: `${ECHO}/headers`, header: { Referer: 'https://evil.example/', 'X-A': 5 } });
    expect(res.data.headers.referer).toMatch(/^https:\/\/servicewechat\.com\/wx[0-9a-z]+\/(0|devtools|[^/]+)\/page-frame\.html$/);
    expect(res.data.headers['x-a']).toBe('5');
  });

  test.each([
    [{}, 'parameter error: parameter.url should be String instead of Undefined;'],
    [{ url: 5 }, 'parameter error: parameter.url should be String instead of Number;'],
    [{ url: `${ECHO}/x`, method: 'FETCH' }, 'parameter error: parameter.method should be one of'],
    [{ url: `${ECHO}/x`, header: 'a' }, 'parameter error: parameter.header should be Object instead of String;'],
    [{ url: `${ECHO}/x`, data: 5 }, 'parameter error: parameter.data should be'],
    [{ url: 'not a url' }, 'invalid url'],
    [{ url: 'ftp://echo.mpsim.test/' }, 'url scheme is invalid'],
  ])('bad input %j → task returned, fail delivered', async (opts, reason) => {
    const { ok, res, task } = await call('request', opts);
    expect(ok).toBe(false);
    expect(typeof task.abort).toBe('function');
    expect(res.errMsg.startsWith(`request:fail ${reason}`)).toBe(true);
  });

  test('bad options type → fail, still a task', async () => {
    const task = wx.request('https://echo.mpsim.test/');
    expect(typeof task.abort).toBe('function');
  });

  test('request log records what was sent', async () => {
    const before = mpsim.network.requests.length;
    await call('request', { url: `${ECHO}/status/204`, method: 'HEAD' });
    const rec = mpsim.network.requests[before];
    expect(rec).toMatchObject({ api: 'request', method: 'HEAD', host: 'echo.mpsim.test', statusCode: 204 });
    expect(rec.endedAt).toBeGreaterThanOrEqual(rec.startedAt);
  });
});
