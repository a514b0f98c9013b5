/**
 * @jest-environment-options {"mpsim":{"quotaBytes":1048576}}
 *
 * Issue 13 item 7: one quota account for every writer of the user area. Downloads
 * with a user `filePath` claim their bytes as they arrive (the body goes to a temp
 * part first) and hold the claim until the rename, so concurrent downloads and the
 * synchronous fs writers together never store more than the quota (1 MiB here).
 * Real bytes from the echo server over HTTPS; `/chunked/:n` sends n KiB 10 ms apart,
 * so the downloads really overlap.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { call } from './helpers';

declare const wx: any;
declare const mpsim: any;

const QUOTA = 1048576;
const ECHO = 'https://echo.mpsim.test';
const FULL = 'downloadFile:fail the maximum size of the file storage limit is exceeded';

const dirBytes = (dir: string): number =>
  fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => {
    const p = path.join(dir, e.name);
    return n + (e.isDirectory() ? dirBytes(p) : fs.statSync(p).size);
  }, 0);
const stored = () => dirBytes(path.join(mpsim.device.sandboxDir, 'usr')) + dirBytes(path.join(mpsim.device.sandboxDir, 'store'));
const tempFiles = () => fs.readdirSync(path.join(mpsim.device.sandboxDir, 'tmp'));

beforeEach(() => {
  for (const dir of ['usr', 'store', 'tmp']) {
    const d = path.join(mpsim.device.sandboxDir, dir);
    for (const n of fs.readdirSync(d)) fs.rmSync(path.join(d, n), { recursive: true });
  }
});

test('six concurrent 400 KiB downloads into a 1 MiB quota: at most two land, the rest fail with the client text, no part left', async () => {
  const runs = await Promise.all(
    Array.from({ length: 6 }, (_, i) => call('downloadFile', { url: `${ECHO}/chunked/400`, filePath: `wxfile://usr/d${i}.bin` })),
  );
  const ok = runs.filter((r) => r.ok);
  const failed = runs.filter((r) => !r.ok);
  expect(ok.length).toBeGreaterThanOrEqual(1);
  expect(ok.length).toBeLessThanOrEqual(2);
  for (const r of failed) expect(r.res).toEqual({ errMsg: FULL, errno: 1300202 });
  expect(stored()).toBe(ok.length * 400 * 1024);
  expect(stored()).toBeLessThanOrEqual(QUOTA);
  for (const r of ok) expect(fs.statSync(mpsim.device.toHostPath(r.res.filePath)).size).toBe(400 * 1024);
  expect(tempFiles()).toEqual([]);
});

test('a download in flight holds its claim against writeFile, up to the rename (the bytes are all in, the file not yet in place)', async () => {
  const fsm = wx.getFileSystemManager();
  const tryWrite = (name: string, bytes: number): unknown => {
    try {
      fsm.writeFileSync(`wxfile://usr/${name}`, new ArrayBuffer(bytes));
      return 'written';
    } catch (err) {
      return err;
    }
  };
  const seen: Record<number, unknown> = {};
  mpsim.network.throttle(1024 * 1024);
  const r = await call('downloadFile', { url: `${ECHO}/bytes/${600 * 1024}`, filePath: 'wxfile://usr/big.bin' }, (t) =>
    t.onProgressUpdate((e: any) => {
      // midway, n bytes are claimed: QUOTA - n are free, one byte more is not;
      // at 100 % every byte is in the part, not yet renamed: all 600 KiB still claimed
      const at = e.progress === 100 ? 100 : 50;
      if (e.progress > 0 && !(at in seen)) seen[at] = tryWrite(`at${at}`, QUOTA - (e.totalBytesWritten as number) + 1);
    }),
  );
  mpsim.network.reset();
  expect(r.ok).toBe(true);
  const full = { errno: 1300202, message: 'writeFileSync:fail the maximum size of the file storage limit is exceeded' };
  expect(seen[50]).toMatchObject(full);
  expect(seen[100]).toMatchObject(full);
  expect(fs.existsSync(mpsim.device.toHostPath('wxfile://usr/at50'))).toBe(false);
  expect(fs.existsSync(mpsim.device.toHostPath('wxfile://usr/at100'))).toBe(false);
  // after the rename the claim is real usage: exactly the rest still fits
  expect(tryWrite('c', QUOTA - 600 * 1024 + 1)).toMatchObject(full);
  expect(tryWrite('c', QUOTA - 600 * 1024)).toBe('written');
  expect(stored()).toBe(QUOTA);
});

test('a failed or aborted download gives its claim back; replacing a file counts only its growth', async () => {
  const fsm = wx.getFileSystemManager();
  fsm.writeFileSync('wxfile://usr/old.bin', new ArrayBuffer(700 * 1024));
  // 700 KiB replaced by 800 KiB: growth 100 KiB fits beside the 700 KiB it replaces
  const replaced = await call('downloadFile', { url: `${ECHO}/bytes/${800 * 1024}`, filePath: 'wxfile://usr/old.bin' });
  expect(replaced.ok).toBe(true);
  expect(stored()).toBe(800 * 1024);
  // abort halfway: the 100 KiB claimed so far come back
  mpsim.network.throttle(1024 * 1024);
  const aborted = await call('downloadFile', { url: `${ECHO}/bytes/${200 * 1024}`, filePath: 'wxfile://usr/x.bin' }, (t) =>
    t.onProgressUpdate((e: any) => e.progress >= 50 && t.abort()),
  );
  mpsim.network.reset();
  expect(aborted.res.errMsg).toBe('downloadFile:fail abort');
  // too big for what is left: fails once the claim passes the free space
  const tooBig = await call('downloadFile', { url: `${ECHO}/bytes/${300 * 1024}`, filePath: 'wxfile://usr/y.bin' });
  expect(tooBig.res).toEqual({ errMsg: FULL, errno: 1300202 });
  expect(tempFiles()).toEqual([]);
  // every claim was given back: all 224 KiB left are free to a plain write
  fsm.writeFileSync('wxfile://usr/z.bin', new ArrayBuffer(QUOTA - 800 * 1024));
  expect(stored()).toBe(QUOTA);
});

test('temp downloads (no filePath) are outside the quota, as temp files are', async () => {
  const r = await call('downloadFile', { url: `${ECHO}/bytes/${2 * QUOTA}` });
  expect(r.ok).toBe(true);
  expect(fs.statSync(mpsim.device.toHostPath(r.res.tempFilePath)).size).toBe(2 * QUOTA);
});
