/**
 * What a media file is: kind, MIME type, pixel size, EXIF orientation, duration.
 * Images are probed with `image-size` (from the file's head, as its own fromFile
 * does), videos with our ISO-BMFF reader (box headers only). Nothing reads a whole
 * file, so probing a large album video stays cheap.
 */
import * as fs from 'node:fs';
import { imageSize } from 'image-size';
import { bufferSource, readMp4Info, type ByteSource } from './mp4';

export type MediaKind = 'image' | 'video';

/** `wx.getImageInfo().type` values (wx-api-semantics §3.5). */
export type WxImageType = 'unknown' | 'jpeg' | 'png' | 'gif' | 'tiff';

/** `wx.getImageInfo().orientation` by EXIF value 1..8 (wx-api-semantics §3.5). */
export const ORIENTATIONS = ['up', 'up-mirrored', 'down', 'down-mirrored', 'left-mirrored', 'right', 'right-mirrored', 'left'] as const;
export type WxOrientation = (typeof ORIENTATIONS)[number];

export interface MediaInfo {
  kind: MediaKind;
  /** File format: image-size's type (`jpg`, `png`, `gif`, `webp`, ...) or `mp4` / `mov`. */
  format: string;
  mime: string;
  /** Preferred file extension (no dot). */
  ext: string;
  width: number;
  height: number;
  /** Images: EXIF orientation 1..8 (1 when absent). */
  exifOrientation?: number;
  /** Videos: seconds. */
  duration?: number;
}

export class MediaProbeError extends Error {}

/** Bytes of the file head handed to image-size (what image-size/fromFile reads too). */
const IMAGE_HEAD_BYTES = 512 * 1024;

const IMAGE_MIME: Record<string, [mime: string, ext: string]> = {
  jpg: ['image/jpeg', 'jpg'],
  png: ['image/png', 'png'],
  gif: ['image/gif', 'gif'],
  webp: ['image/webp', 'webp'],
  bmp: ['image/bmp', 'bmp'],
  tiff: ['image/tiff', 'tiff'],
  heif: ['image/heic', 'heic'],
  avif: ['image/avif', 'avif'],
};

/** getImageInfo's `type` for a probed format. */
export function wxImageType(format: string): WxImageType {
  if (format === 'jpg') return 'jpeg';
  if (format === 'png' || format === 'gif' || format === 'tiff') return format;
  return 'unknown';
}

export function wxOrientation(exif: number | undefined): WxOrientation {
  return ORIENTATIONS[(exif ?? 1) - 1] ?? 'up';
}

function fileSource(fd: number, size: number): ByteSource {
  return {
    size,
    read(position, length) {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
      const n = buf.length ? fs.readSync(fd, buf, 0, buf.length, position) : 0;
      return buf.subarray(0, n);
    },
  };
}

function probeSource(src: ByteSource): MediaInfo {
  const head = src.read(0, 12);
  if (head.length >= 8 && head.toString('latin1', 4, 8) === 'ftyp') {
    const brand = head.toString('latin1', 8, 12);
    // HEIF/AVIF stills are ISO-BMFF too: hand those to image-size below.
    if (!/^(heic|heix|hevc|heim|heis|mif1|msf1|avif|avis)$/.test(brand)) {
      try {
        const v = readMp4Info(src);
        const mov = v.brand === 'qt  ';
        return {
          kind: 'video',
          format: mov ? 'mov' : 'mp4',
          mime: mov ? 'video/quicktime' : 'video/mp4',
          ext: mov ? 'mov' : 'mp4',
          width: v.width,
          height: v.height,
          duration: v.duration,
        };
      } catch (err) {
        throw new MediaProbeError(`unreadable video: ${(err as Error).message}`);
      }
    }
  }
  let r: ReturnType<typeof imageSize>;
  try {
    r = imageSize(src.read(0, IMAGE_HEAD_BYTES));
  } catch (err) {
    throw new MediaProbeError(`unknown or unreadable media (${(err as Error).message})`);
  }
  const type = r.type ?? '';
  const known = IMAGE_MIME[type];
  if (!known || !r.width || !r.height) throw new MediaProbeError(`unsupported image type ${JSON.stringify(type)}`);
  return {
    kind: 'image',
    format: type,
    mime: known[0],
    ext: known[1],
    width: r.width,
    height: r.height,
    exifOrientation: r.orientation ?? 1,
  };
}

/** Probes bytes in memory. Throws MediaProbeError for anything that is not a readable image or video. */
export function probeBytes(bytes: Uint8Array): MediaInfo {
  return probeSource(bufferSource(bytes));
}

/** Probes a host file (reads only its head / box headers). Throws MediaProbeError, or Node's error when unreadable. */
export function probeFile(hostPath: string): MediaInfo {
  const fd = fs.openSync(hostPath, 'r');
  try {
    return probeSource(fileSource(fd, fs.fstatSync(fd).size));
  } finally {
    fs.closeSync(fd);
  }
}
