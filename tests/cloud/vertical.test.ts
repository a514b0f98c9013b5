/**
 * wx.cloud end to end: the phone's calls over the simulated network to the local
 * environment, functions in their own Node processes running the real
 * wx-server-sdk unchanged.
 */
import * as path from 'node:path';

declare const wx: any;
declare const mpsim: any;

const FUNCTIONS = path.join(__dirname, '..', 'fixtures', 'cloud', 'cloudfunctions');

beforeAll(() => {
  mpsim.cloud.setFunctionsDir(FUNCTIONS);
  wx.cloud.init({ env: 'test-env-1a2b' });
});
afterEach(() => mpsim.cloud.reset());

test('callFunction: the event, getWXContext of the simulated user, the env', async () => {
  const user = mpsim.cloud.user();
  const res = await wx.cloud.callFunction({ name: 'whoami', data: { a: 1 } });
  expect(res.errMsg).toBe('cloud.callFunction:ok');
  expect(typeof res.requestID).toBe('string');
  expect(res.result).toEqual({
    event: { a: 1, userInfo: { appId: user.APPID, openId: user.OPENID } },
    OPENID: user.OPENID,
    APPID: user.APPID,
    UNIONID: user.UNIONID,
    ENV: 'test-env-1a2b',
    SOURCE: 'wx_client',
  });
  expect(user.OPENID).toMatch(/^o[A-Za-z0-9_-]{27}$/);
});

test('the real wx-server-sdk database: add with serverDate, where/orderBy/get, update with _.inc', async () => {
  mpsim.cloud.seed({ notes: [] }, 'test-env-1a2b');
  for (const n of [1, 2, 3]) await wx.cloud.callFunction({ name: 'store', data: { op: 'add', text: `t${n}`, n } });
  const q = await wx.cloud.callFunction({ name: 'store', data: { op: 'query', min: 2 } });
  const openid = mpsim.cloud.user().OPENID;
  expect(q.result).toEqual([
    { text: 't3', n: 3, owner: openid, isDate: true },
    { text: 't2', n: 2, owner: openid, isDate: true },
  ]);
  const inc = await wx.cloud.callFunction({ name: 'store', data: { op: 'inc' } });
  expect(inc.result).toEqual({ updated: 3 });
  const exported = mpsim.cloud.exportData('test-env-1a2b').notes;
  expect(exported.map((d: any) => d.n).sort()).toEqual([11, 12, 13]);
  expect(Object.prototype.toString.call(exported[0].at)).toBe('[object Date]');
});

test('the real wx-server-sdk storage: uploadFile, downloadFile, getTempFileURL', async () => {
  const r = await wx.cloud.callFunction({ name: 'store', data: { op: 'upload', path: 'fn/hello.txt', content: 'hello cloud' } });
  expect(r.result.fileID).toMatch(/^cloud:\/\/test-env-1a2b\.7465-test-env-1a2b-1300000000\/fn\/hello\.txt$/);
  expect(r.result.content).toBe('hello cloud');
  expect(mpsim.cloud.readFile(r.result.fileID).toString()).toBe('hello cloud');
});

test('a function that throws: -504002 functions execute fail with its error', async () => {
  const err = await wx.cloud.callFunction({ name: 'boom' }).catch((e: any) => e);
  expect(err.errCode).toBe(-504002);
  expect(err.errMsg).toMatch(
    /^cloud\.callFunction:fail Error: errCode: -504002 functions execute fail \| errMsg: TypeError: boom from the function/,
  );
});

test('a missing function: -501000', async () => {
  const err = await wx.cloud.callFunction({ name: 'nothere' }).catch((e: any) => e);
  expect(err.errCode).toBe(-501000);
  expect(err.errMsg).toContain('FunctionName parameter could not be found');
});

test('the 3 s time limit: -504003', async () => {
  const err = await wx.cloud.callFunction({ name: 'slow', data: { ms: 10000 } }).catch((e: any) => e);
  expect(err.errCode).toBe(-504003);
  expect(err.errMsg).toContain('Invoking task timed out after 3 seconds');
});

test('each function runs in its own process with its own node_modules; a warm instance is reused; concurrent calls get their own', async () => {
  const a = await wx.cloud.callFunction({ name: 'ownmods', data: { name: 'A' } });
  expect(a.result.text).toBe("hello A from this function's own node_modules");
  expect(a.result.pid).not.toBe(process.pid);
  expect(a.result.cwd).toBe(path.join(FUNCTIONS, 'ownmods'));
  const b = await wx.cloud.callFunction({ name: 'ownmods', data: { name: 'B' } });
  expect(b.result.pid).toBe(a.result.pid); // warm
  const [c, d] = await Promise.all([
    wx.cloud.callFunction({ name: 'ownmods', data: { name: 'C', hold: 1000 } }),
    wx.cloud.callFunction({ name: 'ownmods', data: { name: 'D', hold: 1000 } }),
  ]);
  expect(new Set([c.result.pid, d.result.pid]).size).toBe(2);
  const log = mpsim.cloud.calls.filter((x: any) => x.target === 'ownmods');
  expect(log).toHaveLength(4);
  expect(log[0].event).toEqual({ name: 'A', userInfo: { appId: mpsim.cloud.user().APPID, openId: mpsim.cloud.user().OPENID } });
  expect(JSON.parse(log[0].result).text).toContain('hello A');
});

test('a function whose index.js fails to load: -504002 with the load error', async () => {
  const err = await wx.cloud.callFunction({ name: 'broken' }).catch((e: any) => e);
  expect(err.errCode).toBe(-504002);
  expect(err.errMsg).toContain("Cannot find module 'a-module-that-is-not-installed'");
});

test('a function inside the database: a missing collection comes back as the SDK reports it', async () => {
  const r = await wx.cloud.callFunction({ name: 'store', data: { op: 'missing' } }).catch((e: any) => e);
  // wx-server-sdk rejects; the function's error is the call's fail
  expect(r.errCode).toBe(-504002);
  expect(r.errMsg).toMatch(/DATABASE_COLLECTION_NOT_EXIST|Db or Table not exist/);
});
