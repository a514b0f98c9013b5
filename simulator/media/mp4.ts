/**
 * A small ISO-BMFF (MP4 / MOV) box reader: just enough to give the choosers a
 * video's duration and pixel size, the way the client reports them.
 *
 *   duration  ← moov/mvhd (duration / timescale, seconds)
 *   width/height ← moov/trak/tkhd of the first track whose mdia/hdlr is `vide`
 *                  (16.16 fixed point; the presentation size, before rotation)
 *
 * It reads through a random-access source, box header by box header, so a large
 * `mdat` (which may come before `moov`) is skipped, never read: probing a 1 GiB
 * video reads a few KB.
 */

/** Random access to a file or a buffer. */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes at `position` (fewer at the end). */
  read(position: number, length: number): Buffer;
}

export function bufferSource(bytes: Uint8Array): ByteSource {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { size: buf.length, read: (pos, len) => buf.subarray(pos, Math.min(buf.length, pos + len)) };
}

export interface Mp4Info {
  /** `ftyp` major brand, e.g. `isom`, `mp42`, `qt  `. */
  brand: string;
  /** Seconds (mvhd duration / timescale). */
  duration: number;
  width: number;
  height: number;
  /** Clockwise rotation from the video track's matrix: 0, 90, 180 or 270. */
  rotation: number;
}

export class Mp4Error extends Error {}

interface Box {
  type: string;
  /** Offset of the payload (after the header). */
  start: number;
  /** Offset just past the box. */
  end: number;
}

const MAX_BOXES = 10000;

/** The boxes directly inside [start, end). */
function children(src: ByteSource, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  let pos = start;
  while (pos + 8 <= end) {
    if (boxes.length > MAX_BOXES) throw new Mp4Error('too many boxes');
    const head = src.read(pos, 16);
    if (head.length < 8) break;
    let size = head.readUInt32BE(0);
    const type = head.toString('latin1', 4, 8);
    let headerLen = 8;
    if (size === 1) {
      if (head.length < 16) throw new Mp4Error(`truncated ${type} box`);
      size = Number(head.readBigUInt64BE(8));
      headerLen = 16;
    } else if (size === 0) {
      size = end - pos; // extends to the end of its container
    }
    if (size < headerLen || pos + size > end) throw new Mp4Error(`bad size of ${JSON.stringify(type)} box at ${pos}`);
    boxes.push({ type, start: pos + headerLen, end: pos + size });
    pos += size;
  }
  return boxes;
}

function child(src: ByteSource, parent: Box, type: string): Box | undefined {
  return children(src, parent.start, parent.end).find((b) => b.type === type);
}

function payload(src: ByteSource, box: Box, max = 256): Buffer {
  return src.read(box.start, Math.min(max, box.end - box.start));
}

/** A 3x3 matrix from tkhd → rotation in degrees (what players apply). */
function rotationOf(m: Buffer): number {
  const a = m.readInt32BE(0);
  const b = m.readInt32BE(4);
  if (a === 0 && b > 0) return 90;
  if (a < 0 && b === 0) return 180;
  if (a === 0 && b < 0) return 270;
  return 0;
}

/** Reads duration, size and rotation; throws Mp4Error when this is not a usable MP4/MOV video. */
export function readMp4Info(src: ByteSource): Mp4Info {
  const top = children(src, 0, src.size);
  const ftyp = top.find((b) => b.type === 'ftyp');
  if (!ftyp || top[0] !== ftyp) throw new Mp4Error('not an ISO-BMFF file (no leading ftyp box)');
  const brand = payload(src, ftyp, 4).toString('latin1');
  const moov = top.find((b) => b.type === 'moov');
  if (!moov) throw new Mp4Error('no moov box');

  const mvhd = child(src, moov, 'mvhd');
  if (!mvhd) throw new Mp4Error('no mvhd box');
  const mv = payload(src, mvhd, 32);
  let timescale: number;
  let duration: number;
  if (mv[0] === 1) {
    timescale = mv.readUInt32BE(20);
    duration = Number(mv.readBigUInt64BE(24));
  } else {
    timescale = mv.readUInt32BE(12);
    duration = mv.readUInt32BE(16);
  }
  if (!timescale) throw new Mp4Error('mvhd timescale is 0');

  for (const trak of children(src, moov.start, moov.end).filter((b) => b.type === 'trak')) {
    const mdia = child(src, trak, 'mdia');
    const hdlr = mdia && child(src, mdia, 'hdlr');
    if (!hdlr || payload(src, hdlr, 12).toString('latin1', 8, 12) !== 'vide') continue;
    const tkhd = child(src, trak, 'tkhd');
    if (!tkhd) throw new Mp4Error('video track without tkhd box');
    const tk = payload(src, tkhd, 96);
    // version 1 has 64-bit times and duration: 12 more bytes before the common tail
    const tail = tk[0] === 1 ? 36 : 24;
    const matrixAt = tail + 16;
    if (tk.length < matrixAt + 44) throw new Mp4Error('truncated tkhd box');
    const width = tk.readUInt32BE(matrixAt + 36) / 65536;
    const height = tk.readUInt32BE(matrixAt + 40) / 65536;
    return {
      brand,
      duration: duration / timescale,
      width: Math.round(width),
      height: Math.round(height),
      rotation: rotationOf(tk.subarray(matrixAt, matrixAt + 36)),
    };
  }
  throw new Mp4Error('no video track');
}
