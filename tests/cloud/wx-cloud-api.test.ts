/**
 * wx.cloud's surface against the local environment: documented results, bad
 * input ending in its fail for every API, errCode on cloud-side failures,
 * storage (temp URLs that expire, delete), the client database (commands,
 * the 20-document limit, permissions), faults and an offline phone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

declare const wx: any;
declare const mpsim: any;

const FUNCTIONS = path.join(__dirname, '..', 'fixtures', 'cloud', 'cloudfunctions');
const ENV = 'api-test-9z8y';

/** Calls a callback-style API and resolves with the object fail/success got, tagged. */
function call(fn: (o: any) => unknown, options: Record<string, unknown>): Promise<{ ok: boolean; res: any }> {
  return new Promise((resolve) => {
    fn({ ...options, success: (res: any) => resolve({ ok: true, res }), fail: (res: any) => resolve({ ok: false, res }) });
  });
}

function userFile(name: string, bytes: Buffer): string {
  const wxPath = `${wx.env.USER_DATA_PATH}/${name}`;
  fs.writeFileSync(mpsim.device.toHostPath(wxPath), bytes);
  return wxPath;
}

afterEach(() => {
  mpsim.cloud.reset();
  mpsim.network.reset();
});

describe('before wx.cloud.init', () => {
  test('every async API fails with the not-initialised message', async () => {
    const r = await call(wx.cloud.callFunction, { name: 'whoami' });
    expect(r.ok).toBe(false);
    expect(r.res.errMsg).toBe("cloud.callFunction:fail Cloud API isn't enabled, please call wx.cloud.init first");
    const d = await call(wx.cloud.getTempFileURL, { fileList: ['cloud://x.y/z'] });
    expect(d.res.errMsg).toBe("cloud.getTempFileURL:fail Cloud API isn't enabled, please call wx.cloud.init first");
    const g = await call(wx.cloud.database().collection('c').get, {});
    expect(g.res.errMsg).toContain("Cloud API isn't enabled");
  });
});

describe('wx.cloud', () => {
  beforeAll(() => {
    mpsim.cloud.setFunctionsDir(FUNCTIONS);
    wx.cloud.init({ env: ENV });
  });

  test('init: bad config throws', () => {
    expect(() => wx.cloud.init('env')).toThrow('cloud.init:fail parameter error: config should be Object');
    expect(() => wx.cloud.init({ env: 3 })).toThrow('cloud.init:fail parameter error: env should be String or Object');
  });

  test('callFunction: bad input fails with the parameter error', async () => {
    expect((await call(wx.cloud.callFunction, {})).res).toEqual({
      errMsg: 'cloud.callFunction:fail parameter error: parameter.name should be String instead of Undefined;',
      errno: 1001,
    });
    expect((await call(wx.cloud.callFunction, { name: 1 })).res.errMsg).toBe(
      'cloud.callFunction:fail parameter error: parameter.name should be String instead of Number;',
    );
    expect((await call(wx.cloud.callFunction, { name: '' })).res.errMsg).toBe(
      'cloud.callFunction:fail parameter error: name should not be empty',
    );
    expect((await call(wx.cloud.callFunction, { name: 'whoami', data: 'x' })).res.errMsg).toBe(
      'cloud.callFunction:fail parameter error: parameter.data should be Object instead of String;',
    );
    expect((await call(wx.cloud.callFunction, { name: 'whoami', config: 1 })).res.errMsg).toBe(
      'cloud.callFunction:fail parameter error: parameter.config should be Object instead of Number;',
    );
    await expect(wx.cloud.callFunction('whoami')).rejects.toMatchObject({
      errMsg: 'cloud.callFunction:fail parameter error: parameter should be Object instead of String;',
    });
  });

  test('callFunction: config.env picks another environment', async () => {
    const r = await wx.cloud.callFunction({ name: 'whoami', config: { env: 'other-env-1' } });
    expect(r.result.ENV).toBe('other-env-1');
  });

  test('uploadFile: a task with progress, the fileID, the bytes in the cloud', async () => {
    const bytes = Buffer.alloc(300 * 1024, 7);
    const filePath = userFile('up.bin', bytes);
    const events: any[] = [];
    const res: any = await new Promise((resolve, reject) => {
      const task = wx.cloud.uploadFile({ cloudPath: 'dir/up.bin', filePath, success: resolve, fail: reject });
      task.onProgressUpdate((p: any) => events.push(p));
    });
    expect(res).toEqual({ errMsg: 'cloud.uploadFile:ok', fileID: `cloud://${ENV}.6170-${ENV}-1300000000/dir/up.bin`, statusCode: 204 });
    expect(events[events.length - 1]).toEqual({ progress: 100, totalBytesSent: bytes.length, totalBytesExpectedToSend: bytes.length });
    expect(mpsim.cloud.readFile(res.fileID).equals(bytes)).toBe(true);
    // the promise form (no callback keys) returns a promise, not a task
    const p = wx.cloud.uploadFile({ cloudPath: 'dir/again.bin', filePath });
    expect(typeof p.then).toBe('function');
    expect((await p).fileID).toMatch(/\/dir\/again\.bin$/);
  });

  test('uploadFile: bad input, a missing file, a bad cloudPath, abort', async () => {
    expect((await call(wx.cloud.uploadFile, { filePath: 'x' })).res.errMsg).toBe(
      'cloud.uploadFile:fail parameter error: parameter.cloudPath should be String instead of Undefined;',
    );
    expect((await call(wx.cloud.uploadFile, { cloudPath: 'a', filePath: 3 })).res.errMsg).toBe(
      'cloud.uploadFile:fail parameter error: parameter.filePath should be String instead of Number;',
    );
    expect((await call(wx.cloud.uploadFile, { cloudPath: '', filePath: 'x' })).res.errMsg).toBe(
      'cloud.uploadFile:fail parameter error: cloudPath should not be empty',
    );
    const missing = await call(wx.cloud.uploadFile, { cloudPath: 'a.bin', filePath: `${wx.env.USER_DATA_PATH}/nope.bin` });
    expect(missing.res).toMatchObject({ errCode: -404001 });
    expect(missing.res.errMsg).toMatch(/^cloud\.uploadFile:fail Error: errCode: -404001 file not found/);
    const filePath = userFile('small.bin', Buffer.from('abc'));
    const bad = await call(wx.cloud.uploadFile, { cloudPath: '/abs/x.bin', filePath });
    expect(bad.res.errCode).toBe(-501001);
    expect(bad.res.errMsg).toContain('invalid cloudPath: /abs/x.bin');
    await expect(wx.cloud.uploadFile(null)).rejects.toMatchObject({
      errMsg: 'cloud.uploadFile:fail parameter error: parameter should be Object instead of Null;',
    });

    const big = userFile('big.bin', Buffer.alloc(2 * 1024 * 1024, 1));
    mpsim.network.throttle({ upload: 64 * 1024 });
    const aborted: any = await new Promise((resolve) => {
      const task = wx.cloud.uploadFile({ cloudPath: 'big.bin', filePath: big, fail: resolve, success: resolve });
      task.onProgressUpdate(() => task.abort());
    });
    expect(aborted.errMsg).toBe('cloud.uploadFile:fail abort');
    expect(mpsim.cloud.files(ENV)).not.toContain(`cloud://${ENV}.6170-${ENV}-1300000000/big.bin`);
  });

  test('downloadFile: the bytes to a temp file; bad input; a missing file', async () => {
    const ids = await mpsim.cloud.seedFiles({ 'docs/a.txt': 'hello' }, ENV);
    const res: any = await new Promise((resolve, reject) =>
      wx.cloud.downloadFile({ fileID: ids['docs/a.txt'], success: resolve, fail: reject }),
    );
    expect(res.errMsg).toBe('cloud.downloadFile:ok');
    expect(res.statusCode).toBe(200);
    expect(res.tempFilePath).toMatch(/^wxfile:\/\/tmp_[0-9a-f]+\.txt$/);
    expect(fs.readFileSync(mpsim.device.toHostPath(res.tempFilePath), 'utf8')).toBe('hello');

    expect((await call(wx.cloud.downloadFile, {})).res.errMsg).toBe(
      'cloud.downloadFile:fail parameter error: parameter.fileID should be String instead of Undefined;',
    );
    expect((await call(wx.cloud.downloadFile, { fileID: 'https://x/y' })).res.errMsg).toBe(
      'cloud.downloadFile:fail parameter error: fileID should be a cloud:// file ID',
    );
    const gone = await call(wx.cloud.downloadFile, { fileID: ids['docs/a.txt'].replace('a.txt', 'b.txt') });
    expect(gone.res.errCode).toBe(-503003);
    expect(gone.res.errMsg).toBe(
      'cloud.downloadFile:fail Error: errCode: -503003 storage file not exists | errMsg: storage file not exists',
    );
  });

  test('getTempFileURL: HTTPS URLs that serve the file until they expire; per-item status; bad input', async () => {
    const ids = await mpsim.cloud.seedFiles({ 'tmp/one.txt': 'one' }, ENV);
    const id = ids['tmp/one.txt'];
    const res = await wx.cloud.getTempFileURL({ fileList: [id, { fileID: id, maxAge: 1 }, `${id}.missing`] });
    expect(res.errMsg).toBe('cloud.getTempFileURL:ok');
    expect(res.fileList[0]).toMatchObject({ fileID: id, status: 0, errMsg: 'ok', maxAge: 86400 });
    expect(res.fileList[0].tempFileURL).toMatch(
      new RegExp(`^https://6170-${ENV}-1300000000\\.tcb\\.qcloud\\.la/tmp/one\\.txt\\?sign=[0-9a-f]{32}&t=\\d+$`),
    );
    expect(res.fileList[2]).toMatchObject({ status: -1, tempFileURL: '' });
    const get = (url: string) => new Promise<any>((resolve) => wx.request({ url, complete: resolve }));
    expect(await get(res.fileList[0].tempFileURL)).toMatchObject({ statusCode: 200, data: 'one' });
    // a tampered signature is refused
    expect((await get(res.fileList[0].tempFileURL.replace(/sign=./, 'sign=x'))).statusCode).toBe(403);
    // maxAge 1: refused once it has passed
    await new Promise((r) => setTimeout(r, 2100));
    const expired = await get(res.fileList[1].tempFileURL);
    expect(expired.statusCode).toBe(403);
    expect(expired.data).toContain('Request has expired');

    expect((await call(wx.cloud.getTempFileURL, {})).res.errMsg).toBe(
      'cloud.getTempFileURL:fail parameter error: parameter.fileList should be Array instead of Undefined;',
    );
    expect((await call(wx.cloud.getTempFileURL, { fileList: [] })).res.errMsg).toBe(
      'cloud.getTempFileURL:fail fileList should not be empty',
    );
    expect((await call(wx.cloud.getTempFileURL, { fileList: new Array(51).fill(id) })).res.errMsg).toBe(
      'cloud.getTempFileURL:fail fileList length should not exceed 50',
    );
    expect((await call(wx.cloud.getTempFileURL, { fileList: [3] })).res.errMsg).toBe(
      'cloud.getTempFileURL:fail fileList item should be a fileID string or { fileID, maxAge }',
    );
  });

  test('deleteFile: per-item status, the file is gone; bad input', async () => {
    const ids = await mpsim.cloud.seedFiles({ 'del/x.txt': 'x' }, ENV);
    const id = ids['del/x.txt'];
    const res = await wx.cloud.deleteFile({ fileList: [id, `${id}.nope`] });
    expect(res.errMsg).toBe('cloud.deleteFile:ok');
    expect(res.fileList[0]).toEqual({ fileID: id, status: 0, errMsg: 'ok' });
    expect(res.fileList[1]).toMatchObject({ status: -1 });
    expect(mpsim.cloud.readFile(id)).toBeUndefined();
    expect((await call(wx.cloud.deleteFile, { fileList: 'x' })).res.errMsg).toBe(
      'cloud.deleteFile:fail parameter error: parameter.fileList should be Array instead of String;',
    );
    expect((await call(wx.cloud.deleteFile, { fileList: [{ fileID: id }] })).res.errMsg).toBe(
      'cloud.deleteFile:fail fileList item should be a fileID string',
    );
  });

  test('CloudID: a marker object; bad input throws', () => {
    expect(wx.cloud.CloudID('abc')).toMatchObject({ cloudID: 'abc' });
    expect(() => wx.cloud.CloudID(1)).toThrow('CloudID: cloudID should be a non-empty string');
  });
});

describe('wx.cloud.database()', () => {
  beforeAll(() => wx.cloud.init({ env: ENV }));

  test('add / doc.get / where with commands / orderBy / skip / limit / field / count', async () => {
    mpsim.cloud.seed({ books: [] }, ENV);
    const db = wx.cloud.database();
    const _ = db.command;
    const books = db.collection('books');
    const added = await books.add({ data: { title: 'A', n: 1, tags: ['x'], at: db.serverDate() } });
    expect(added.errMsg).toBe('collection.add:ok');
    expect(added._id).toMatch(/^[0-9a-f]{32}$/);
    for (let n = 2; n <= 30; n++) await books.add({ data: { title: `B${n}`, n, tags: n % 2 ? ['odd'] : ['even'] } });

    const one = await books.doc(added._id).get();
    expect(one.errMsg).toBe('document.get:ok');
    expect(one.data).toMatchObject({ _id: added._id, title: 'A', n: 1, _openid: mpsim.cloud.user().OPENID });
    expect(Object.prototype.toString.call(one.data.at)).toBe('[object Date]');

    const page = await books
      .where({ n: _.gt(3).and(_.lte(10)), tags: _.in(['even']) })
      .orderBy('n', 'desc')
      .skip(1)
      .limit(2)
      .field({ n: true })
      .get();
    expect(page.errMsg).toBe('collection.get:ok');
    expect(page.data.map((d: any) => d.n)).toEqual([8, 6]);
    expect(Object.keys(page.data[0]).sort()).toEqual(['_id', 'n']);

    // the client's limit: at most 20 per get
    expect((await books.get()).data).toHaveLength(20);
    expect((await books.limit(50).get()).data).toHaveLength(20);
    expect(await books.where({ n: _.gte(25) }).count()).toEqual({ errMsg: 'collection.count:ok', total: 6 });
    expect((await books.where(_.or([{ n: 1 }, { title: 'B2' }])).get()).data).toHaveLength(2);
    expect((await books.where({ missing: _.exists(false), n: _.lt(3) }).count()).total).toBe(2);
  });

  test('doc.update with operators, doc.set, doc.remove, where().update/remove', async () => {
    mpsim.cloud.seed({ items: [] }, ENV);
    const db = wx.cloud.database();
    const _ = db.command;
    const items = db.collection('items');
    const { _id } = await items.add({ data: { n: 1, list: [1] } });
    const up = await items.doc(_id).update({ data: { n: _.inc(2), list: _.push(2), extra: 'e' } });
    expect(up).toEqual({ errMsg: 'document.update:ok', stats: { updated: 1 } });
    expect((await items.doc(_id).get()).data).toMatchObject({ n: 3, list: [1, 2], extra: 'e' });
    const set = await items.doc(_id).set({ data: { only: true } });
    expect(set).toMatchObject({ errMsg: 'document.set:ok', _id, stats: { updated: 1 } });
    const after = (await items.doc(_id).get()).data;
    expect(after.only).toBe(true);
    expect(after.n).toBeUndefined();
    await items.add({ data: { k: 1 } });
    await items.add({ data: { k: 1 } });
    expect(await items.where({ k: 1 }).update({ data: { k: 2 } })).toEqual({ errMsg: 'collection.update:ok', stats: { updated: 2 } });
    expect(await items.where({ k: 2 }).remove()).toEqual({ errMsg: 'collection.remove:ok', stats: { removed: 2 } });
    expect(await items.doc(_id).remove()).toEqual({ errMsg: 'document.remove:ok', stats: { removed: 1 } });
    const gone = await items
      .doc(_id)
      .get()
      .catch((e: any) => e);
    expect(gone.errMsg).toBe(
      // the client repeats the prefix in this message
      `document.get:fail document.get:fail cannot find document with _id ${_id}, please make sure that the document exists and you have the corresponding Read permission`,
    );
  });

  test('bad input and cloud-side failures end in the documented fail', async () => {
    const db = wx.cloud.database();
    expect(() => db.collection('')).toThrow('collection name should be a non-empty string');
    expect(() => db.collection('x').doc({})).toThrow('docId must be a string or number');
    const noData = await call(db.collection('x').add, {});
    expect(noData.res.errMsg).toBe('collection.add:fail parameter error: parameter.data should be Object instead of Undefined;');
    const missing = await db
      .collection('no_such')
      .get()
      .catch((e: any) => e);
    expect(missing.errCode).toBe(-502005);
    expect(missing.errMsg).toBe(
      'collection.get:fail Error: errCode: -502005 database collection not exists | errMsg: Db or Table not exist: no_such',
    );
    mpsim.cloud.seed({ f: [] }, ENV);
    mpsim.cloud.fault({ action: 'database.insertDocument', target: 'f', code: 'DATABASE_REQUEST_FAILED', message: 'injected', times: 1 });
    const faulted = await db
      .collection('f')
      .add({ data: { a: 1 } })
      .catch((e: any) => e);
    expect(faulted.errCode).toBe(-502001);
    expect((await db.collection('f').add({ data: { a: 1 } })).errMsg).toBe('collection.add:ok'); // times: 1
  });

  test('permissions: creator-only by default, read-all, admin-only', async () => {
    mpsim.cloud.seed({ posts: [{ _id: 'p1', _openid: 'o-someone-else', text: 'theirs' }] }, ENV);
    const db = wx.cloud.database();
    const posts = db.collection('posts');
    await posts.add({ data: { text: 'mine' } });
    expect((await posts.get()).data.map((d: any) => d.text)).toEqual(['mine']);
    expect((await posts.doc('p1').update({ data: { text: 'hijacked' } })).stats.updated).toBe(0);
    mpsim.cloud.setPermission('posts', 'read-all', ENV);
    expect((await posts.get()).data).toHaveLength(2);
    expect((await posts.doc('p1').remove()).stats.removed).toBe(0);
    mpsim.cloud.setPermission('posts', 'admin-only', ENV);
    const denied = await posts.get().catch((e: any) => e);
    expect(denied.errCode).toBe(-502003);
  });

  test('init with an env per service and database({ env }) choose the environment', async () => {
    mpsim.cloud.seed({ where_am_i: [{ _id: 'a', _openid: mpsim.cloud.user().OPENID, env: 'db-env-1' }] }, 'db-env-1');
    mpsim.cloud.seed({ where_am_i: [{ _id: 'b', _openid: mpsim.cloud.user().OPENID, env: 'db-env-2' }] }, 'db-env-2');
    try {
      wx.cloud.init({ env: { database: 'db-env-1', functions: ENV, storage: ENV } });
      expect((await wx.cloud.database().collection('where_am_i').get()).data[0].env).toBe('db-env-1');
      expect((await wx.cloud.database({ env: 'db-env-2' }).collection('where_am_i').get()).data[0].env).toBe('db-env-2');
    } finally {
      wx.cloud.init({ env: ENV });
    }
  });

  test('wx-server-sdk loaded in the same process does not take over the phone database', async () => {
    mpsim.cloud.seed({ shared: [] }, ENV);
    const db = wx.cloud.database();
    // @cloudbase/node-sdk sets the shared @cloudbase/database request class when it makes a db
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tcb = require('@cloudbase/node-sdk');
    tcb.init({ env: 'x', secretId: 'a', secretKey: 'b' }).database();
    expect((await db.collection('shared').add({ data: { a: 1 } })).errMsg).toBe('collection.add:ok');
    expect((await db.collection('shared').get()).data).toHaveLength(1);
  });

  test('an environment that does not answer: the call fails after the network timeout', async () => {
    mpsim.network.rules({ timeoutMs: 300 });
    mpsim.cloud.fault({ action: 'functions.invokeFunction', delayMs: 1500, times: 1 });
    const r = await wx.cloud.callFunction({ name: 'whoami' }).catch((e: any) => e);
    expect(r.errCode).toBe(-404011);
    expect(r.errMsg).toBe('cloud.callFunction:fail Error: errCode: -404011 cloud request fail | errMsg: timeout');
  });

  test('offline phone: the call fails with a network error, nothing reaches the cloud', async () => {
    mpsim.network.offline();
    const r = await wx.cloud.callFunction({ name: 'whoami' }).catch((e: any) => e);
    expect(r.errMsg).toMatch(/^cloud\.callFunction:fail Error: errCode: -404011 cloud request fail \| errMsg: /);
    expect(mpsim.cloud.calls).toHaveLength(0);
  });
});
