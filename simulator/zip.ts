/**
 * A small zip reader for `unzip` / `readZipEntry`: the central directory gives
 * every entry's name, method and sizes; entries are stored (method 0) or
 * deflated (method 8, node:zlib inflateRaw). Zip64, encryption and other methods
 * are refused (the phone's `unzip fail`). Inflation is capped at the size the
 * central directory declares, so a zip bomb cannot allocate more than that.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { FsError } from './fs-error';

/** One entry from the central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  isDirectory: boolean;
  encrypted: boolean;
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = fs.readSync(fd, buf, 0, length, position);
  if (n !== length) throw FsError.unzip();
  return buf;
}

/** Reads the central directory of the zip open on `fd` (`size` bytes long). */
export function readCentralDirectory(fd: number, size: number): ZipEntry[] {
  if (size < 22) throw FsError.unzip();
  const tailLen = Math.min(size, 22 + 0xffff);
  const tail = readAt(fd, size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw FsError.unzip();
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdOffset + cdSize > size) throw FsError.unzip(); // zip64 or corrupt
  const cd = readAt(fd, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CEN_SIG) throw FsError.unzip();
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const compressedSize = cd.readUInt32LE(p + 20);
    const uncompressed = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const localHeaderOffset = cd.readUInt32LE(p + 42);
    if (p + 46 + nameLen > cd.length) throw FsError.unzip();
    // Bit 11 = UTF-8 names; without it names are CP437, which for ASCII names is the same.
    const name = cd.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    entries.push({
      name,
      method,
      compressedSize,
      size: uncompressed,
      localHeaderOffset,
      isDirectory: name.endsWith('/'),
      encrypted: (flags & 1) === 1,
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  assertNoOverlap(entries, cdOffset);
  return entries;
}

/**
 * Refuses a zip whose entries share bytes (several central-directory entries pointing
 * at one deflated stream: N × its size from one small file). Each entry's local header
 * and data must end before the next entry starts and before the central directory.
 */
function assertNoOverlap(entries: readonly ZipEntry[], cdOffset: number): void {
  const sorted = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    const next = i + 1 < sorted.length ? sorted[i + 1]!.localHeaderOffset : cdOffset;
    // 30 = the fixed local header; its name and extra only make the span longer
    if (e.localHeaderOffset + 30 + e.compressedSize > next) throw FsError.unzip();
  }
}

/** The uncompressed bytes of one entry. */
export function readEntryData(fd: number, fileSize: number, e: ZipEntry): Buffer {
  if (e.encrypted || (e.method !== 0 && e.method !== 8)) throw FsError.unzipEntry(e.name);
  const loc = readAt(fd, e.localHeaderOffset, 30);
  if (loc.readUInt32LE(0) !== LOC_SIG) throw FsError.unzipEntry(e.name);
  const start = e.localHeaderOffset + 30 + loc.readUInt16LE(26) + loc.readUInt16LE(28);
  if (start + e.compressedSize > fileSize) throw FsError.unzipEntry(e.name);
  const raw = readAt(fd, start, e.compressedSize);
  if (e.method === 0) {
    if (raw.length !== e.size) throw FsError.unzipEntry(e.name);
    return raw;
  }
  let out: Buffer;
  try {
    out = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
  } catch {
    throw FsError.unzipEntry(e.name);
  }
  if (out.length !== e.size) throw FsError.unzipEntry(e.name);
  return out;
}
