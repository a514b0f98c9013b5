/**
 * Real image encoding and decoding for compressImage and `sizeType: ['compressed']`:
 * JPEG with jpeg-js, PNG with pngjs (both pure JS, so CI needs no native codec).
 */
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { probeBytes } from './probe';

/** RGBA pixels, 4 bytes per pixel, row-major. */
export interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

export class CodecError extends Error {}

/** Limits handed to jpeg-js so a hostile file cannot exhaust memory. */
const MAX_MEGAPIXELS = 100;
const MAX_DECODE_MB = 1024;

/** Decodes a JPEG or PNG. Throws CodecError for other formats or corrupt data. */
export function decodeImage(bytes: Uint8Array): Rgba {
  let format: string;
  try {
    const info = probeBytes(bytes);
    format = info.format;
    // Refuse before allocating: RGBA of a 100-megapixel image is 400 MB.
    if (info.width * info.height > MAX_MEGAPIXELS * 1024 * 1024)
      throw new CodecError(`image too large to decode (${info.width}x${info.height})`);
  } catch (err) {
    if (err instanceof CodecError) throw err;
    throw new CodecError((err as Error).message);
  }
  try {
    if (format === 'jpg') {
      const r = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: MAX_MEGAPIXELS,
        maxMemoryUsageInMB: MAX_DECODE_MB,
      });
      return { width: r.width, height: r.height, data: r.data };
    }
    if (format === 'png') {
      const r = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: r.width, height: r.height, data: r.data };
    }
  } catch (err) {
    throw new CodecError(`cannot decode ${format === 'jpg' ? 'jpeg' : format}: ${(err as Error).message}`, { cause: err });
  }
  throw new CodecError(`unsupported image type ${format}`);
}

/** Encodes RGBA as a baseline JPEG; alpha is composited over white (JPEG has none). */
export function encodeJpeg(img: Rgba, quality: number): Buffer {
  const data = Buffer.alloc(img.width * img.height * 4);
  for (let i = 0; i < data.length; i += 4) {
    const a = img.data[i + 3] / 255;
    data[i] = Math.round(img.data[i] * a + 255 * (1 - a));
    data[i + 1] = Math.round(img.data[i + 1] * a + 255 * (1 - a));
    data[i + 2] = Math.round(img.data[i + 2] * a + 255 * (1 - a));
    data[i + 3] = 255;
  }
  // jpeg-js takes 1..100; quality 0 (allowed by wx) is treated as 1.
  return jpeg.encode({ width: img.width, height: img.height, data }, Math.min(100, Math.max(1, Math.round(quality)))).data;
}

export function encodePng(img: Rgba): Buffer {
  const png = new PNG({ width: img.width, height: img.height });
  Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength).copy(png.data);
  return PNG.sync.write(png);
}

/** Bilinear resize (good enough for thumbnails and compressImage's target size). */
export function resize(img: Rgba, width: number, height: number): Rgba {
  if (width === img.width && height === img.height) return img;
  const out = new Uint8Array(width * height * 4);
  const sx = img.width / width;
  const sy = img.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.max(0, (y + 0.5) * sy - 0.5);
    const y0 = Math.min(img.height - 1, Math.floor(fy));
    const y1 = Math.min(img.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.max(0, (x + 0.5) * sx - 0.5);
      const x0 = Math.min(img.width - 1, Math.floor(fx));
      const x1 = Math.min(img.width - 1, x0 + 1);
      const wx = fx - x0;
      for (let c = 0; c < 4; c++) {
        const p00 = img.data[(y0 * img.width + x0) * 4 + c];
        const p01 = img.data[(y0 * img.width + x1) * 4 + c];
        const p10 = img.data[(y1 * img.width + x0) * 4 + c];
        const p11 = img.data[(y1 * img.width + x1) * 4 + c];
        out[(y * width + x) * 4 + c] = Math.round((p00 * (1 - wx) + p01 * wx) * (1 - wy) + (p10 * (1 - wx) + p11 * wx) * wy);
      }
    }
  }
  return { width, height, data: out };
}

/**
 * Bakes an EXIF orientation (1..8) into the pixels: the re-encoded JPEG carries
 * no EXIF, so without this a rotated photo would come out sideways.
 */
export function applyOrientation(img: Rgba, orientation: number): Rgba {
  if (orientation <= 1 || orientation > 8) return img;
  const swap = orientation >= 5;
  const w = swap ? img.height : img.width;
  const h = swap ? img.width : img.height;
  const out = new Uint8Array(img.data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // (sx, sy): the stored pixel that shows at (x, y) once displayed upright
      let sx: number;
      let sy: number;
      switch (orientation) {
        case 2:
          sx = img.width - 1 - x;
          sy = y;
          break;
        case 3:
          sx = img.width - 1 - x;
          sy = img.height - 1 - y;
          break;
        case 4:
          sx = x;
          sy = img.height - 1 - y;
          break;
        case 5:
          sx = y;
          sy = x;
          break;
        case 6:
          sx = y;
          sy = img.height - 1 - x;
          break;
        case 7:
          sx = img.width - 1 - y;
          sy = img.height - 1 - x;
          break;
        default:
          sx = img.width - 1 - y;
          sy = x;
          break; // 8
      }
      const si = (sy * img.width + sx) * 4;
      out.set(img.data.subarray(si, si + 4), (y * w + x) * 4);
    }
  }
  return { width: w, height: h, data: out };
}

export interface CompressOptions {
  /** 0..100 (JPEG quality). */
  quality: number;
  /** Target width/height; give one and the other follows the aspect ratio. */
  width?: number;
  height?: number;
}

/** Target size for compressImage: one side given → the other scales proportionally. */
export function targetSize(
  src: { width: number; height: number },
  want: { width?: number; height?: number },
): { width: number; height: number } {
  let { width, height } = want;
  if (width === undefined && height === undefined) return { width: src.width, height: src.height };
  if (width === undefined) width = (src.width * height!) / src.height;
  if (height === undefined) height = (src.height * width) / src.width;
  return { width: Math.max(1, Math.round(width)), height: Math.max(1, Math.round(height)) };
}

/** Decodes, turns upright (EXIF orientation), optionally resizes, and re-encodes as JPEG at `quality`. */
export function compressToJpeg(bytes: Uint8Array, options: CompressOptions): Buffer {
  const img = applyOrientation(decodeImage(bytes), probeBytes(bytes).exifOrientation ?? 1);
  const size = targetSize(img, options);
  return encodeJpeg(resize(img, size.width, size.height), options.quality);
}
