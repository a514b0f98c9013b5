/**
 * Issue 13, contract and fidelity (items 8, 17-21): what the calling convention
 * promises holds for odd but legal options, timeouts, redirects, prompts without an
 * app, and values the engine would otherwise describe in its own words.
 */
import { describeEscapes, watchEscapes } from '../helpers/reliability';
import { call } from '../network/helpers';

declare const wx: any;
declare const mpsim: any;

const escaped = watchEscapes();
afterEach(() => {
  mpsim.network.reset();
  mpsim.network.rules({ httpsOnly: true, checkDomain: true, legalDomains: undefined });
});

/** Calls wx[api] with callbacks and resolves with what success/fail/complete saw. */
function viaCallbacks(api: string, opts: Record<string, unknown>): Promise<{ kind: string; res: any; completes: number }> {
  return new Promise((resolve) => {
    let kind = '';
    let res: any;
    let completes = 0;
    const o = opts;
    o.success = (r: any) => ((kind += 'success'), (res = r));
    o.fail = (r: any) => ((kind += 'fail'), (res = r));
    o.complete = (r: any) => {
      completes++;
      setTimeout(() => resolve({ kind, res: r ?? res, completes }), 20);
    };
    wx[api](o);
  });
}
const ONE_LINE_FAIL = (api: string) => new RegExp(`^${api}:fail [^\\n\\r]*$`);
const ENGINE =
  /Cannot read properties|is not a function|Converting circular|Do not know how to serialize|detached ArrayBuffer|undefined \(reading/;

describe('item 17: options that are class instances or Object.create(defaults)', () => {
  class SetOptions {
    key = 'cls';
    data = 'from a class';
    completes = 0;
    success(this: SetOptions) {}
  }
  test('a class instance is an options object: setStorage stores, its prototype callbacks run', async () => {
    const got: string[] = [];
    class WithCallbacks extends SetOptions {
      override success() {
        got.push('success');
      }
      complete() {
        got.push('complete');
      }
    }
    wx.setStorage(new WithCallbacks());
    await mpsim.idle();
    expect(got).toEqual(['success', 'complete']);
    expect(wx.getStorageSync('cls')).toBe('from a class');
  });

  test('Object.create(defaults): inherited fields and callbacks are read; wx.request calls complete', async () => {
    const defaults = { url: 'https://echo.mpsim.test/anything', method: 'POST', data: 'x' };
    const r = await viaCallbacks('request', Object.create(defaults));
    expect(r.kind).toBe('success');
    expect(r.completes).toBe(1);
    expect(r.res.data.method).toBe('POST');
    const seen: string[] = [];
    const proto = { key: 'inh', data: 1, success: () => seen.push('s'), complete: () => seen.push('c') };
    wx.setStorage(Object.create(proto));
    await mpsim.idle();
    expect(seen).toEqual(['s', 'c']);
  });

  test('a non-object never gets a self-contradictory message', async () => {
    const res: any = await wx.getStorage(new Map()).catch((e: any) => e);
    expect(res.errMsg).toBe('getStorage:fail parameter error: parameter should be Object instead of Map;');
  });
});

describe('item 18: timeout Infinity or ≥ 2**31 means no timeout, not 1 ms', () => {
  test.each([Infinity, 2 ** 31, 2 ** 40])('timeout %p: a 300 ms answer still arrives', async (timeout) => {
    const { ok, res } = await call('request', { url: 'https://echo.mpsim.test/delay/300', timeout });
    expect(ok).toBe(true);
    expect(res.statusCode).toBe(200);
  });
});

describe('item 19: redirects obey httpsOnly and legalDomains on every hop', () => {
  test('a redirect to http:// fails url scheme is invalid', async () => {
    const to = encodeURIComponent('http://echo.mpsim.test/anything');
    const { ok, res } = await call('request', { url: `https://echo.mpsim.test/redirect-to?url=${to}` });
    expect(ok).toBe(false);
    expect(res.errMsg).toBe('request:fail url scheme is invalid');
    expect(res.errno).toBe(600009);
  });

  test('a redirect to a host outside legalDomains fails url not in domain list; downloadFile too', async () => {
    mpsim.network.rules({ legalDomains: ['echo.mpsim.test'] });
    const before = mpsim.network.servers.echo.log.length;
    const to = encodeURIComponent('https://test.url/anything');
    const r = await call('request', { url: `https://echo.mpsim.test/redirect-to?url=${to}` });
    expect(r.res.errMsg).toBe('request:fail url not in domain list');
    const d = await call('downloadFile', {
      url: `https://echo.mpsim.test/redirect-to?url=${encodeURIComponent('https://test.url/bytes/10')}`,
    });
    expect(d.res.errMsg).toBe('downloadFile:fail url not in domain list');
    // only the two redirecting requests reached a server
    expect(mpsim.network.servers.echo.log.length - before).toBe(2);
    // legal hops still work
    const ok = await call('request', {
      url: `https://echo.mpsim.test/redirect-to?url=${encodeURIComponent('https://echo.mpsim.test/anything')}`,
    });
    expect(ok.res.statusCode).toBe(200);
  });
});

describe('item 20: wx.showModal without a launched app settles', () => {
  test('cancel when there is a cancel button, confirm when there is none', async () => {
    expect(await wx.showModal({ title: 't', content: 'c' })).toEqual({ errMsg: 'showModal:ok', confirm: false, cancel: true });
    expect(await wx.showModal({ title: 't', showCancel: false })).toEqual({ errMsg: 'showModal:ok', confirm: true, cancel: false });
  });
});

describe('item 21: no JavaScript-engine text in errMsg; Invalid Date stored as such', () => {
  const cyclic: any = { a: 1 };
  cyclic.self = cyclic;
  const detached = () => {
    const ab = new ArrayBuffer(8);
    structuredClone(ab, { transfer: [ab] });
    return ab;
  };
  const cases: Array<[string, string, () => Record<string, unknown>]> = [
    ['sparse kvList', 'batchSetStorage', () => ({ kvList: [{ key: 'a', value: 1 }, , { key: 'b', value: 2 }] })], // eslint-disable-line no-sparse-arrays
    ['BigInt in sourceType', 'chooseImage', () => ({ sourceType: [1n] })],
    ['cyclic data', 'request', () => ({ url: 'https://echo.mpsim.test/anything', method: 'POST', data: cyclic })],
    ['cyclic data in a GET query', 'request', () => ({ url: 'https://echo.mpsim.test/anything', data: { q: cyclic } })],
    ['Object.create(null) in sourceType', 'chooseMedia', () => ({ sourceType: [Object.create(null)] })],
  ];
  test.each(cases)('%s → %s:fail, one line, no engine text', async (_label, api, make) => {
    const r = await viaCallbacks(api, make());
    expect(r.kind).toBe('fail');
    expect(r.completes).toBe(1);
    expect(r.res.errMsg).toMatch(ONE_LINE_FAIL(api));
    expect(r.res.errMsg).not.toMatch(ENGINE);
  });

  test('a detached ArrayBuffer is zero bytes, not the engine TypeError', async () => {
    const r = await viaCallbacks('request', { url: 'https://echo.mpsim.test/anything', method: 'PUT', data: detached() });
    expect(r.kind).toBe('success');
    expect(r.res.data.bodySize).toBe(0);
    const fs = wx.getFileSystemManager();
    const w = await new Promise<any>((resolve) =>
      fs.writeFile({ filePath: `${wx.env.USER_DATA_PATH}/d.bin`, data: detached(), complete: resolve }),
    );
    expect(w.errMsg).not.toMatch(ENGINE);
  });

  test('an options getter is read once: the value validated is the value used', async () => {
    let reads = 0;
    const opts = {
      get key() {
        reads++;
        return reads === 1 ? 'first' : ({} as unknown as string);
      },
      data: 1,
    };
    await wx.setStorage(opts);
    expect(reads).toBe(1);
    expect(wx.getStorageSync('first')).toBe(1);
  });

  test('setStorage(new Date(NaN)) reads back as an Invalid Date, not 1970-01-01', () => {
    wx.setStorageSync('nan-date', new Date(NaN));
    const back = wx.getStorageSync('nan-date');
    expect(Object.prototype.toString.call(back)).toBe('[object Date]');
    expect(Number.isNaN(back.getTime())).toBe(true);
  });
});

describe('item 8: holey and huge arrays are validated element-wise, with a bound', () => {
  test('batchGetStorage({ keyList: new Array(1e8) }) fails at once with the parameter error', async () => {
    const r = await viaCallbacks('batchGetStorage', { keyList: new Array(1e8) });
    expect(r.res.errMsg).toBe('batchGetStorage:fail parameter error: parameter.keyList should have at most 10000 items;');
    const holey = await viaCallbacks('batchGetStorage', { keyList: ['a', , 'b'] }); // eslint-disable-line no-sparse-arrays
    expect(holey.res.errMsg).toBe('batchGetStorage:fail parameter error: parameter.keyList should be Array of String;');
  });
  test('previewImage with a huge or holey urls fails; the sync form throws the same', async () => {
    expect((await viaCallbacks('previewImage', { urls: new Array(1e9) })).res.errMsg).toMatch(/parameter\.urls should have at most/);
    const holey = ['a', 'x', 'b'];
    delete holey[1];
    expect((await viaCallbacks('previewImage', { urls: holey })).res.errMsg).toMatch(
      /parameter\.urls should be a non-empty Array of String/,
    );
    expect(() => wx.batchGetStorageSync(new Array(1e8))).toThrow(
      'batchGetStorageSync:fail parameter error: parameter.keyList should have at most 10000 items;',
    );
  });
});

describe('item 9: wx.request caps the response body', () => {
  afterEach(() => mpsim.network.rules({ requestLimitBytes: 50 * 1024 * 1024 }));
  test('a body past requestLimitBytes fails with the client text; under it succeeds; the default is 50 MiB', async () => {
    expect(mpsim.network.rules().requestLimitBytes).toBe(50 * 1024 * 1024);
    mpsim.network.rules({ requestLimitBytes: 1024 * 1024 });
    const big = await call('request', { url: 'https://echo.mpsim.test/bytes/3000000', responseType: 'arraybuffer' });
    expect(big.res.errMsg).toBe('request:fail exceed max file size');
    const chunked = await call('request', { url: 'https://echo.mpsim.test/bytes/3000000', enableChunked: true });
    expect(chunked.res.errMsg).toBe('request:fail exceed max file size');
    const ok = await call('request', { url: 'https://echo.mpsim.test/bytes/1048576', responseType: 'arraybuffer' });
    expect(ok.res.data.byteLength).toBe(1048576);
  });
});

afterAll(() => expect(describeEscapes(escaped)).toEqual([]));
