/**
 * mpsim.network.har(): the request log as HAR 1.2, validated against the HAR schema
 * (har-schema + ajv), with real requests to the local cloud.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { call } from './helpers';
import { userFile } from '../helpers/files';
import { harErrors } from '../helpers/har';

declare const mpsim: any;

afterEach(() => mpsim.network.reset());

test('a request, an upload with fields, a download and a failed request make valid HAR 1.2', async () => {
  const f = userFile('photo.jpg', 70_000);
  expect((await call('request', { url: 'https://test.url/anything?a=1&b=two', method: 'POST', data: { x: 1 } })).ok).toBe(true);
  const up = await call('uploadFile', {
    url: 'https://test.url/upload',
    filePath: f.path,
    name: 'file',
    formData: { key: 'a/b.jpg', n: 7 },
  });
  expect(up.ok).toBe(true);
  expect((await call('downloadFile', { url: 'https://test.url/bytes/5000' })).ok).toBe(true);
  mpsim.network.failNext(1, { reset: 'mid-body' }, { host: 'test.url' });
  expect((await call('request', { url: 'https://test.url/status/200', method: 'POST', data: 'x'.repeat(100_000) })).ok).toBe(false);

  const har = mpsim.network.har();
  expect(harErrors(har)).toEqual([]);
  expect(har.log.version).toBe('1.2');
  expect(har.log.creator.name).toBe('mpsim');
  const [req, upload, download, failed] = har.log.entries;
  expect(har.log.entries).toHaveLength(4);

  expect(req.request.method).toBe('POST');
  expect(req.request.queryString).toEqual([
    { name: 'a', value: '1' },
    { name: 'b', value: 'two' },
  ]);
  expect(req.request.bodySize).toBe(JSON.stringify({ x: 1 }).length);
  expect(req.response.status).toBe(200);
  expect(req.response.statusText).toBe('OK');
  expect(req.response.headers.some((h: any) => h.name.toLowerCase() === 'content-type')).toBe(true);
  expect(req.response.content.size).toBe(req.response.bodySize);
  expect(req.response.content.size).toBeGreaterThan(0);
  expect(req._api).toBe('request');

  expect(upload._api).toBe('uploadFile');
  expect(upload.request.postData.mimeType).toMatch(/^multipart\/form-data; boundary=----mpsimFormBoundary/);
  expect(upload.request.postData.params).toEqual([
    { name: 'key', value: 'a/b.jpg' },
    { name: 'n', value: '7' },
    {
      name: 'file',
      fileName: path.basename(mpsim.device.toHostPath(f.path)),
      contentType: 'image/jpeg',
      comment: '70000 bytes (not recorded)',
    },
  ]);
  expect(upload.request.bodySize).toBeGreaterThan(70_000);
  for (const e of har.log.entries) {
    const t = e.timings;
    expect(e.time).toBeCloseTo(t.send + t.wait + t.receive, 2);
    for (const k of ['send', 'wait', 'receive']) expect(t[k]).toBeGreaterThanOrEqual(0);
    expect(Date.parse(e.startedDateTime)).not.toBeNaN();
  }

  expect(download.response.content.size).toBe(5000);
  expect(failed.response.status).toBe(0);
  expect(failed.response._error).toMatch(/ERR_CONNECTION_RESET/);
  expect(failed._fault).toBe('reset');
});

test('har(file) writes the same document as JSON; bad file arguments throw', async () => {
  await call('request', { url: 'https://test.url/anything' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-har-test-'));
  try {
    const file = path.join(dir, 'out.har');
    const har = mpsim.network.har(file);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(har);
    expect(harErrors(har)).toEqual([]);
    for (const bad of [123, '', null, {}, ['x']])
      expect(() => mpsim.network.har(bad)).toThrow(/^mpsim.network.har\(file\): file must be a non-empty path string$/);
    expect(() => mpsim.network.har(path.join(dir, 'no', 'such', 'dir', 'x.har'))).toThrow(/ENOENT/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the schema check fails on a broken document (the validator is live)', () => {
  const har = mpsim.network.har();
  expect(harErrors({ log: { ...har.log, version: undefined } })).not.toEqual([]);
  expect(harErrors({ log: { ...har.log, entries: [{ request: {} }] } })).not.toEqual([]);
});
