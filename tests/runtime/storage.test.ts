/**
 * wx storage on the Device: values keep their type, limits, info sizes, the Sync and
 * batch forms, and persistence — a second phone opened on the same sandbox (an app
 * restart) sees every change, through the snapshot and the journal, including after
 * a torn last journal line (a process killed mid-append) and after the journal was
 * folded into a new snapshot.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSimulator, type Simulator } from '../../index';

declare const wx: any;
declare const mpsim: any;

afterEach(() => wx.clearStorageSync());

/** A second phone on this test's sandbox dir: what an app restart would read. */
async function reopen(): Promise<{ wx: any; sim: Simulator }> {
  const sim = await createSimulator({ sandboxDir: mpsim.device.sandboxDir, defaultAlbum: false, cloud: false });
  const g: Record<string, any> = {};
  sim.install(g);
  return { wx: g.wx, sim };
}

describe('values', () => {
  test('strings, numbers, booleans, null, objects, arrays and Dates come back with their type', () => {
    const when = new Date(1700000000123);
    const values: Record<string, unknown> = {
      s: 'text é',
      n: 42.5,
      z: 0,
      b: false,
      nil: null,
      o: { a: [1, { b: 'c' }] },
      arr: [1, 'x', null],
      d: when,
    };
    for (const [k, v] of Object.entries(values)) wx.setStorageSync(k, v);
    for (const [k, v] of Object.entries(values)) expect(wx.getStorageSync(k)).toEqual(v);
    expect(wx.getStorageSync('d')).toBeInstanceOf(Date);
    expect(wx.getStorageSync('d').getTime()).toBe(when.getTime());
    expect(wx.getStorageSync('o')).toBeInstanceOf(Object);
    expect(wx.getStorageSync('arr')).toBeInstanceOf(Array);
  });

  test('a value read back is a copy: changing it does not change what is stored', () => {
    wx.setStorageSync('o', { n: 1 });
    const got = wx.getStorageSync('o');
    got.n = 2;
    expect(wx.getStorageSync('o')).toEqual({ n: 1 });
  });

  test("a missing key: getStorageSync gives '', getStorage fails with data not found", async () => {
    expect(wx.getStorageSync('missing')).toBe('');
    await expect(wx.getStorage({ key: 'missing' })).rejects.toEqual({ errMsg: 'getStorage:fail data not found' });
  });

  test('a function cannot be stored: fail, nothing stored', async () => {
    await expect(wx.setStorage({ key: 'f', data: () => 1 })).rejects.toMatchObject({ errMsg: expect.stringMatching(/^setStorage:fail /) });
    expect(wx.getStorageSync('f')).toBe('');
  });
});

describe('limits and info', () => {
  test('one key over 1 MB fails (exceed max size) and leaves the old value', async () => {
    wx.setStorageSync('big', 'small');
    await expect(wx.setStorage({ key: 'big', data: 'x'.repeat(1024 * 1024) })).rejects.toEqual({
      errMsg: 'setStorage:fail exceed max size',
    });
    expect(() => wx.setStorageSync('big', 'x'.repeat(1024 * 1024))).toThrow('setStorageSync:fail exceed max size');
    expect(wx.getStorageSync('big')).toBe('small');
  });

  test('all keys over 10 MB fails (exceed storage max size)', async () => {
    const chunk = 'y'.repeat(1000 * 1000);
    for (let i = 0; i < 10; i++) wx.setStorageSync(`k${i}`, chunk);
    await expect(wx.setStorage({ key: 'one-more', data: chunk })).rejects.toEqual({ errMsg: 'setStorage:fail exceed storage max size' });
    expect(wx.getStorageInfoSync().keys).toHaveLength(10);
  });

  test('getStorageInfo: keys, currentSize and limitSize in KB', async () => {
    wx.setStorageSync('a', 'x'.repeat(3000));
    wx.setStorageSync('b', 1);
    const info = await wx.getStorageInfo();
    expect(info.errMsg).toBe('getStorageInfo:ok');
    expect([...info.keys].sort()).toEqual(['a', 'b']);
    expect(info.currentSize).toBe(Math.ceil((1 + 3002 + 1 + 1) / 1024));
    expect(info.limitSize).toBe(10240);
    expect(wx.getStorageInfoSync()).toMatchObject({ currentSize: info.currentSize, limitSize: 10240 });
  });

  test('remove and clear, async and Sync', async () => {
    wx.setStorageSync('a', 1);
    wx.setStorageSync('b', 2);
    await expect(wx.removeStorage({ key: 'a' })).resolves.toEqual({ errMsg: 'removeStorage:ok' });
    expect(wx.getStorageSync('a')).toBe('');
    wx.removeStorageSync('b');
    wx.setStorageSync('c', 3);
    await expect(wx.clearStorage()).resolves.toEqual({ errMsg: 'clearStorage:ok' });
    expect(wx.getStorageInfoSync().keys).toEqual([]);
  });

  test('batchSetStorage / batchGetStorage (missing keys give "")', async () => {
    await expect(
      wx.batchSetStorage({
        kvList: [
          { key: 'x', value: { deep: true } },
          { key: 'y', value: 7 },
        ],
      }),
    ).resolves.toEqual({ errMsg: 'batchSetStorage:ok' });
    const r = await wx.batchGetStorage({ keyList: ['x', 'y', 'nope'] });
    expect(r.dataList).toEqual([{ deep: true }, 7, '']);
    expect(wx.batchGetStorageSync(['y'])).toEqual([7]);
  });
});

describe('persistence: an app restart on the same sandbox', () => {
  const files = () => ({
    snapshot: path.join(mpsim.device.sandboxDir, 'storage.json'),
    journal: path.join(mpsim.device.sandboxDir, 'storage.log'),
  });

  test('sees every set, remove and clear made before it', async () => {
    wx.setStorageSync('keep', { v: 1 });
    wx.setStorageSync('gone', 2);
    wx.setStorageSync('when', new Date(5));
    wx.removeStorageSync('gone');
    const a = await reopen();
    try {
      expect(a.wx.getStorageSync('keep')).toEqual({ v: 1 });
      expect(a.wx.getStorageSync('gone')).toBe('');
      expect(a.wx.getStorageSync('when').getTime()).toBe(5);
    } finally {
      await a.sim.dispose();
    }
    wx.clearStorageSync();
    wx.setStorageSync('after-clear', true);
    const b = await reopen();
    try {
      expect(b.wx.getStorageInfoSync().keys).toEqual(['after-clear']);
    } finally {
      await b.sim.dispose();
    }
  });

  test('a change is on disk as soon as setStorageSync returns (one journal line each)', () => {
    const before = fs.existsSync(files().journal) ? fs.readFileSync(files().journal, 'utf8').split('\n').length : 0;
    wx.setStorageSync('j', 1);
    const lines = fs.readFileSync(files().journal, 'utf8').split('\n');
    expect(lines.length).toBe(before + 1);
    expect(JSON.parse(lines[lines.length - 2]!)).toEqual(['s', 'j', { t: 'json', v: '1' }]);
  });

  test('a torn last journal line (killed mid-append) is ignored; the lines before it count', async () => {
    wx.setStorageSync('a', 'first');
    wx.setStorageSync('b', 'second');
    fs.appendFileSync(files().journal, '["s","a",{"t":"json","v":"\\"torn');
    const r = await reopen();
    try {
      expect(r.wx.getStorageSync('a')).toBe('first');
      expect(r.wx.getStorageSync('b')).toBe('second');
      r.wx.setStorageSync('c', 3); // written after the torn line: must survive the next restart too
    } finally {
      await r.sim.dispose();
    }
    const again = await reopen();
    try {
      expect(again.wx.getStorageSync('c')).toBe(3);
      expect(again.wx.getStorageSync('a')).toBe('first');
    } finally {
      await again.sim.dispose();
    }
  });

  test('the journal is folded into the snapshot once it outgrows it; nothing is lost across folds', async () => {
    const value = { parts: Array.from({ length: 100 }, (_, i) => ({ n: i, etag: 'e'.repeat(32) })) }; // ~4 KB
    for (let i = 0; i < 200; i++) wx.setStorageSync(`cp${i % 3}`, { ...value, i });
    const journal = fs.existsSync(files().journal) ? fs.statSync(files().journal).size : 0;
    expect(journal).toBeLessThan(300 * 1024); // folded: 200 × ~4 KB would be ~800 KB
    expect(fs.existsSync(files().snapshot)).toBe(true);
    const r = await reopen();
    try {
      expect(r.wx.getStorageSync('cp0').i).toBe(198);
      expect(r.wx.getStorageSync('cp1').i).toBe(199);
      expect(r.wx.getStorageSync('cp2').i).toBe(197);
      expect(r.wx.getStorageSync('cp2').parts).toHaveLength(100);
    } finally {
      await r.sim.dispose();
    }
  });

  test('a corrupt snapshot reads as a fresh install (no crash)', async () => {
    wx.setStorageSync('x', 1);
    fs.writeFileSync(files().snapshot, '{not json');
    fs.rmSync(files().journal, { force: true });
    const r = await reopen();
    try {
      expect(r.wx.getStorageInfoSync().keys).toEqual([]);
      r.wx.setStorageSync('y', 2);
      expect(r.wx.getStorageSync('y')).toBe(2);
    } finally {
      await r.sim.dispose();
    }
  });
});
