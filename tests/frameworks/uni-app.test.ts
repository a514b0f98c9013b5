/**
 * uni-app (Vue 3 line) mp-weixin unchanged on our `wx`, in jest: the real runtime file of
 * @dcloudio/uni-mp-weixin (dist/uni.api.esm.js) from node_modules, with the build's alias
 * `vue` → @dcloudio/uni-mp-vue (here jest's module map, in samples/_lib/uni.js a resolver
 * hook) and `process.env.UNI_PLATFORM`, against the environment's real local servers.
 * The same flows run under `mpsim replay` in samples/frameworks/uni-app.
 */
import * as fs from 'node:fs';
import { userFile } from '../helpers/files';

declare const mpsim: any;

jest.mock('vue', () => jest.requireActual('@dcloudio/uni-mp-vue'));

const ECHO = 'https://echo.mpsim.test';
const phoneWx = (globalThis as any).wx;
process.env.UNI_PLATFORM = 'mp-weixin';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const uni = require('@dcloudio/uni-mp-weixin/dist/uni.api.esm.js').default;

afterEach(() => mpsim.network.reset());

/** A callback-style uni call as a promise of { ok, res }. */
function callUni(api: string, options: Record<string, unknown>, onTask?: (t: any) => void): Promise<{ ok: boolean; res: any }> {
  return new Promise((resolve) => {
    const task = uni[api]({
      ...options,
      success: (res: any) => resolve({ ok: true, res }),
      fail: (res: any) => resolve({ ok: false, res }),
    });
    onTask?.(task);
  });
}

test("the runtime wraps this phone's wx (and, as on a phone, replaces the global wx with a copy of its functions)", () => {
  const wx = (globalThis as any).wx;
  expect(wx).not.toBe(phoneWx);
  expect(wx.uploadFile).toBe(phoneWx.uploadFile);
  expect(typeof uni.addInterceptor).toBe('function');
});

test('uni.request through an interceptor: invoke adds a header the server sees, success sees the response; promise style too', async () => {
  const hooked: string[] = [];
  uni.addInterceptor('request', {
    invoke(args: any) {
      hooked.push('invoke');
      args.header = { ...args.header, 'x-from-interceptor': 'uni' };
    },
    success(res: any) {
      hooked.push(`success ${res.statusCode}`);
      res.intercepted = true;
    },
  });
  try {
    const r = await callUni('request', { url: `${ECHO}/headers` });
    expect(r.ok).toBe(true);
    expect(r.res).toMatchObject({ statusCode: 200, intercepted: true, errMsg: 'request:ok' });
    expect(r.res.data.headers['x-from-interceptor']).toBe('uni');
    const p = await uni.request({ url: `${ECHO}/headers` });
    expect(p.data.headers['x-from-interceptor']).toBe('uni');
    expect(hooked).toEqual(['invoke', 'success 200', 'invoke', 'success 200']);
    // an invoke hook returning false stops the call before wx sees it
    uni.addInterceptor('request', { invoke: () => false });
    const before = mpsim.network.requests.length;
    const stopped = uni.request({ url: `${ECHO}/headers` });
    await new Promise((r) => setTimeout(r, 50));
    expect(mpsim.network.requests.length).toBe(before);
    void stopped;
  } finally {
    uni.removeInterceptor('request');
  }
});

test('uni.uploadFile: onProgressUpdate to 100 with every byte; abort() midway fails with uploadFile:fail abort and the server sees a cut body', async () => {
  const f = userFile('uni.bin', 3 * 1024 * 1024);
  mpsim.network.throttle(4 * 1024 * 1024);
  const events: any[] = [];
  const up = await callUni('uploadFile', { url: `${ECHO}/upload`, filePath: f.path, name: 'file' }, (t) =>
    t.onProgressUpdate((e: any) => events.push(e)),
  );
  expect(up.ok).toBe(true);
  expect(JSON.parse(up.res.data).files[0]).toMatchObject({ field: 'file', size: f.bytes.length });
  expect(events[events.length - 1]).toEqual({ progress: 100, totalBytesSent: f.bytes.length, totalBytesExpectedToSend: f.bytes.length });

  const log = mpsim.network.servers.echo.log;
  const before = log.length;
  const aborted = await callUni('uploadFile', { url: `${ECHO}/upload`, filePath: f.path, name: 'file' }, (t) =>
    t.onProgressUpdate((e: any) => e.progress >= 20 && t.abort()),
  );
  expect(aborted).toMatchObject({ ok: false, res: { errMsg: 'uploadFile:fail abort' } });
  for (let i = 0; i < 50 && log.length === before; i++) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 100));
  expect(log.length).toBe(before + 1);
  expect(log[log.length - 1].complete).toBe(false);
  expect(log[log.length - 1].bodyBytes).toBeLessThan(f.bytes.length);
});

test('uni.downloadFile: onProgressUpdate to 100, the exact bytes in a temp file; promise style resolves the same', async () => {
  const percents: number[] = [];
  const d = await callUni('downloadFile', { url: `${ECHO}/bytes/300000` }, (t) =>
    t.onProgressUpdate((e: any) => percents.push(e.progress)),
  );
  expect(d.res).toMatchObject({ statusCode: 200, errMsg: 'downloadFile:ok' });
  const bytes = fs.readFileSync(mpsim.device.toHostPath(d.res.tempFilePath));
  expect(bytes.length).toBe(300000);
  expect(bytes.every((b, i) => b === i % 251)).toBe(true);
  expect(percents[percents.length - 1]).toBe(100);
  const p = await uni.downloadFile({ url: `${ECHO}/bytes/10` });
  expect(p).toMatchObject({ statusCode: 200, errMsg: 'downloadFile:ok' });
});
