/**
 * wx.downloadFile over real HTTPS: temp and user targets, progress, any status,
 * the size limit, abort and failures leave no file, bad input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { call } from './helpers';

declare const mpsim: any;

const ECHO = 'https://echo.mpsim.test';

function tmpFiles(): string[] {
  return fs.readdirSync(path.join(mpsim.device.sandboxDir, 'tmp'));
}

afterEach(() => mpsim.network.reset());

test('downloads to a fresh temp file with the exact bytes and progress to 100', async () => {
  const events: any[] = [];
  const heads = jest.fn();
  const { ok, res } = await call('downloadFile', { url: `${ECHO}/bytes/300000?type=image/png` }, (t) => {
    t.onProgressUpdate((e: any) => events.push(e));
    t.onHeadersReceived(heads);
  });
  expect(ok).toBe(true);
  expect(res.errMsg).toBe('downloadFile:ok');
  expect(res.statusCode).toBe(200);
  expect(res.tempFilePath).toMatch(/^wxfile:\/\/tmp_[0-9a-f]+\.png$/);
  expect(res.filePath).toBeUndefined();
  const bytes = fs.readFileSync(mpsim.device.toHostPath(res.tempFilePath));
  expect(bytes.length).toBe(300000);
  expect(bytes.every((b, i) => b === i % 251)).toBe(true);
  expect(heads).toHaveBeenCalledTimes(1);
  expect(events[events.length - 1]).toEqual({ progress: 100, totalBytesWritten: 300000, totalBytesExpectedToWrite: 300000 });
  for (let i = 1; i < events.length; i++) expect(events[i].progress).toBeGreaterThan(events[i - 1].progress);
});

test('downloads to a user path (filePath echoed); a temp or package path is refused', async () => {
  const { ok, res } = await call('downloadFile', { url: `${ECHO}/bytes/1000`, filePath: 'wxfile://usr/d/x.bin' });
  expect(ok).toBe(false); // parent directory missing
  expect(res.errMsg).toMatch(/^downloadFile:fail /);
  fs.mkdirSync(mpsim.device.toHostPath('wxfile://usr/d'));
  const b = await call('downloadFile', { url: `${ECHO}/bytes/1000`, filePath: 'wxfile://usr/d/x.bin' });
  expect(b.ok).toBe(true);
  expect(b.res).toMatchObject({ filePath: 'wxfile://usr/d/x.bin', statusCode: 200 });
  expect(b.res.tempFilePath).toBeUndefined();
  expect(fs.statSync(mpsim.device.toHostPath('wxfile://usr/d/x.bin')).size).toBe(1000);
  const c = await call('downloadFile', { url: `${ECHO}/bytes/10`, filePath: 'wxfile://tmp_abc.bin' });
  expect(c.ok).toBe(false);
  const d = await call('downloadFile', { url: `${ECHO}/bytes/10`, filePath: '/etc/x' });
  expect(d.ok).toBe(false);
});

test('a failed download to an existing user file leaves it untouched; a successful one replaces it', async () => {
  const p = 'wxfile://usr/keep.bin';
  fs.writeFileSync(mpsim.device.toHostPath(p), 'old');
  const before = tmpFiles().length;
  mpsim.network.failNext(1, { reset: 'mid-body' });
  const a = await call('downloadFile', { url: `${ECHO}/bytes/100000`, filePath: p });
  expect(a.ok).toBe(false);
  expect(fs.readFileSync(mpsim.device.toHostPath(p), 'utf8')).toBe('old');
  expect(tmpFiles().length).toBe(before);
  const b = await call('downloadFile', { url: `${ECHO}/bytes/100000`, filePath: p });
  expect(b.ok).toBe(true);
  expect(fs.statSync(mpsim.device.toHostPath(p)).size).toBe(100000);
});

test('any status is a success with statusCode', async () => {
  const { ok, res } = await call('downloadFile', { url: `${ECHO}/status/404` });
  expect(ok).toBe(true);
  expect(res.statusCode).toBe(404);
  expect(fs.readFileSync(mpsim.device.toHostPath(res.tempFilePath), 'utf8')).toBe('status 404');
});

test('over the size limit → fail, no file left', async () => {
  const before = tmpFiles().length;
  mpsim.network.rules({ downloadLimitBytes: 1000 });
  const { ok, res } = await call('downloadFile', { url: `${ECHO}/bytes/5000` });
  expect(ok).toBe(false);
  expect(res.errMsg).toBe('downloadFile:fail exceed max file size');
  // Without Content-Length (chunked) the limit is enforced while streaming.
  const b = await call('downloadFile', { url: `${ECHO}/chunked/3` });
  expect(b.res.errMsg).toBe('downloadFile:fail exceed max file size');
  expect(tmpFiles().length).toBe(before);
});

test('abort mid-download → downloadFile:fail abort, no file left', async () => {
  const before = tmpFiles().length;
  mpsim.network.throttle({ download: 256 * 1024 });
  const { ok, res } = await call('downloadFile', { url: `${ECHO}/bytes/2000000` }, (t) =>
    t.onProgressUpdate((e: any) => {
      if (e.progress >= 5) t.abort();
    }),
  );
  expect(ok).toBe(false);
  expect(res.errMsg).toBe('downloadFile:fail abort');
  expect(tmpFiles().length).toBe(before);
});

test('reset mid-body → fail, no file left', async () => {
  const before = tmpFiles().length;
  mpsim.network.failNext(1, { reset: 'mid-body' });
  const { ok, res } = await call('downloadFile', { url: `${ECHO}/bytes/200000` });
  expect(ok).toBe(false);
  expect(res.errMsg).toBe('downloadFile:fail net::ERR_CONNECTION_RESET');
  expect(tmpFiles().length).toBe(before);
});

test.each([
  [{}, 'parameter error: parameter.url should be String instead of Undefined;'],
  [{ url: `${ECHO}/bytes/1`, filePath: 3 }, 'parameter error: parameter.filePath should be String instead of Number;'],
  [{ url: `${ECHO}/bytes/1`, timeout: '1' }, 'parameter error: parameter.timeout should be Number instead of String;'],
  [{ url: 'http://echo.mpsim.test/bytes/1' }, 'url scheme is invalid'],
])('bad input %j → task returned, fail delivered', async (opts, reason) => {
  const { ok, res, task } = await call('downloadFile', opts);
  expect(ok).toBe(false);
  expect(typeof task.onProgressUpdate).toBe('function');
  expect(res.errMsg).toBe(`downloadFile:fail ${reason}`);
});
