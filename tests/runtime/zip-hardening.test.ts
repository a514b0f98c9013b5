/**
 * Issue 13 item 5: a zip whose central-directory entries all point at one deflated
 * stream is refused (overlap), and readZipEntry('all') never holds more than the
 * readFile limit at once.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

declare const wx: any;
declare const mpsim: any;

/** A zip of `names.length` central entries; with `overlap` they all point at the first local entry. */
function zipOf(names: string[], data: Buffer, overlap: boolean): Buffer {
  const deflated = zlib.deflateRawSync(data);
  const locals: Buffer[] = [];
  const offsets: number[] = [];
  let off = 0;
  for (const [i, name] of names.entries()) {
    if (overlap && i > 0) {
      offsets.push(0);
      continue;
    }
    const n = Buffer.from(name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(8, 8);
    h.writeUInt32LE(deflated.length, 18);
    h.writeUInt32LE(data.length, 22);
    h.writeUInt16LE(n.length, 26);
    offsets.push(off);
    locals.push(h, n, deflated);
    off += 30 + n.length + deflated.length;
  }
  const cds: Buffer[] = [];
  for (const [i, name] of names.entries()) {
    const n = Buffer.from(name);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(deflated.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offsets[i]!, 42);
    cds.push(c, n);
  }
  const cd = Buffer.concat(cds);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(names.length, 8);
  eocd.writeUInt16LE(names.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(off, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const readAll = (zipFilePath: string): Promise<any> =>
  new Promise((resolve) => wx.getFileSystemManager().readZipEntry({ filePath: zipFilePath, entries: 'all', complete: resolve }));

test('overlapping central-directory entries: unzip and readZipEntry fail, nothing inflated N times', async () => {
  const p = `${wx.env.USER_DATA_PATH}/bomb.zip`;
  fs.writeFileSync(mpsim.device.toHostPath(p), zipOf(['a', 'b', 'c', 'd'], Buffer.alloc(4 * 1024 * 1024), true));
  const r = await readAll(p);
  expect(r.errMsg).toMatch(/^readZipEntry:fail /);
});

test('a well-formed zip of several entries still reads', async () => {
  const p = `${wx.env.USER_DATA_PATH}/ok.zip`;
  fs.writeFileSync(mpsim.device.toHostPath(p), zipOf(['a', 'b'], Buffer.from('hello'), false));
  const r = await readAll(p);
  expect(r.errMsg).toBe('readZipEntry:ok');
  expect(Object.keys(r.entries).sort()).toEqual(['a', 'b']);
  expect(Buffer.from(r.entries.a.data).toString()).toBe('hello');
});
