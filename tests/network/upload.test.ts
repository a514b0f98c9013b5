/**
 * wx.uploadFile over real HTTPS: multipart bytes, field order, progress,
 * headers, abort, missing/deleted files, timeouts, bad input.
 */
import * as fs from 'node:fs';
import { call, md5, sleep } from './helpers';
import { userFile } from '../helpers/files';

declare const mpsim: any;

const UPLOAD = 'https://test.url/upload';

afterEach(() => mpsim.network.reset());

test('multipart arrives md5-identical (several MB), fields first in order, numbers stringified', async () => {
  const f = userFile('photo.jpg', 5 * 1024 * 1024 + 123);
  const { ok, res, task } = await call('uploadFile', {
    url: UPLOAD,
    filePath: f.path,
    name: 'file',
    formData: { key: 'a/b.jpg', success_action_status: 200, Signature: 'sig', 'Content-Type': '' },
  });
  expect(ok).toBe(true);
  expect(res.errMsg).toBe('uploadFile:ok');
  expect(res.statusCode).toBe(200);
  expect(typeof res.data).toBe('string');
  expect(typeof task.onProgressUpdate).toBe('function');
  const echo = JSON.parse(res.data);
  expect(echo.fieldOrder).toEqual(['key', 'success_action_status', 'Signature', 'Content-Type', 'file']);
  expect(echo.fields).toEqual({ key: 'a/b.jpg', success_action_status: '200', Signature: 'sig', 'Content-Type': '' });
  expect(echo.files).toEqual([
    { field: 'file', filename: 'photo.jpg', contentType: 'image/jpeg', size: f.bytes.length, md5: md5(f.bytes) },
  ]);
  expect(echo.headers['content-type']).toMatch(/^multipart\/form-data; boundary=----mpsimFormBoundary\d+[0-9a-f]{8}$/);
  expect(Number(echo.headers['content-length'])).toBeGreaterThan(f.bytes.length);
  expect(Object.prototype.hasOwnProperty.call(res.header, 'Content-Type')).toBe(true);
});

test('progress is monotonic, integer, ends at 100 with totals = file size; headersReceived before success', async () => {
  const f = userFile('v.mp4', 2 * 1024 * 1024);
  mpsim.network.throttle(4 * 1024 * 1024);
  const events: any[] = [];
  const order: string[] = [];
  const { ok } = await call('uploadFile', { url: UPLOAD, filePath: f.path, name: 'f' }, (t) => {
    t.onProgressUpdate((e: any) => {
      events.push(e);
      if (e.progress === 100) order.push('progress100');
    });
    t.onHeadersReceived((h: any) => {
      expect(typeof h.header).toBe('object');
      order.push('headers');
    });
  });
  expect(ok).toBe(true);
  order.push('success');
  expect(events.length).toBeGreaterThan(3);
  for (let i = 1; i < events.length; i++) {
    expect(events[i].progress).toBeGreaterThan(events[i - 1].progress);
    expect(events[i].totalBytesSent).toBeGreaterThanOrEqual(events[i - 1].totalBytesSent);
  }
  for (const e of events) {
    expect(Number.isInteger(e.progress)).toBe(true);
    expect(e.totalBytesExpectedToSend).toBe(f.bytes.length);
  }
  expect(events[events.length - 1]).toEqual({ progress: 100, totalBytesSent: f.bytes.length, totalBytesExpectedToSend: f.bytes.length });
  expect(order).toEqual(['progress100', 'headers', 'success']);
});

test('a file of 6.4 MiB and more reports every integer percent once, in steps of the bytes taken (none skipped)', async () => {
  const size = 7 * 1024 * 1024 + 5;
  const f = userFile('big.bin', size);
  const events: any[] = [];
  const { ok } = await call('uploadFile', { url: UPLOAD, filePath: f.path, name: 'f' }, (t) =>
    t.onProgressUpdate((e: any) => events.push(e)),
  );
  expect(ok).toBe(true);
  const percents = events.map((e) => e.progress);
  // the first event comes with the first piece taken; from there no integer percent is skipped
  expect(percents).toEqual(Array.from({ length: 101 - percents[0] }, (_, i) => percents[0] + i));
  expect(percents[0]).toBeLessThanOrEqual(1);
  for (const e of events) expect(e.progress).toBe(Math.floor((e.totalBytesSent / size) * 100));
  expect(events[events.length - 1].totalBytesSent).toBe(size);
});

test("offProgressUpdate() without argument removes all; the task has only wx's members (no Taro progress()/headersReceived())", async () => {
  const f = userFile('a.txt', 1000);
  const removed = jest.fn();
  const kept = jest.fn();
  let members: string[] = [];
  await call('uploadFile', { url: UPLOAD, filePath: f.path, name: 'f' }, (t) => {
    t.onProgressUpdate(removed);
    t.offProgressUpdate();
    t.onProgressUpdate(kept);
    members = Object.keys(t).sort();
    // on a phone these are Taro's (on the promise Taro.uploadFile returns): calling them on wx's task throws
    expect(() => t.progress(kept)).toThrow(TypeError);
    expect(() => t.headersReceived(kept)).toThrow(TypeError);
  });
  expect(members).toEqual(['abort', 'offHeadersReceived', 'offProgressUpdate', 'onHeadersReceived', 'onProgressUpdate']);
  expect(removed).not.toHaveBeenCalled();
  expect(kept).toHaveBeenLastCalledWith({ progress: 100, totalBytesSent: 1000, totalBytesExpectedToSend: 1000 });
  const d = await call('downloadFile', { url: 'https://echo.mpsim.test/bytes/10' }, (t) => {
    expect(t.progress).toBeUndefined();
    expect(t.headersReceived).toBeUndefined();
  });
  expect(d.ok).toBe(true);
});

test('abort mid-upload → uploadFile:fail abort, no success, the server sees a cut body', async () => {
  const f = userFile('big.bin', 3 * 1024 * 1024);
  mpsim.network.throttle(1024 * 1024);
  const log = mpsim.network.servers.echo.log;
  const before = log.length;
  const { ok, res } = await call('uploadFile', { url: UPLOAD, filePath: f.path, name: 'f' }, (t) =>
    t.onProgressUpdate((e: any) => {
      if (e.progress >= 20) t.abort();
    }),
  );
  expect(ok).toBe(false);
  expect(res.errMsg).toBe('uploadFile:fail abort');
  for (let i = 0; i < 50 && log.length === before; i++) await sleep(20);
  await sleep(100);
  const seen = log[log.length - 1];
  expect(log.length).toBe(before + 1);
  expect(seen.complete).toBe(false);
  expect(seen.bodyBytes).toBeLessThan(f.bytes.length);
});

test('missing file → uploadFile:fail file not found, no request sent', async () => {
  const before = mpsim.network.requests.length;
  const { ok, res } = await call('uploadFile', { url: UPLOAD, filePath: 'wxfile://usr/nope.jpg', name: 'file' });
  expect(ok).toBe(false);
  expect(res.errMsg).toBe('uploadFile:fail file not found');
  expect(mpsim.network.requests.length).toBe(before);
  mpsim.network.rules({ messages: { fileNotFound: "fail:file doesn't exist" } });
  const b = await call('uploadFile', { url: UPLOAD, filePath: '/etc/passwd', name: 'file' });
  expect(b.res.errMsg).toBe("uploadFile:fail fail:file doesn't exist");
});

test('source file deleted mid-upload → fail, no crash', async () => {
  const f = userFile('gone.bin', 4 * 1024 * 1024);
  mpsim.network.throttle(2 * 1024 * 1024);
  let deleted = false;
  const { ok, res } = await call('uploadFile', { url: UPLOAD, filePath: f.path, name: 'f' }, (t) =>
    t.onProgressUpdate((e: any) => {
      if (!deleted && e.progress >= 10) {
        deleted = true;
        fs.unlinkSync(mpsim.device.toHostPath(f.path));
      }
    }),
  );
  expect(deleted).toBe(true);
  expect(ok).toBe(false);
  expect(res.errMsg).toMatch(/^uploadFile:fail /);
});

test('timeout on a hanging server → uploadFile:fail timeout', async () => {
  const f = userFile('t.txt', 10);
  mpsim.network.hang({ host: 'test.url' });
  const { res } = await call('uploadFile', { url: UPLOAD, filePath: f.path, name: 'f', timeout: 300 });
  expect(res.errMsg).toBe('uploadFile:fail timeout');
});

test('UTF-8 file names and form values arrive intact; unknown extensions are application/octet-stream', async () => {
  const f = userFile('照片 1.heic2', 64);
  const { res } = await call('uploadFile', { url: UPLOAD, filePath: f.path, name: 'file', formData: { 说明: '你好', obj: { a: 1 } } });
  const echo = JSON.parse(res.data);
  expect(echo.fields).toEqual({ 说明: '你好', obj: '{"a":1}' });
  expect(echo.files[0]).toMatchObject({ filename: '照片 1.heic2', contentType: 'application/octet-stream', size: 64, md5: md5(f.bytes) });
});

test('Referer is overridden, user headers kept', async () => {
  const f = userFile('r.txt', 10);
  const { res } = await call('uploadFile', { url: UPLOAD, filePath: f.path, name: 'f', header: { referer: 'x', Authorization: 'q-sign' } });
  const echo = JSON.parse(res.data);
  expect(echo.headers.referer).toMatch(/^https:\/\/servicewechat\.com\//);
  expect(echo.headers.authorization).toBe('q-sign');
});

test.each([
  [{ filePath: 'wxfile://usr/a', name: 'f' }, 'parameter error: parameter.url should be String instead of Undefined;'],
  [{ url: UPLOAD, name: 'f' }, 'parameter error: parameter.filePath should be String instead of Undefined;'],
  [{ url: UPLOAD, filePath: 'wxfile://usr/a' }, 'parameter error: parameter.name should be String instead of Undefined;'],
  [
    { url: UPLOAD, filePath: 'wxfile://usr/a', name: 'f', formData: [1] },
    'parameter error: parameter.formData should be Object instead of Array;',
  ],
  [{ url: 'https://nowhere.invalid/', filePath: 'wxfile://usr/a', name: 'f' }, 'net::ERR_NAME_NOT_RESOLVED'],
])('bad input %j → task returned, fail delivered', async (opts, reason) => {
  const { ok, res, task } = await call('uploadFile', opts);
  expect(ok).toBe(false);
  expect(typeof task.abort).toBe('function');
  expect(res.errMsg.startsWith(`uploadFile:fail ${reason}`)).toBe(true);
});
