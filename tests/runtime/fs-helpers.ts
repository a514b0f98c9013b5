/**
 * Helpers for the file-system tests: call a FileSystemManager method in callback
 * style and get the success or fail object; call a Sync method and get its value
 * or what it threw. Not a test file (no `.test.`).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

export interface Outcome {
  ok: boolean;
  res: any;
}

/** Calls `target[name]({...opts, success, fail, complete})`; resolves after complete. */
export function call(target: any, name: string, opts: Record<string, unknown> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    let outcome: Outcome | undefined;
    const ret = target[name]({
      ...opts,
      success: (res: any) => (outcome = { ok: true, res }),
      fail: (res: any) => (outcome = { ok: false, res }),
      complete: () => resolve(outcome ?? { ok: false, res: 'complete without success/fail' }),
    });
    if (ret !== undefined) resolve({ ok: false, res: 'returned a value in callback mode' });
  });
}

/** Calls a Sync method; `error` is what it threw. */
export function callSync(target: any, name: string, ...args: unknown[]): { ok: boolean; value?: any; error?: any } {
  try {
    return { ok: true, value: target[name](...args) };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Puts bytes into the phone's temp area directly (as a chooser would) and returns the temp path. */
export function makeTemp(mpsim: any, content: string | Buffer, ext = 'txt'): string {
  const name = `tmp_${crypto.randomBytes(16).toString('hex')}.${ext}`;
  const wxPath = mpsim.device.pathMode === 'device' ? `wxfile://${name}` : `http://tmp/${name}`;
  fs.writeFileSync(mpsim.device.toHostPath(wxPath), content);
  return wxPath;
}

/** A minimal zip writer (stored or deflated entries) for unzip/readZipEntry tests. */
export function makeZip(entries: Array<{ name: string; data?: Buffer; deflate?: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = e.data ?? Buffer.alloc(0);
    const body = e.deflate ? zlib.deflateRawSync(data) : data;
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(data);
    const loc = Buffer.alloc(30);
    loc.writeUInt32LE(0x04034b50, 0);
    loc.writeUInt16LE(20, 4);
    loc.writeUInt16LE(0x800, 6);
    loc.writeUInt16LE(e.deflate ? 8 : 0, 8);
    loc.writeUInt32LE(crc, 14);
    loc.writeUInt32LE(body.length, 18);
    loc.writeUInt32LE(data.length, 22);
    loc.writeUInt16LE(name.length, 26);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(20, 4);
    cen.writeUInt16LE(20, 6);
    cen.writeUInt16LE(0x800, 8);
    cen.writeUInt16LE(e.deflate ? 8 : 0, 10);
    cen.writeUInt32LE(crc, 16);
    cen.writeUInt32LE(body.length, 20);
    cen.writeUInt32LE(data.length, 24);
    cen.writeUInt16LE(name.length, 28);
    cen.writeUInt32LE(offset, 42);
    locals.push(loc, name, body);
    central.push(cen, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
