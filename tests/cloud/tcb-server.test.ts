/**
 * The local TCB server against hostile or malformed requests (real HTTPS from the
 * phone's wx.request): every one gets an answer in the cloud's error format, none
 * crashes the server; and the environment's data survives a restart on a dataDir.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTcbServer } from '../../simulator/servers/tcb';

declare const wx: any;
declare const mpsim: any;

const API = 'https://tcb-api.tencentcloudapi.com/admin';

function request(options: Record<string, unknown>): Promise<any> {
  return new Promise((resolve) => wx.request({ ...options, complete: resolve }));
}

test('malformed API requests get a JSON error, and the server keeps answering', async () => {
  const cases: Array<[unknown, string]> = [
    ['not json', 'INVALID_PARAM'],
    [JSON.stringify([1, 2]), 'INVALID_PARAM'],
    [JSON.stringify({}), 'INVALID_ACTION'],
    [JSON.stringify({ action: 'database.getDocument' }), 'INVALID_PARAM'],
    [JSON.stringify({ action: 'database.getDocument', collectionName: 'nope' }), 'DATABASE_COLLECTION_NOT_EXIST'],
    [JSON.stringify({ action: 'functions.invokeFunction' }), 'INVALID_PARAM'],
    [JSON.stringify({ action: 'functions.invokeFunction', function_name: '../../etc' }), 'FUNCTION_NOT_FOUND'],
    [JSON.stringify({ action: 'storage.getUploadMetadata', path: '../x' }), 'INVALID_PARAM'],
    [JSON.stringify({ action: 'storage.batchGetDownloadUrl', file_list: 'x' }), 'INVALID_PARAM'],
    [JSON.stringify({ action: 'storage.batchDeleteFile', fileid_list: {} }), 'INVALID_PARAM'],
    [JSON.stringify({ action: 'x', envName: 'bad env!' }), 'INVALID_ENV'],
  ];
  for (const [data, code] of cases) {
    const res = await request({ url: API, method: 'POST', data, header: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(res.data.code).toBe(code);
  }
  mpsim.cloud.seed({ q: [{ a: 1 }] });
  for (const query of ['{"a":{"$nosuchop":1}}', '{bad', '{"$where":{"$code":"while(true){}"}}']) {
    const res = await request({
      url: API,
      method: 'POST',
      data: JSON.stringify({ action: 'database.getDocument', collectionName: 'q', query }),
    });
    expect(['INVALID_PARAM', 'DATABASE_REQUEST_FAILED']).toContain(res.data.code);
  }
  const bad = await request({
    url: API,
    method: 'POST',
    data: JSON.stringify({ action: 'database.modifyDocument', collectionName: 'q', query: '{}', data: '{"$inc":{"a":"x"}}' }),
  });
  expect(bad.data.code).toBe('DATABASE_REQUEST_FAILED');
  expect(mpsim.cloud.exportData().q[0].a).toBe(1); // unchanged
  const ok = await request({
    url: API,
    method: 'POST',
    data: JSON.stringify({ action: 'database.calculateDocument', collectionName: 'q' }),
  });
  // still answering; a request without a user sees nothing of a creator-only collection
  expect(ok.data.data).toEqual({ total: 0 });
});

test('storage refuses unsigned, tampered and malformed uploads and downloads', async () => {
  const host = `https://${Buffer.from(mpsim.cloud.defaultEnv.slice(0, 2)).toString('hex')}-${mpsim.cloud.defaultEnv}-1300000000.tcb.qcloud.la`;
  await mpsim.cloud.seedFiles({ 'a.txt': 'a' });
  expect((await request({ url: `${host}/a.txt` })).statusCode).toBe(403);
  expect((await request({ url: `${host}/a.txt?sign=00&t=99999999999` })).statusCode).toBe(403);
  expect((await request({ url: `${host}/`, method: 'POST', data: 'x', header: { 'content-type': 'text/plain' } })).statusCode).toBe(400);
  expect((await request({ url: `${host}/b.txt`, method: 'PUT', data: 'x' })).statusCode).toBe(403);
  expect((await request({ url: `${host}/a.txt`, method: 'DELETE' })).statusCode).toBe(405);
  expect((await request({ url: 'https://nobucket.tcb.qcloud.la/a.txt' })).statusCode).toBe(404);
  expect(mpsim.cloud.files()).toHaveLength(1);
});

test('a dataDir keeps collections and files across a restart', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-tcb-test-'));
  try {
    const a = createTcbServer({ dataDir: dir });
    a.env('keep-1').db.seed('c', [{ _id: 'x', n: 1, at: new Date(5) }]);
    const id = await a.putFile('keep-1', 'f/one.txt', 'kept');
    await a.close();
    const b = createTcbServer({ dataDir: dir });
    const docs = b.env('keep-1').db.dump('c');
    expect(docs).toEqual([{ _id: 'x', n: 1, at: new Date(5) }]);
    expect(b.readFile(id)?.toString()).toBe('kept');
    await b.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
