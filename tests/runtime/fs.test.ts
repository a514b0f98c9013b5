/**
 * wx.getFileSystemManager() on the jest environment's phone: every method in
 * callback and Sync form against real files in the Device sandbox, checked on the
 * host file system too.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { call, callSync, makeTemp, makeZip } from './fs-helpers';

declare const wx: any;
declare const mpsim: any;

const U = 'wxfile://usr';
const fsm = () => wx.getFileSystemManager();
const host = (wxPath: string) => mpsim.device.toHostPath(wxPath);
const hostRead = (wxPath: string) => fs.readFileSync(host(wxPath));
let n = 0;
/** A fresh user-area path for each test. */
const fresh = (ext = 'txt') => `${U}/f${++n}.${ext}`;

describe('the manager object', () => {
  test('one shared object per wx, methods not promisified', async () => {
    expect(wx.getFileSystemManager()).toBe(wx.getFileSystemManager());
    const p = fresh();
    expect(fsm().writeFile({ filePath: p, data: 'x' })).toBeUndefined();
    await mpsim.idle();
    expect(hostRead(p).toString()).toBe('x');
  });

  test('success then complete with <api>:ok', async () => {
    const order: string[] = [];
    await new Promise<void>((resolve) =>
      fsm().access({
        path: U,
        success: (r: any) => order.push(`s:${r.errMsg}`),
        complete: (r: any) => {
          order.push(`c:${r.errMsg}`);
          resolve();
        },
      }),
    );
    expect(order).toEqual(['s:access:ok', 'c:access:ok']);
  });

  test('async methods act after the calling code has finished, in call order', async () => {
    const p = fresh();
    fsm().writeFile({ filePath: p, data: 'first' });
    expect(fs.existsSync(host(p))).toBe(false); // not yet: the phone's file thread is asynchronous
    fsm().appendFile({ filePath: p, data: '+second' });
    const r = await call(fsm(), 'readFile', { filePath: p, encoding: 'utf8' });
    expect(r.res.data).toBe('first+second');
  });

  test('canIUse sees getFileSystemManager', () => {
    expect(wx.canIUse('getFileSystemManager')).toBe(true);
  });
});

describe('writeFile / readFile / appendFile', () => {
  test.each([
    ['utf8', 'héllo wörld'],
    ['utf-8', '中文'],
    ['ascii', 'plain'],
    ['latin1', 'caf\u00e9'],
    ['binary', 'b\u00ffn'],
    ['ucs2', 'u\u1234'],
    ['ucs-2', 'u\u1234'],
    ['utf16le', 'le\u4e2d'],
    ['utf-16le', 'le\u4e2d'],
    ['hex', 'deadbeef'],
    ['base64', 'aGVsbG8='],
  ])('encoding %s round-trips (async and sync)', async (encoding, text) => {
    const p = fresh();
    expect(await call(fsm(), 'writeFile', { filePath: p, data: text, encoding })).toEqual({ ok: true, res: { errMsg: 'writeFile:ok' } });
    expect(hostRead(p).equals(Buffer.from(text, encoding as BufferEncoding))).toBe(true);
    expect(await call(fsm(), 'readFile', { filePath: p, encoding })).toEqual({ ok: true, res: { errMsg: 'readFile:ok', data: text } });
    const q = fresh();
    expect(fsm().writeFileSync(q, text, encoding)).toBeUndefined();
    expect(fsm().readFileSync(q, encoding)).toBe(text);
  });

  test('default encoding is utf8; no encoding reads an ArrayBuffer of this realm', async () => {
    const p = fresh();
    fsm().writeFileSync(p, 'é');
    expect(hostRead(p)).toEqual(Buffer.from('é', 'utf8'));
    const r = await call(fsm(), 'readFile', { filePath: p });
    expect(r.res.data).toBeInstanceOf(ArrayBuffer);
    expect(Buffer.from(r.res.data)).toEqual(Buffer.from('é'));
    const s = fsm().readFileSync(p);
    expect(s).toBeInstanceOf(ArrayBuffer);
    expect(s.byteLength).toBe(2);
  });

  test('ArrayBuffer and typed-array data are written as bytes', () => {
    const p = fresh('bin');
    const ab = new Uint8Array([1, 2, 3, 255]).buffer;
    fsm().writeFileSync(p, ab);
    expect([...hostRead(p)]).toEqual([1, 2, 3, 255]);
    const big = new Uint8Array([9, 8, 7, 6, 5]);
    fsm().writeFileSync(p, big.subarray(1, 3));
    expect([...hostRead(p)]).toEqual([8, 7]);
    fsm().writeFileSync(p, new Uint16Array([0x0102]));
    expect([...hostRead(p)]).toEqual([2, 1]);
  });

  test('base64 with a data: URI prefix → base64 encode error (1300203)', async () => {
    const p = fresh();
    const r = await call(fsm(), 'writeFile', { filePath: p, data: 'data:text/plain;base64,aGk=', encoding: 'base64' });
    expect(r).toEqual({ ok: false, res: { errMsg: 'writeFile:fail base64 encode error', errno: 1300203 } });
    const s = callSync(fsm(), 'writeFileSync', p, 'data:image/png;base64,aGk=', 'base64');
    expect(s.error.message).toBe('writeFileSync:fail base64 encode error');
    expect(s.error.errno).toBe(1300203);
    expect(s.error).toBeInstanceOf(Error);
    expect(fs.existsSync(host(p))).toBe(false);
  });

  test('writeFile replaces, appendFile appends (async and sync)', async () => {
    const p = fresh();
    fsm().writeFileSync(p, 'aaaa');
    fsm().writeFileSync(p, 'b');
    expect(hostRead(p).toString()).toBe('b');
    expect(await call(fsm(), 'appendFile', { filePath: p, data: 'c' })).toEqual({ ok: true, res: { errMsg: 'appendFile:ok' } });
    fsm().appendFileSync(p, '64', 'hex');
    fsm().appendFileSync(p, new Uint8Array([0x65]).buffer);
    expect(hostRead(p).toString()).toBe('bcde');
  });

  test('appendFile to a missing file fails with no such file (1300002)', async () => {
    const p = fresh();
    expect(await call(fsm(), 'appendFile', { filePath: p, data: 'x' })).toEqual({
      ok: false,
      res: { errMsg: `appendFile:fail no such file or directory ${p}`, errno: 1300002 },
    });
    expect(callSync(fsm(), 'appendFileSync', p, 'x').error.message).toBe(`appendFileSync:fail no such file or directory ${p}`);
  });

  test('writeFile into a missing directory / onto a directory fails', async () => {
    const p = `${U}/nodir/x.txt`;
    expect((await call(fsm(), 'writeFile', { filePath: p, data: 'x' })).res).toEqual({
      errMsg: `writeFile:fail no such file or directory ${p}`,
      errno: 1300002,
    });
    fsm().mkdirSync(`${U}/adir`);
    expect((await call(fsm(), 'writeFile', { filePath: `${U}/adir`, data: 'x' })).res).toEqual({
      errMsg: `writeFile:fail Is a directory ${U}/adir`,
      errno: 1300021,
    });
  });

  test('readFile of a missing file / a directory', async () => {
    expect((await call(fsm(), 'readFile', { filePath: `${U}/missing` })).res).toEqual({
      errMsg: `readFile:fail no such file or directory ${U}/missing`,
      errno: 1300002,
    });
    fsm().mkdirSync(`${U}/rdir`);
    expect((await call(fsm(), 'readFile', { filePath: `${U}/rdir` })).res).toEqual({
      errMsg: `readFile:fail illegal operation on a directory, open ${U}/rdir`,
      errno: 1301003,
    });
    const s = callSync(fsm(), 'readFileSync', `${U}/missing`);
    expect(s.error.errno).toBe(1300002);
  });

  test('writes to temp, saved and package areas are refused with permission denied (1300013)', async () => {
    const t = makeTemp(mpsim, 'temp');
    const r = await call(fsm(), 'writeFile', { filePath: t, data: 'x' });
    expect(r.res).toEqual({ errMsg: `writeFile:fail permission denied, open ${t}`, errno: 1300013 });
    expect(hostRead(t).toString()).toBe('temp');
    expect((await call(fsm(), 'appendFile', { filePath: t, data: 'x' })).res.errno).toBe(1300013);
    expect((await call(fsm(), 'unlink', { filePath: t })).res.errno).toBe(1300013);
    expect(fs.existsSync(host(t))).toBe(true);
    expect(callSync(fsm(), 'mkdirSync', 'wxfile://tmp_dir').error.errno).toBe(1300013);
  });

  describe('position / length ranges', () => {
    const p = `${U}/range.bin`;
    beforeAll(() => fs.writeFileSync(host(p), Buffer.from('0123456789')));
    test.each([
      [0, 10, '0123456789'],
      [0, 1, '0'],
      [9, 1, '9'],
      [3, 4, '3456'],
      [5, undefined, '56789'],
      [undefined, 3, '012'],
    ])('position %p length %p → %p', async (position, length, want) => {
      const r = await call(fsm(), 'readFile', { filePath: p, position, length });
      expect(Buffer.from(r.res.data).toString()).toBe(want);
      expect(r.res.data.byteLength).toBe(want.length);
      expect(fsm().readFileSync(p, 'utf8', position, length)).toBe(want);
    });
    test.each([
      [10, undefined, 'position', 1301009],
      [-1, undefined, 'position', 1301009],
      [1.5, undefined, 'position', 1301009],
      [0, 0, 'length', 1301006],
      [0, 11, 'length', 1301006],
      [5, 6, 'length', 1301006],
      [0, -2, 'length', 1301006],
    ])('position %p length %p → %s out of range', async (position, length, which, errno) => {
      const r = await call(fsm(), 'readFile', { filePath: p, position, length });
      expect(r.res).toEqual({ errMsg: `readFile:fail value of ${which} is out of range`, errno });
      expect(callSync(fsm(), 'readFileSync', p, undefined, position, length).error.message).toBe(
        `readFileSync:fail value of ${which} is out of range`,
      );
    });
  });

  test('reading more than 100 MB in one call fails with 1300202; a slice of the same file works', async () => {
    const p = `${U}/huge.bin`;
    const fd = fs.openSync(host(p), 'w');
    fs.ftruncateSync(fd, 100 * 1024 * 1024 + 1); // sparse: no real 100 MB written
    fs.closeSync(fd);
    expect((await call(fsm(), 'readFile', { filePath: p })).res).toEqual({
      errMsg: 'readFile:fail the maximum size of the file storage limit is exceeded',
      errno: 1300202,
    });
    const slice = await call(fsm(), 'readFile', { filePath: p, position: 100, length: 4 });
    expect(slice.res.data.byteLength).toBe(4);
    fs.unlinkSync(host(p));
  });
});

describe('access / stat / getFileInfo', () => {
  test('access: ok for files and dirs, fail for missing', async () => {
    const p = fresh();
    fsm().writeFileSync(p, 'x');
    expect((await call(fsm(), 'access', { path: p })).res).toEqual({ errMsg: 'access:ok' });
    expect(fsm().accessSync(U)).toBeUndefined();
    expect((await call(fsm(), 'access', { path: `${U}/nope` })).res).toEqual({
      errMsg: `access:fail no such file or directory ${U}/nope`,
      errno: 1300002,
    });
    expect(callSync(fsm(), 'accessSync', `${U}/nope`).error.message).toBe(`accessSync:fail no such file or directory ${U}/nope`);
  });

  test('stat: mutable Stats with isFile/isDirectory on the prototype, times in seconds', async () => {
    const p = fresh();
    fsm().writeFileSync(p, 'hello');
    const r = await call(fsm(), 'stat', { path: p });
    const st = r.res.stats;
    expect(r.res.errMsg).toBe('stat:ok');
    expect(st.size).toBe(5);
    expect(st.isFile()).toBe(true);
    expect(st.isDirectory()).toBe(false);
    expect(Object.keys(st).sort()).toEqual(['lastAccessedTime', 'lastModifiedTime', 'mode', 'size']);
    expect(st.mode).toBe(fs.statSync(host(p)).mode);
    expect(st.lastModifiedTime).toBe(Math.floor(fs.statSync(host(p)).mtimeMs / 1000));
    expect(Math.abs(st.lastModifiedTime - Date.now() / 1000)).toBeLessThan(3600);
    st.FilePath = p; // cos-wx-sdk-v5 does this
    expect(st.FilePath).toBe(p);
    const d = fsm().statSync(U);
    expect(d.isDirectory()).toBe(true);
    expect(d.isFile()).toBe(false);
  });

  test('stat fields do not change when the file is read (resume-cache key)', async () => {
    const p = fresh();
    fsm().writeFileSync(p, 'abc');
    // Make the host atime older than mtime-independent reads would leave it.
    const old = new Date(Date.now() - 86400e3);
    fs.utimesSync(host(p), old, old);
    const before = fsm().statSync(p);
    fsm().readFileSync(p);
    await call(fsm(), 'readFile', { filePath: p, position: 1, length: 1 });
    const after = fsm().statSync(p);
    expect({ ...after }).toEqual({ ...before });
  });

  test('stat recursive → array of {path, stats}; on a file → Stats', async () => {
    fsm().mkdirSync(`${U}/tree/sub`, true);
    fsm().writeFileSync(`${U}/tree/a.txt`, 'a');
    fsm().writeFileSync(`${U}/tree/sub/b.txt`, 'bb');
    const r = await call(fsm(), 'stat', { path: `${U}/tree`, recursive: true });
    const list = r.res.stats;
    expect(Array.isArray(list)).toBe(true);
    const byPath = Object.fromEntries(list.map((e: any) => [e.path, e.stats]));
    expect(Object.keys(byPath).sort()).toEqual(['/', '/a.txt', '/sub', '/sub/b.txt']);
    expect(byPath['/sub/b.txt'].size).toBe(2);
    expect(byPath['/sub'].isDirectory()).toBe(true);
    expect(fsm().statSync(`${U}/tree/a.txt`, true).isFile()).toBe(true);
  });

  test('stat of a missing path', async () => {
    expect((await call(fsm(), 'stat', { path: `${U}/none` })).res).toEqual({
      errMsg: `stat:fail no such file or directory ${U}/none`,
      errno: 1300002,
    });
    expect(callSync(fsm(), 'statSync', `${U}/none`).error.errno).toBe(1300002);
  });

  test('getFileInfo: size and md5 (default) / sha1 / sha256', async () => {
    const p = fresh();
    fsm().writeFileSync(p, 'digest me');
    const h = (a: string) => crypto.createHash(a).update('digest me').digest('hex');
    expect((await call(fsm(), 'getFileInfo', { filePath: p })).res).toEqual({ errMsg: 'getFileInfo:ok', size: 9, digest: h('md5') });
    for (const a of ['md5', 'sha1', 'sha256']) {
      expect((await call(fsm(), 'getFileInfo', { filePath: p, digestAlgorithm: a })).res.digest).toBe(h(a));
    }
    expect((await call(fsm(), 'getFileInfo', { filePath: p, digestAlgorithm: 'crc' })).res.errno).toBe(1001);
    expect((await call(fsm(), 'getFileInfo', { filePath: `${U}/x404` })).res.errno).toBe(1300002);
    expect(fsm().getFileInfoSync).toBeUndefined();
  });

  test('getFileInfo of a large file: right digests, and the JS thread keeps running meanwhile', async () => {
    const p = fresh('bin');
    const data = Buffer.alloc(48 * 1024 * 1024 + 5);
    for (let i = 0; i < data.length; i += 4096) data[i] = (i >> 12) & 0xff;
    fs.writeFileSync(host(p), data);
    // hashing 48 MiB takes tens of ms: 1 ms timers keep firing (a thread busy hashing allows one or
    // two at most). A second try only when the first saw too few: on a machine whose other jest
    // worker and its child processes take every core, this process can get no CPU for that long —
    // a thread that really hashes on the JS thread fails both.
    let best = 0;
    for (let attempt = 0; attempt < 2 && best <= 3; attempt++) {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      try {
        const r = (await call(fsm(), 'getFileInfo', { filePath: p, digestAlgorithm: 'sha256' })).res;
        expect(r).toEqual({ errMsg: 'getFileInfo:ok', size: data.length, digest: crypto.createHash('sha256').update(data).digest('hex') });
      } finally {
        clearInterval(timer);
      }
      best = Math.max(best, ticks);
    }
    expect(best).toBeGreaterThan(3);
    expect((await wx.getFileInfo({ filePath: p })).digest).toBe(crypto.createHash('md5').update(data).digest('hex'));
  });

  test('async calls made after getFileInfo run after it: a writeFile right after does not change its digest', async () => {
    const p = fresh();
    fsm().writeFileSync(p, 'before');
    const info = call(fsm(), 'getFileInfo', { filePath: p });
    const write = call(fsm(), 'writeFile', { filePath: p, data: 'after, and longer' });
    expect((await info).res).toEqual({
      errMsg: 'getFileInfo:ok',
      size: 6,
      digest: crypto.createHash('md5').update('before').digest('hex'),
    });
    expect((await write).res.errMsg).toBe('writeFile:ok');
    expect(hostRead(p).toString()).toBe('after, and longer');
  });
});

describe('directories', () => {
  test('mkdir / readdir / rmdir (async and sync)', async () => {
    const d = `${U}/d1`;
    expect((await call(fsm(), 'mkdir', { dirPath: d })).res).toEqual({ errMsg: 'mkdir:ok' });
    expect(fs.statSync(host(d)).isDirectory()).toBe(true);
    expect((await call(fsm(), 'mkdir', { dirPath: d })).res).toEqual({ errMsg: `mkdir:fail file already exists ${d}`, errno: 1301005 });
    expect((await call(fsm(), 'mkdir', { dirPath: `${U}/no/deep` })).res).toEqual({
      errMsg: `mkdir:fail no such file or directory ${U}/no/deep`,
      errno: 1300002,
    });
    fsm().mkdirSync(`${U}/no/deep`, true);
    expect(fs.statSync(host(`${U}/no/deep`)).isDirectory()).toBe(true);
    fsm().writeFileSync(`${d}/x`, '1');
    fsm().mkdirSync(`${d}/y`);
    expect((await call(fsm(), 'readdir', { dirPath: d })).res.files.sort()).toEqual(['x', 'y']);
    expect(fsm().readdirSync(d).sort()).toEqual(['x', 'y']);
    expect(Array.isArray(fsm().readdirSync(d))).toBe(true);
    expect((await call(fsm(), 'readdir', { dirPath: `${d}/x` })).res).toEqual({
      errMsg: `readdir:fail not a directory ${d}/x`,
      errno: 1300020,
    });
    expect((await call(fsm(), 'readdir', { dirPath: `${U}/zz` })).res.errno).toBe(1300002);
    expect((await call(fsm(), 'rmdir', { dirPath: d })).res).toEqual({ errMsg: `rmdir:fail directory not empty ${d}`, errno: 1300066 });
    expect((await call(fsm(), 'rmdir', { dirPath: `${d}/x` })).res).toEqual({
      errMsg: `rmdir:fail not a directory ${d}/x`,
      errno: 1300020,
    });
    fsm().rmdirSync(`${d}/y`);
    expect(fs.existsSync(host(`${d}/y`))).toBe(false);
    expect((await call(fsm(), 'rmdir', { dirPath: d, recursive: true })).res).toEqual({ errMsg: 'rmdir:ok' });
    expect(fs.existsSync(host(d))).toBe(false);
    expect(callSync(fsm(), 'rmdirSync', `${U}/gone`).error.errno).toBe(1300002);
  });

  test('the user root cannot be removed; readdir of wxfile:// is refused', async () => {
    expect((await call(fsm(), 'rmdir', { dirPath: U, recursive: true })).res.errno).toBe(1300013);
    expect(fs.existsSync(host(U))).toBe(true);
    expect((await call(fsm(), 'readdir', { dirPath: 'wxfile://' })).res.errno).toBe(1301000);
  });
});

describe('copyFile / rename / unlink / truncate', () => {
  test('copyFile copies bytes; from temp into usr works', async () => {
    const src = fresh();
    fsm().writeFileSync(src, 'copy me');
    const dst = fresh();
    expect((await call(fsm(), 'copyFile', { srcPath: src, destPath: dst })).res).toEqual({ errMsg: 'copyFile:ok' });
    expect(hostRead(dst).toString()).toBe('copy me');
    const t = makeTemp(mpsim, Buffer.alloc(3 << 20, 7), 'bin'); // > one copy chunk
    fsm().copyFileSync(t, dst);
    expect(hostRead(dst).equals(Buffer.alloc(3 << 20, 7))).toBe(true);
    expect(fs.existsSync(host(t))).toBe(true);
  });

  test('copyFile onto itself keeps the bytes', async () => {
    const src = fresh();
    fsm().writeFileSync(src, 'same');
    expect((await call(fsm(), 'copyFile', { srcPath: src, destPath: src })).res).toEqual({ errMsg: 'copyFile:ok' });
    expect(hostRead(src).toString()).toBe('same');
  });

  test('copyFile failures', async () => {
    const src = fresh();
    fsm().writeFileSync(src, 's');
    expect((await call(fsm(), 'copyFile', { srcPath: `${U}/missing`, destPath: fresh() })).res.errno).toBe(1300002);
    expect((await call(fsm(), 'copyFile', { srcPath: U, destPath: fresh() })).res.errno).toBe(1301003);
    expect((await call(fsm(), 'copyFile', { srcPath: src, destPath: U })).res.errno).toBe(1300021);
    const t = makeTemp(mpsim, 't');
    expect((await call(fsm(), 'copyFile', { srcPath: src, destPath: t })).res.errno).toBe(1300013);
    expect(hostRead(t).toString()).toBe('t');
    expect(callSync(fsm(), 'copyFileSync', src, `${U}/nodir/x`).error.errno).toBe(1300002);
  });

  test('rename moves files and directories; the old path is gone', async () => {
    const a = fresh();
    fsm().writeFileSync(a, 'A');
    const b = fresh();
    expect((await call(fsm(), 'rename', { oldPath: a, newPath: b })).res).toEqual({ errMsg: 'rename:ok' });
    expect(fs.existsSync(host(a))).toBe(false);
    expect(hostRead(b).toString()).toBe('A');
    fsm().mkdirSync(`${U}/rd`);
    fsm().renameSync(`${U}/rd`, `${U}/rd2`);
    expect(fs.statSync(host(`${U}/rd2`)).isDirectory()).toBe(true);
    expect((await call(fsm(), 'rename', { oldPath: a, newPath: b })).res).toEqual({
      errMsg: `rename:fail no such file or directory ${a}`,
      errno: 1300002,
    });
    const t = makeTemp(mpsim, 't');
    expect((await call(fsm(), 'rename', { oldPath: t, newPath: fresh() })).res.errno).toBe(1300013);
    expect((await call(fsm(), 'rename', { oldPath: b, newPath: t })).res.errno).toBe(1300013);
    expect(callSync(fsm(), 'renameSync', b, `${U}/nodir/z`).error.errno).toBe(1300002);
  });

  test('unlink removes a file; directories and missing files fail', async () => {
    const a = fresh();
    fsm().writeFileSync(a, 'A');
    expect((await call(fsm(), 'unlink', { filePath: a })).res).toEqual({ errMsg: 'unlink:ok' });
    expect(fs.existsSync(host(a))).toBe(false);
    expect((await call(fsm(), 'unlink', { filePath: a })).res).toEqual({
      errMsg: `unlink:fail no such file or directory ${a}`,
      errno: 1300002,
    });
    expect(callSync(fsm(), 'unlinkSync', U).error).toMatchObject({
      message: `unlinkSync:fail illegal operation on a directory, unlink ${U}`,
      errno: 1301003,
    });
  });

  test('truncate shrinks, extends with NUL, defaults to 0', async () => {
    const a = fresh();
    fsm().writeFileSync(a, 'abcdef');
    expect((await call(fsm(), 'truncate', { filePath: a, length: 3 })).res).toEqual({ errMsg: 'truncate:ok' });
    expect(hostRead(a).toString()).toBe('abc');
    fsm().truncateSync({ filePath: a, length: 5 });
    expect([...hostRead(a)]).toEqual([97, 98, 99, 0, 0]);
    await call(fsm(), 'truncate', { filePath: a });
    expect(hostRead(a).length).toBe(0);
    expect((await call(fsm(), 'truncate', { filePath: `${U}/zz`, length: 1 })).res.errno).toBe(1300002);
    expect((await call(fsm(), 'truncate', { filePath: a, length: -1 })).res.errno).toBe(1301006);
    expect(callSync(fsm(), 'truncateSync', { filePath: makeTemp(mpsim, 'x') }).error.errno).toBe(1300013);
  });
});

describe('saveFile and saved files (manager)', () => {
  test('saveFile MOVES a temp file to wxfile://store_<32hex>.<ext>', async () => {
    const t = makeTemp(mpsim, 'keep me', 'jpg');
    const r = await call(fsm(), 'saveFile', { tempFilePath: t });
    expect(r.res.errMsg).toBe('saveFile:ok');
    expect(r.res.savedFilePath).toMatch(/^wxfile:\/\/store_[0-9a-f]{32}\.jpg$/);
    expect(fs.existsSync(host(t))).toBe(false);
    expect(hostRead(r.res.savedFilePath).toString()).toBe('keep me');
    // saved files are read-only
    expect((await call(fsm(), 'writeFile', { filePath: r.res.savedFilePath, data: 'x' })).res.errno).toBe(1300013);
    const list = (await call(fsm(), 'getSavedFileList')).res;
    expect(list.errMsg).toBe('getSavedFileList:ok');
    const item = list.fileList.find((f: any) => f.filePath === r.res.savedFilePath);
    expect(item).toEqual({ filePath: r.res.savedFilePath, size: 7, createTime: expect.any(Number) });
    expect(Math.abs(item.createTime - Date.now() / 1000)).toBeLessThan(60);
    expect((await call(fsm(), 'removeSavedFile', { filePath: r.res.savedFilePath })).res).toEqual({ errMsg: 'removeSavedFile:ok' });
    expect(fs.existsSync(host(r.res.savedFilePath))).toBe(false);
    expect((await call(fsm(), 'removeSavedFile', { filePath: r.res.savedFilePath })).res.errno).toBe(1300002);
  });

  test('saveFileSync with a filePath moves into the user area', () => {
    const t = makeTemp(mpsim, 'to usr');
    const dest = fresh();
    expect(fsm().saveFileSync(t, dest)).toBe(dest);
    expect(hostRead(dest).toString()).toBe('to usr');
    expect(fs.existsSync(host(t))).toBe(false);
  });

  test('saveFile of a missing temp file → tempFilePath file not exist (1301112)', async () => {
    const missing = 'wxfile://tmp_00000000000000000000000000000000.jpg';
    expect((await call(fsm(), 'saveFile', { tempFilePath: missing })).res).toEqual({
      errMsg: 'saveFile:fail tempFilePath file not exist',
      errno: 1301112,
    });
    expect(callSync(fsm(), 'saveFileSync', missing).error).toMatchObject({
      message: 'saveFileSync:fail tempFilePath file not exist',
      errno: 1301112,
    });
  });

  test('removeSavedFile refuses non-saved files', async () => {
    const a = fresh();
    fsm().writeFileSync(a, 'a');
    expect((await call(fsm(), 'removeSavedFile', { filePath: a })).res.errno).toBe(1300002);
    expect(fs.existsSync(host(a))).toBe(true);
  });
});

describe('legacy wx file APIs (promisifiable, own names)', () => {
  test('wx.saveFile / getSavedFileList / getSavedFileInfo / removeSavedFile / getFileInfo', async () => {
    const t = makeTemp(mpsim, 'legacy', 'png');
    const saved = await wx.saveFile({ tempFilePath: t });
    expect(saved).toEqual({ errMsg: 'saveFile:ok', savedFilePath: expect.stringMatching(/^wxfile:\/\/store_[0-9a-f]{32}\.png$/) });
    const list = await wx.getSavedFileList();
    expect(list.errMsg).toBe('getSavedFileList:ok');
    expect(list.fileList.map((f: any) => f.filePath)).toContain(saved.savedFilePath);
    const info = await wx.getSavedFileInfo({ filePath: saved.savedFilePath });
    expect(info).toEqual({ errMsg: 'getSavedFileInfo:ok', size: 6, createTime: expect.any(Number) });
    const fi = await wx.getFileInfo({ filePath: saved.savedFilePath });
    expect(fi).toEqual({ errMsg: 'getFileInfo:ok', size: 6, digest: crypto.createHash('md5').update('legacy').digest('hex') });
    expect((await wx.getFileInfo({ filePath: saved.savedFilePath, digestAlgorithm: 'sha1' })).digest).toBe(
      crypto.createHash('sha1').update('legacy').digest('hex'),
    );
    expect(await wx.removeSavedFile({ filePath: saved.savedFilePath })).toEqual({ errMsg: 'removeSavedFile:ok' });
    await expect(wx.getSavedFileInfo({ filePath: saved.savedFilePath })).rejects.toMatchObject({ errno: 1300002 });
    await expect(wx.saveFile({ tempFilePath: t })).rejects.toEqual({ errMsg: 'saveFile:fail tempFilePath file not exist', errno: 1301112 });
    await expect(wx.removeSavedFile({ filePath: 1 })).rejects.toEqual({
      errMsg: 'removeSavedFile:fail parameter error: parameter.filePath should be String instead of Number;',
      errno: 1001,
    });
    const cb = await call(wx, 'getSavedFileList');
    expect(cb.ok).toBe(true);
  });
});

describe('fd operations', () => {
  test('open / write / read / fstat / ftruncate / close (async)', async () => {
    const p = fresh();
    const o = await call(fsm(), 'open', { filePath: p, flag: 'w+' });
    expect(o.res.errMsg).toBe('open:ok');
    expect(typeof o.res.fd).toBe('string');
    const fd = o.res.fd;
    expect((await call(fsm(), 'write', { fd, data: 'hello world' })).res).toEqual({ errMsg: 'write:ok', bytesWritten: 11 });
    const ab = new ArrayBuffer(5);
    const r = await call(fsm(), 'read', { fd, arrayBuffer: ab, offset: 0, length: 5, position: 6 });
    expect(r.res.errMsg).toBe('read:ok');
    expect(r.res.bytesRead).toBe(5);
    expect(r.res.arrayBuffer).toBe(ab);
    expect(Buffer.from(ab).toString()).toBe('world');
    const st = (await call(fsm(), 'fstat', { fd })).res.stats;
    expect(st.size).toBe(11);
    expect(st.isFile()).toBe(true);
    expect((await call(fsm(), 'ftruncate', { fd, length: 5 })).res).toEqual({ errMsg: 'ftruncate:ok' });
    expect(hostRead(p).toString()).toBe('hello');
    expect((await call(fsm(), 'close', { fd })).res).toEqual({ errMsg: 'close:ok' });
    expect((await call(fsm(), 'close', { fd })).res).toEqual({ errMsg: 'close:fail bad file descriptor', errno: 1300009 });
    expect((await call(fsm(), 'read', { fd, arrayBuffer: ab })).res.errno).toBe(1300009);
  });

  test('Sync forms; null position uses and advances the current pointer', () => {
    const p = fresh();
    fsm().writeFileSync(p, 'abcdef');
    const fd = fsm().openSync({ filePath: p, flag: 'r+' });
    const ab = new ArrayBuffer(4);
    expect(fsm().readSync({ fd, arrayBuffer: ab, offset: 0, length: 2 })).toEqual({ bytesRead: 2, arrayBuffer: ab });
    expect(fsm().readSync({ fd, arrayBuffer: ab, offset: 2, length: 2 }).bytesRead).toBe(2);
    expect(Buffer.from(ab).toString()).toBe('abcd');
    expect(fsm().writeSync({ fd, data: 'XY' })).toEqual({ bytesWritten: 2 }); // at the pointer (4)
    expect(fsm().writeSync({ fd, data: new Uint8Array([0x5a, 0x5a, 0x5a]).buffer, offset: 1, length: 1, position: 0 })).toEqual({
      bytesWritten: 1,
    });
    expect(hostRead(p).toString()).toBe('ZbcdXY');
    expect(fsm().writeSync({ fd, data: '7a', encoding: 'hex', position: 1 }).bytesWritten).toBe(1);
    expect(fsm().fstatSync({ fd }).size).toBe(6);
    fsm().ftruncateSync({ fd, length: 8 });
    expect([...hostRead(p)]).toEqual([...Buffer.from('ZzcdXY'), 0, 0]);
    expect(fsm().closeSync({ fd })).toBeUndefined();
    expect(callSync(fsm(), 'closeSync', { fd }).error).toMatchObject({ message: 'closeSync:fail bad file descriptor', errno: 1300009 });
  });

  test('read at end of file gives 0 bytes; read/write out of range', async () => {
    const p = fresh();
    fsm().writeFileSync(p, 'ab');
    const fd = fsm().openSync({ filePath: p, flag: 'r+' });
    const ab = new ArrayBuffer(4);
    expect(fsm().readSync({ fd, arrayBuffer: ab, length: 4, position: 2 }).bytesRead).toBe(0);
    expect(fsm().readSync({ fd, arrayBuffer: ab }).bytesRead).toBe(0); // length defaults to 0
    expect((await call(fsm(), 'read', { fd, arrayBuffer: ab, offset: 5 })).res).toEqual({
      errMsg: 'read:fail value of offset is out of range',
      errno: 1301007,
    });
    expect((await call(fsm(), 'read', { fd, arrayBuffer: ab, offset: 2, length: 3 })).res.errno).toBe(1301006);
    expect((await call(fsm(), 'read', { fd, arrayBuffer: ab, length: 1, position: -1 })).res.errno).toBe(1301009);
    expect((await call(fsm(), 'write', { fd, data: new ArrayBuffer(2), offset: 3 })).res.errno).toBe(1301007);
    expect((await call(fsm(), 'write', { fd, data: new ArrayBuffer(2), offset: 1, length: 2 })).res.errno).toBe(1301006);
    expect((await call(fsm(), 'write', { fd, data: 'x', position: -5 })).res.errno).toBe(1301009);
    fsm().closeSync({ fd });
  });

  test.each([
    ['r', 'exists', 'abc', true, false],
    ['r+', 'exists', 'abc', true, true],
    ['w', 'creates', '', false, true],
    ['w+', 'creates', '', true, true],
    ['a', 'creates', 'abc', false, true],
    ['a+', 'creates', 'abc', true, true],
    ['as', 'creates', 'abc', false, true],
    ['as+', 'creates', 'abc', true, true],
  ])('flag %s: read/write permissions and truncation', (flag, _kind, content, canRead, canWrite) => {
    const p = fresh();
    fsm().writeFileSync(p, 'abc');
    const fd = fsm().openSync({ filePath: p, flag });
    expect(hostRead(p).toString()).toBe(content);
    const r = callSync(fsm(), 'readSync', { fd, arrayBuffer: new ArrayBuffer(1), length: 1, position: 0 });
    expect(r.ok).toBe(canRead);
    if (!canRead) expect(r.error).toMatchObject({ message: 'readSync:fail permission denied', errno: 1302001 });
    const w = callSync(fsm(), 'writeSync', { fd, data: 'Z', position: 0 });
    expect(w.ok).toBe(canWrite);
    if (!canWrite) expect(w.error.errno).toBe(1302001);
    if (canWrite && flag.startsWith('a')) expect(hostRead(p).toString()).toBe(`${content}Z`); // append ignores position
    fsm().closeSync({ fd });
  });

  test('flags: x fails on existing, r on missing, unknown flag, write flags on read-only areas', async () => {
    const p = fresh();
    fsm().writeFileSync(p, 'a');
    for (const flag of ['wx', 'wx+', 'ax', 'ax+']) {
      expect((await call(fsm(), 'open', { filePath: p, flag })).res).toEqual({
        errMsg: `open:fail file already exists ${p}`,
        errno: 1301005,
      });
    }
    const q = fresh();
    const fd = fsm().openSync({ filePath: q, flag: 'wx' });
    fsm().closeSync({ fd });
    expect(fs.existsSync(host(q))).toBe(true);
    expect((await call(fsm(), 'open', { filePath: `${U}/nope` })).res.errno).toBe(1300002);
    expect((await call(fsm(), 'open', { filePath: `${U}/nope`, flag: 'r+' })).res.errno).toBe(1300002);
    expect((await call(fsm(), 'open', { filePath: p, flag: 'rw' })).res).toEqual({ errMsg: 'open:fail invalid flag', errno: 1302003 });
    const t = makeTemp(mpsim, 'tt');
    expect((await call(fsm(), 'open', { filePath: t, flag: 'w' })).res).toEqual({
      errMsg: 'open:fail permission denied when open using flag',
      errno: 1302004,
    });
    expect(hostRead(t).toString()).toBe('tt');
    const tfd = fsm().openSync({ filePath: t });
    expect(fsm().readSync({ fd: tfd, arrayBuffer: new ArrayBuffer(2), length: 2 }).bytesRead).toBe(2);
    fsm().closeSync({ fd: tfd });
    expect((await call(fsm(), 'open', { filePath: U })).res.errno).toBe(1301003);
  });
});

describe('readCompressedFile', () => {
  test('brotli file → decompressed ArrayBuffer (async and sync)', async () => {
    const p = `${U}/data.br`;
    fs.writeFileSync(host(p), zlib.brotliCompressSync(Buffer.from('brotli content')));
    const r = await call(fsm(), 'readCompressedFile', { filePath: p, compressionAlgorithm: 'br' });
    expect(r.res.errMsg).toBe('readCompressedFile:ok');
    expect(r.res.data).toBeInstanceOf(ArrayBuffer);
    expect(Buffer.from(r.res.data).toString()).toBe('brotli content');
    const s = fsm().readCompressedFileSync({ filePath: p, compressionAlgorithm: 'br' });
    expect(s).toBeInstanceOf(ArrayBuffer);
    expect(Buffer.from(s).toString()).toBe('brotli content');
  });

  test('not brotli / unknown algorithm / missing file', async () => {
    const p = fresh();
    fsm().writeFileSync(p, 'not compressed at all');
    expect((await call(fsm(), 'readCompressedFile', { filePath: p, compressionAlgorithm: 'br' })).res).toEqual({
      errMsg: 'readCompressedFile:fail brotli decompress fail',
      errno: 1301111,
    });
    expect((await call(fsm(), 'readCompressedFile', { filePath: p, compressionAlgorithm: 'gzip' })).res.errno).toBe(1001);
    expect((await call(fsm(), 'readCompressedFile', { filePath: p })).res.errno).toBe(1001);
    expect(callSync(fsm(), 'readCompressedFileSync', { filePath: `${U}/none.br`, compressionAlgorithm: 'br' }).error.errno).toBe(1300002);
  });
});

describe('unzip / readZipEntry', () => {
  const zip = `${U}/archive.zip`;
  beforeAll(() => {
    fs.writeFileSync(
      host(zip),
      makeZip([
        { name: 'dir/' },
        { name: 'dir/a.txt', data: Buffer.from('stored a') },
        { name: 'b.txt', data: Buffer.from('deflated b '.repeat(50)), deflate: true },
        { name: '中文.txt', data: Buffer.from('utf8 name') },
      ]),
    );
  });

  test('unzip extracts stored and deflated entries into targetPath', async () => {
    const r = await call(fsm(), 'unzip', { zipFilePath: zip, targetPath: `${U}/out` });
    expect(r.res).toEqual({ errMsg: 'unzip:ok' });
    expect(hostRead(`${U}/out/dir/a.txt`).toString()).toBe('stored a');
    expect(hostRead(`${U}/out/b.txt`).toString()).toBe('deflated b '.repeat(50));
    expect(hostRead(`${U}/out/中文.txt`).toString()).toBe('utf8 name');
    expect(fsm().unzipSync).toBeUndefined();
  });

  test('unzip failures: not a zip, missing zip, target in a read-only area, zip slip', async () => {
    const notZip = fresh();
    fsm().writeFileSync(notZip, 'PK but not really');
    expect((await call(fsm(), 'unzip', { zipFilePath: notZip, targetPath: `${U}/o2` })).res).toEqual({
      errMsg: 'unzip:fail unzip fail',
      errno: 1301104,
    });
    expect((await call(fsm(), 'unzip', { zipFilePath: `${U}/no.zip`, targetPath: `${U}/o2` })).res.errno).toBe(1300002);
    expect((await call(fsm(), 'unzip', { zipFilePath: zip, targetPath: 'wxfile://tmp_abc' })).res.errno).toBe(1300013);
    for (const name of ['../escape.txt', '/abs.txt', 'a/../../escape2.txt', 'a\\..\\..\\e3.txt']) {
      const slip = fresh('zip');
      fs.writeFileSync(
        host(slip),
        makeZip([
          { name: 'ok.txt', data: Buffer.from('ok') },
          { name, data: Buffer.from('evil') },
        ]),
      );
      const r = await call(fsm(), 'unzip', { zipFilePath: slip, targetPath: `${U}/slip/in` });
      expect(r.res.errno).toBe(1301103);
      expect(fs.existsSync(path.join(host(U), 'slip', 'escape.txt'))).toBe(false);
      expect(fs.existsSync(path.join(host(U), 'escape.txt'))).toBe(false);
      expect(fs.existsSync(path.join(mpsim.device.sandboxDir, 'escape.txt'))).toBe(false);
      expect(fs.existsSync(path.join(host(U), 'slip', 'in', 'ok.txt'))).toBe(false); // nothing half-extracted
    }
  });

  test('sizes from the central directory bound the work: over-declared and lying entries fail', async () => {
    const z = makeZip([{ name: 'big.bin', data: Buffer.alloc(1000), deflate: true }]);
    const cen = z.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const huge = Buffer.from(z);
    huge.writeUInt32LE(0xf0000000, cen + 24); // claims ~4 GB uncompressed
    fs.writeFileSync(host(`${U}/huge.zip`), huge);
    const r = await call(fsm(), 'readZipEntry', { filePath: `${U}/huge.zip`, entries: [{ path: 'big.bin' }] });
    expect(r.res.entries['big.bin'].errno).toBe(1300202);
    expect((await call(fsm(), 'unzip', { zipFilePath: `${U}/huge.zip`, targetPath: `${U}/hz` })).res.errno).toBe(1300202);
    const liar = Buffer.from(z);
    liar.writeUInt32LE(10, cen + 24); // inflates to more than it claims
    fs.writeFileSync(host(`${U}/liar.zip`), liar);
    expect((await call(fsm(), 'unzip', { zipFilePath: `${U}/liar.zip`, targetPath: `${U}/lz` })).res).toEqual({
      errMsg: 'unzip:fail unzip entry fail big.bin',
      errno: 1301103,
    });
    expect(fs.existsSync(host(`${U}/lz/big.bin`))).toBe(false);
  });

  test('readZipEntry: named entries with encodings and ranges, and "all"', async () => {
    const r = await call(fsm(), 'readZipEntry', {
      filePath: zip,
      entries: [{ path: 'dir/a.txt', encoding: 'utf8' }, { path: 'b.txt', position: 0, length: 8 }, { path: 'missing.txt' }],
    });
    expect(r.res.errMsg).toBe('readZipEntry:ok');
    expect(r.res.entries['dir/a.txt']).toEqual({ data: 'stored a', errMsg: 'readZipEntry:ok' });
    expect(r.res.entries['b.txt'].data).toBeInstanceOf(ArrayBuffer);
    expect(Buffer.from(r.res.entries['b.txt'].data).toString()).toBe('deflated');
    expect(r.res.entries['missing.txt'].errMsg).toMatch(/^readZipEntry:fail no such file or directory/);
    const all = await call(fsm(), 'readZipEntry', { filePath: zip, entries: 'all', encoding: 'utf8' });
    expect(Object.keys(all.res.entries).sort()).toEqual(['b.txt', 'dir/a.txt', '中文.txt']);
    expect(all.res.entries['中文.txt'].data).toBe('utf8 name');
    expect((await call(fsm(), 'readZipEntry', { filePath: zip, entries: 'some' })).res.errno).toBe(1001);
    expect((await call(fsm(), 'readZipEntry', { filePath: zip, entries: [{ nope: 1 }] })).res.errno).toBe(1001);
    expect((await call(fsm(), 'readZipEntry', { filePath: `${U}/none.zip`, entries: 'all' })).res.errno).toBe(1300002);
  });
});

describe('bad input for every method', () => {
  const typeErr = (api: string, name: string, exp: string, got: string) => ({
    errMsg: `${api}:fail parameter error: parameter.${name} should be ${exp} instead of ${got};`,
    errno: 1001,
  });
  const asyncCases: Array<[string, Record<string, unknown>, string, string, string]> = [
    ['access', {}, 'path', 'String', 'Undefined'],
    ['access', { path: null }, 'path', 'String', 'Null'],
    ['appendFile', { filePath: 1, data: 'x' }, 'filePath', 'String', 'Number'],
    ['appendFile', { filePath: `${U}/a`, data: 'x', encoding: 5 }, 'encoding', 'String', 'Number'],
    ['copyFile', { srcPath: `${U}/a` }, 'destPath', 'String', 'Undefined'],
    ['copyFile', { srcPath: {}, destPath: `${U}/a` }, 'srcPath', 'String', 'Object'],
    ['getFileInfo', { filePath: [] }, 'filePath', 'String', 'Array'],
    ['mkdir', {}, 'dirPath', 'String', 'Undefined'],
    ['mkdir', { dirPath: `${U}/m`, recursive: 'yes' }, 'recursive', 'Boolean', 'String'],
    ['readdir', { dirPath: true }, 'dirPath', 'String', 'Boolean'],
    ['readFile', {}, 'filePath', 'String', 'Undefined'],
    ['readFile', { filePath: `${U}/a`, position: '1' }, 'position', 'Number', 'String'],
    ['readFile', { filePath: `${U}/a`, length: null }, 'length', 'Number', 'Null'],
    ['removeSavedFile', {}, 'filePath', 'String', 'Undefined'],
    ['rename', { oldPath: `${U}/a` }, 'newPath', 'String', 'Undefined'],
    ['rmdir', { dirPath: 0 }, 'dirPath', 'String', 'Number'],
    ['saveFile', {}, 'tempFilePath', 'String', 'Undefined'],
    ['saveFile', { tempFilePath: 'wxfile://tmp_a', filePath: 3 }, 'filePath', 'String', 'Number'],
    ['stat', { path: undefined }, 'path', 'String', 'Undefined'],
    ['stat', { path: U, recursive: 1 }, 'recursive', 'Boolean', 'Number'],
    ['truncate', { filePath: `${U}/a`, length: '1' }, 'length', 'Number', 'String'],
    ['unlink', { filePath: null }, 'filePath', 'String', 'Null'],
    ['writeFile', { data: 'x' }, 'filePath', 'String', 'Undefined'],
    ['writeFile', { filePath: `${U}/a` }, 'data', 'String|ArrayBuffer', 'Undefined'],
    ['writeFile', { filePath: `${U}/a`, data: 12 }, 'data', 'String|ArrayBuffer', 'Number'],
    ['writeFile', { filePath: `${U}/a`, data: { a: 1 } }, 'data', 'String|ArrayBuffer', 'Object'],
    ['open', { flag: 'r' }, 'filePath', 'String', 'Undefined'],
    ['open', { filePath: `${U}/a`, flag: 1 }, 'flag', 'String', 'Number'],
    ['close', { fd: 3 }, 'fd', 'String', 'Number'],
    ['fstat', {}, 'fd', 'String', 'Undefined'],
    ['ftruncate', { fd: '1' }, 'length', 'Number', 'Undefined'],
    ['read', { fd: '1' }, 'arrayBuffer', 'ArrayBuffer', 'Undefined'],
    ['read', { fd: '1', arrayBuffer: new Uint8Array(2) }, 'arrayBuffer', 'ArrayBuffer', 'Uint8Array'],
    ['write', { fd: '1', data: null }, 'data', 'String|ArrayBuffer', 'Null'],
    ['readCompressedFile', { compressionAlgorithm: 'br' }, 'filePath', 'String', 'Undefined'],
    ['unzip', { zipFilePath: `${U}/a` }, 'targetPath', 'String', 'Undefined'],
    ['readZipEntry', { entries: 'all' }, 'filePath', 'String', 'Undefined'],
  ];
  test.each(asyncCases)('%s(%j) → parameter.%s error', async (api, opts, name, exp, got) => {
    expect(await call(fsm(), api, opts)).toEqual({ ok: false, res: typeErr(api, name, exp, got) });
  });

  const syncCases: Array<[string, unknown[], string, string, string]> = [
    ['accessSync', [], 'path', 'String', 'Undefined'],
    ['appendFileSync', [1, 'x'], 'filePath', 'String', 'Number'],
    ['appendFileSync', [`${U}/a`], 'data', 'String|ArrayBuffer', 'Undefined'],
    ['copyFileSync', [`${U}/a`, null], 'destPath', 'String', 'Null'],
    ['mkdirSync', [undefined], 'dirPath', 'String', 'Undefined'],
    ['mkdirSync', [`${U}/q`, 'true'], 'recursive', 'Boolean', 'String'],
    ['readdirSync', [{}], 'dirPath', 'String', 'Object'],
    ['readFileSync', [`${U}/a`, 3], 'encoding', 'String', 'Number'],
    ['readFileSync', [`${U}/a`, 'utf8', 'x'], 'position', 'Number', 'String'],
    ['renameSync', [`${U}/a`], 'newPath', 'String', 'Undefined'],
    ['rmdirSync', [null], 'dirPath', 'String', 'Null'],
    ['saveFileSync', [], 'tempFilePath', 'String', 'Undefined'],
    ['statSync', [5], 'path', 'String', 'Number'],
    ['unlinkSync', [[]], 'filePath', 'String', 'Array'],
    ['writeFileSync', [`${U}/a`, true], 'data', 'String|ArrayBuffer', 'Boolean'],
    ['writeFileSync', [`${U}/a`, 'x', 'klingon'], '', '', ''],
    ['truncateSync', ['x'], 'option', 'Object', 'String'],
    ['truncateSync', [{}], 'filePath', 'String', 'Undefined'],
    ['openSync', [], 'option', 'Object', 'Undefined'],
    ['openSync', [{ filePath: 1 }], 'filePath', 'String', 'Number'],
    ['closeSync', [null], 'option', 'Object', 'Null'],
    ['fstatSync', [{ fd: 1 }], 'fd', 'String', 'Number'],
    ['ftruncateSync', [{ fd: '1' }], 'length', 'Number', 'Undefined'],
    ['readSync', [{ fd: '1', arrayBuffer: 'x' }], 'arrayBuffer', 'ArrayBuffer', 'String'],
    ['writeSync', [{ fd: '1' }], 'data', 'String|ArrayBuffer', 'Undefined'],
    ['readCompressedFileSync', [{ filePath: 1 }], 'filePath', 'String', 'Number'],
  ];
  test.each(syncCases)('%s(%j) throws a parameter error', (api, args, name, exp, got) => {
    const r = callSync(fsm(), api, ...args);
    expect(r.ok).toBe(false);
    expect(r.error).toBeInstanceOf(Error);
    expect(r.error.errno).toBe(1001);
    if (name) expect(r.error.message).toBe(typeErr(api, name, exp, got).errMsg);
    else expect(r.error.message).toBe(`${api}:fail unknown encoding: klingon`);
  });

  test('non-object options and a missing options object fail, never throw', async () => {
    for (const api of ['readFile', 'writeFile', 'stat', 'open', 'read']) {
      expect((await call(fsm(), api, {})).ok).toBe(false);
      expect(() => fsm()[api]()).not.toThrow();
      expect(() => fsm()[api]('wxfile://usr/a')).not.toThrow();
    }
    await mpsim.idle();
  });

  test('unknown encoding in the async form', async () => {
    expect((await call(fsm(), 'readFile', { filePath: `${U}/a`, encoding: 'utf-32' })).res).toEqual({
      errMsg: 'readFile:fail unknown encoding: utf-32',
      errno: 1001,
    });
  });

  test('the Sync throw carries the errMsg, an errno and is an Error of this realm', () => {
    const r = callSync(fsm(), 'readFileSync', `${U}/absent`);
    expect(r.error).toBeInstanceOf(Error);
    expect(r.error.message).toBe(`readFileSync:fail no such file or directory ${U}/absent`);
    expect(r.error.errno).toBe(1300002);
  });
});
