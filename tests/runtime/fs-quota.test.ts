/**
 * @jest-environment-options {"mpsim":{"quotaBytes":1000}}
 *
 * The user + saved quota (Device option `quotaBytes`, 200 MB by default) on a
 * phone with 1000 bytes: every write path that can grow usage is refused with
 * errno 1300202 and leaves the files as they were.
 */
import * as fs from 'node:fs';
import { call, callSync, makeTemp } from './fs-helpers';

declare const wx: any;
declare const mpsim: any;

const U = 'wxfile://usr';
const fsm = () => wx.getFileSystemManager();
const host = (p: string) => mpsim.device.toHostPath(p);
const QUOTA = { errMsg: 'writeFile:fail the maximum size of the file storage limit is exceeded', errno: 1300202 };
const clean = () => {
  for (const dir of ['usr', 'store']) {
    const d = `${mpsim.device.sandboxDir}/${dir}`;
    for (const n of fs.readdirSync(d)) fs.rmSync(`${d}/${n}`, { recursive: true });
  }
};

beforeEach(clean);

test('writeFile up to the quota works, one byte more fails and writes nothing', async () => {
  expect((await call(fsm(), 'writeFile', { filePath: `${U}/a`, data: 'x'.repeat(600) })).ok).toBe(true);
  expect((await call(fsm(), 'writeFile', { filePath: `${U}/b`, data: 'y'.repeat(400) })).ok).toBe(true);
  expect((await call(fsm(), 'writeFile', { filePath: `${U}/c`, data: 'z' })).res).toEqual(QUOTA);
  expect(fs.existsSync(host(`${U}/c`))).toBe(false);
  // replacing a file counts only the growth
  expect((await call(fsm(), 'writeFile', { filePath: `${U}/a`, data: 'w'.repeat(600) })).ok).toBe(true);
  expect(callSync(fsm(), 'writeFileSync', `${U}/a`, 'w'.repeat(601)).error).toMatchObject({
    message: 'writeFileSync:fail the maximum size of the file storage limit is exceeded',
    errno: 1300202,
  });
  expect(fs.readFileSync(host(`${U}/a`), 'utf8')).toBe('w'.repeat(600));
});

test('appendFile, copyFile, truncate-extend, fd write and ftruncate are counted', async () => {
  fsm().writeFileSync(`${U}/a`, 'a'.repeat(900));
  expect((await call(fsm(), 'appendFile', { filePath: `${U}/a`, data: 'b'.repeat(101) })).res.errno).toBe(1300202);
  expect((await call(fsm(), 'appendFile', { filePath: `${U}/a`, data: 'b'.repeat(100) })).ok).toBe(true);
  fsm().writeFileSync(`${U}/a`, 'a'.repeat(501));
  expect((await call(fsm(), 'copyFile', { srcPath: `${U}/a`, destPath: `${U}/b` })).res.errno).toBe(1300202);
  expect(fs.existsSync(host(`${U}/b`))).toBe(false);
  expect((await call(fsm(), 'truncate', { filePath: `${U}/a`, length: 1001 })).res.errno).toBe(1300202);
  expect(fs.statSync(host(`${U}/a`)).size).toBe(501);
  expect((await call(fsm(), 'truncate', { filePath: `${U}/a`, length: 10 })).ok).toBe(true); // shrinking is fine
  const fd = fsm().openSync({ filePath: `${U}/f`, flag: 'w' });
  expect(callSync(fsm(), 'writeSync', { fd, data: 'x'.repeat(991) }).error.errno).toBe(1300202);
  expect(fsm().writeSync({ fd, data: 'x'.repeat(990) }).bytesWritten).toBe(990);
  expect((await call(fsm(), 'ftruncate', { fd, length: 991 })).res.errno).toBe(1300202);
  expect((await call(fsm(), 'write', { fd, data: 'y', position: 0 })).ok).toBe(true); // overwrite, no growth
  fsm().closeSync({ fd });
});

test('saveFile counts toward the quota (temp files do not), saved + user share it', async () => {
  const big = makeTemp(mpsim, Buffer.alloc(1500), 'bin'); // temp files are outside the quota
  expect((await call(fsm(), 'saveFile', { tempFilePath: big })).res).toEqual({
    errMsg: 'saveFile:fail the maximum size of the file storage limit is exceeded',
    errno: 1300202,
  });
  expect(fs.existsSync(host(big))).toBe(true); // not moved
  const small = makeTemp(mpsim, Buffer.alloc(700), 'bin');
  const saved = await wx.saveFile({ tempFilePath: small });
  expect(saved.savedFilePath).toMatch(/^wxfile:\/\/store_/);
  expect((await call(fsm(), 'writeFile', { filePath: `${U}/u`, data: 'x'.repeat(301) })).res.errno).toBe(1300202);
  expect((await call(fsm(), 'writeFile', { filePath: `${U}/u`, data: 'x'.repeat(300) })).ok).toBe(true);
  await expect(wx.saveFile({ tempFilePath: makeTemp(mpsim, 'x') })).rejects.toMatchObject({ errno: 1300202 });
});

test('a Simulator created with quotaBytes and installed on a plain object enforces its own quota', async () => {
  // Loaded here, not at the top: the docblock tests above need nothing but the environment.
  const { createSimulator } = await import('../../index');
  const sim = await createSimulator({ quotaBytes: 10 });
  try {
    const target: Record<string, any> = {};
    sim.install(target);
    const m = target.wx.getFileSystemManager();
    m.writeFileSync('wxfile://usr/ten', '0123456789');
    expect(callSync(m, 'appendFileSync', 'wxfile://usr/ten', '!').error.errno).toBe(1300202);
    // the jest phone's quota is separate
    fsm().writeFileSync(`${U}/other`, 'x'.repeat(20));
  } finally {
    await sim.dispose();
  }
});

test('issue 13 item 6: a write at a huge position is charged the logical growth (holes included), not the bytes written', async () => {
  const fd = fsm().openSync({ filePath: `${U}/sparse`, flag: 'w' });
  // 1 byte at 10 GiB would make a 10 GiB (sparse) file: refused, nothing written
  expect(callSync(fsm(), 'writeSync', { fd, data: 'x', position: 10 * 1024 ** 3 }).error.errno).toBe(1300202);
  expect((await call(fsm(), 'write', { fd, data: 'x', position: 2000 })).res.errno).toBe(1300202);
  expect(fs.statSync(host(`${U}/sparse`)).size).toBe(0);
  // growth up to the quota is fine: a hole of 899 bytes plus 1 byte
  expect(fsm().writeSync({ fd, data: 'x', position: 899 }).bytesWritten).toBe(1);
  expect(fs.statSync(host(`${U}/sparse`)).size).toBe(900);
  expect(callSync(fsm(), 'writeSync', { fd, data: 'y'.repeat(10), position: 995 }).error.errno).toBe(1300202);
  fsm().closeSync({ fd });
});
