/**
 * Taro 4 (weapp) unchanged on our `wx`, in jest: the real @tarojs/taro +
 * @tarojs/plugin-platform-weapp runtime from node_modules, loaded as samples/_lib/taro.js
 * (and a Taro weapp build) does — the build's constants, the platform plugin's runtime
 * entry, then @tarojs/taro — against the environment's real local servers.
 * The same flows run under `mpsim replay` in samples/frameworks/taro.
 */
import * as fs from 'node:fs';
import { userFile } from '../helpers/files';

declare const wx: any;
declare const mpsim: any;

const ECHO = 'https://echo.mpsim.test';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadTaro } = require('../../samples/_lib/taro') as { loadTaro(): any };
const Taro = loadTaro();

afterEach(() => mpsim.network.reset());

test("Taro is the real runtime wrapping this phone's wx (weapp)", () => {
  expect(Taro.getEnv()).toBe('WEAPP');
  expect(Taro.miniGlobal).toBe(wx);
  expect(typeof Taro.addInterceptor).toBe('function');
});

test('Taro.request runs through the interceptor chain: header to the server, marked response back, failures reject through it', async () => {
  const seen: string[] = [];
  Taro.addInterceptor((chain: any) => {
    const params = chain.requestParams;
    seen.push(params.url);
    params.header = { ...params.header, 'x-from-interceptor': 'taro' };
    return chain.proceed(params).then((res: any) => ({ ...res, intercepted: true }));
  });
  try {
    const res = await Taro.request({ url: `${ECHO}/headers`, header: { 'x-own': '1' } });
    expect(res).toMatchObject({ statusCode: 200, intercepted: true, errMsg: 'request:ok' });
    expect(res.data.headers).toMatchObject({ 'x-from-interceptor': 'taro', 'x-own': '1' });
    expect(seen).toEqual([`${ECHO}/headers`]);
    // a failing request rejects through the chain with wx's fail result
    await expect(Taro.request({ url: 'https://nobody.mpsim.test/' })).rejects.toMatchObject({
      errMsg: expect.stringMatching(/^request:fail /),
    });
  } finally {
    Taro.cleanInterceptors();
  }
});

test('Taro.uploadFile: progress(cb) to 100 with every byte; abort() midway rejects with uploadFile:fail abort and the server sees a cut body', async () => {
  const f = userFile('taro.bin', 3 * 1024 * 1024);
  mpsim.network.throttle(4 * 1024 * 1024);
  const events: any[] = [];
  const upload = Taro.uploadFile({ url: `${ECHO}/upload`, filePath: f.path, name: 'file', formData: { user: 'test' } });
  expect(upload.progress((e: any) => events.push(e))).toBe(upload); // chainable, as Taro documents
  const res = await upload;
  const body = JSON.parse(res.data);
  expect(body.files[0]).toMatchObject({ field: 'file', size: f.bytes.length });
  expect(body.fields).toEqual({ user: 'test' });
  expect(events[events.length - 1]).toEqual({ progress: 100, totalBytesSent: f.bytes.length, totalBytesExpectedToSend: f.bytes.length });

  const log = mpsim.network.servers.echo.log;
  const before = log.length;
  const aborted = Taro.uploadFile({ url: `${ECHO}/upload`, filePath: f.path, name: 'file' });
  aborted.progress((e: any) => e.progress >= 20 && aborted.abort());
  await expect(aborted).rejects.toMatchObject({ errMsg: 'uploadFile:fail abort' });
  for (let i = 0; i < 50 && log.length === before; i++) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 100));
  expect(log.length).toBe(before + 1);
  expect(log[log.length - 1].complete).toBe(false);
  expect(log[log.length - 1].bodyBytes).toBeLessThan(f.bytes.length);
});

test('Taro.downloadFile: progress(cb) to 100, the exact bytes in a temp file', async () => {
  const percents: number[] = [];
  const download = Taro.downloadFile({ url: `${ECHO}/bytes/300000` });
  download.progress((e: any) => percents.push(e.progress));
  const res = await download;
  expect(res).toMatchObject({ statusCode: 200, errMsg: 'downloadFile:ok' });
  const bytes = fs.readFileSync(mpsim.device.toHostPath(res.tempFilePath));
  expect(bytes.length).toBe(300000);
  expect(bytes.every((b, i) => b === i % 251)).toBe(true);
  expect(percents[percents.length - 1]).toBe(100);
});

test('what Taro documents but does not do: headersReceived()/headersReceive() do not exist on its task', async () => {
  const f = userFile('small.bin', 1000);
  const task = Taro.uploadFile({ url: `${ECHO}/upload`, filePath: f.path, name: 'file' });
  expect(task.headersReceived).toBeUndefined(); // Taro's doc
  expect(task.headersReceive).toBeUndefined(); // Taro's typings
  const heads = jest.fn();
  task.onHeadersReceived(heads); // wx's, bound by Taro, works
  await task;
  expect(heads).toHaveBeenCalledTimes(1);
});
