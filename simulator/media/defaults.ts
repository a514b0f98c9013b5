/**
 * The default album: real media, so code that decodes, sizes or uploads what a
 * chooser returned sees real bytes.
 *
 *   IMG_0001.jpg  640x480 JPEG, colour gradient (quality 92)
 *   IMG_0002.jpg  480x640 JPEG, checkerboard (quality 88)
 *   IMG_0003.jpg  320x240 JPEG with EXIF orientation 6 (`right`) (quality 90)
 *   IMG_0004.png  256x256 RGBA PNG with transparency
 *   VID_0001.mp4  320x240 H.264, 2.0 s, committed under simulator/assets/ (made once with ffmpeg)
 *
 * Images are generated deterministically with jpeg-js / pngjs and cached for the
 * life of the module, so each Device does not re-encode them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jpeg from 'jpeg-js';
import { encodeJpeg, encodePng, resize, type Rgba } from './codec';

export interface DefaultMedia {
  name: string;
  bytes: Uint8Array;
}

function image(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]): Rgba {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4);
  }
  return { width, height, data };
}

/** A minimal EXIF APP1 payload holding only the Orientation tag (0x0112). */
export function exifWithOrientation(orientation: number): Buffer {
  const b = Buffer.alloc(6 + 8 + 2 + 12 + 4);
  b.write('Exif\0\0', 0, 'latin1');
  b.write('II*\0', 6, 'latin1'); // little-endian TIFF header
  b.writeUInt32LE(8, 10); // first IFD at offset 8 of the TIFF header
  b.writeUInt16LE(1, 14); // one entry
  b.writeUInt16LE(0x0112, 16); // Orientation
  b.writeUInt16LE(3, 18); // SHORT
  b.writeUInt32LE(1, 20); // count
  b.writeUInt16LE(orientation, 24);
  b.writeUInt32LE(0, 28); // no next IFD
  return b;
}

/** Where the committed assets live, from the TypeScript source or from dist/. */
export function assetPath(name: string): string {
  const candidates = [
    path.join(__dirname, '..', 'assets', name), // simulator/media → simulator/assets (ts-jest, ts-node)
    path.join(__dirname, '..', '..', '..', 'simulator', 'assets', name), // dist/simulator/media → repo
  ];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`mpsim: missing asset simulator/assets/${name} (looked in ${candidates.join(', ')})`);
  return found;
}

let cache: DefaultMedia[] | undefined;

/** The default album's media, in album order. */
export function defaultMedia(): readonly DefaultMedia[] {
  if (cache) return cache;
  const gradient = image(640, 480, (x, y) => [Math.round((x * 255) / 639), Math.round((y * 255) / 479), 128, 255]);
  const checker = image(480, 640, (x, y) => (((x >> 5) + (y >> 5)) % 2 ? [230, 80, 40, 255] : [30, 90, 200, 255]));
  const rings = image(320, 240, (x, y) => {
    const d = Math.hypot(x - 160, y - 120);
    return [Math.round(128 + 127 * Math.sin(d / 6)), 200, Math.round(128 + 127 * Math.cos(d / 9)), 255];
  });
  const badge = image(256, 256, (x, y) => {
    const inside = Math.hypot(x - 128, y - 128) < 110;
    return inside ? [255, Math.round(y), Math.round(x), 255] : [0, 0, 0, 0];
  });
  const encodeWithExif = (img: Rgba, quality: number, orientation: number) =>
    jpeg.encode(
      {
        width: img.width,
        height: img.height,
        data: img.data,
        exifBuffer: exifWithOrientation(orientation),
      } as jpeg.RawImageData<Uint8Array>,
      quality,
    ).data;
  cache = [
    { name: 'IMG_0001.jpg', bytes: encodeJpeg(gradient, 92) },
    { name: 'IMG_0002.jpg', bytes: encodeJpeg(checker, 88) },
    { name: 'IMG_0003.jpg', bytes: encodeWithExif(rings, 90, 6) },
    { name: 'IMG_0004.png', bytes: encodePng(badge) },
    { name: 'VID_0001.mp4', bytes: fs.readFileSync(assetPath('sample-video.mp4')) },
  ];
  return cache;
}

const thumbCache = new Map<string, Buffer>();

/**
 * A real JPEG thumbnail for a video. The default video has a frame extracted
 * with ffmpeg (committed); for any other video we cannot decode H.264 in pure
 * JS, so the thumbnail is a generated placeholder frame of the video's aspect
 * ratio (longest side ≤ 320 px).
 */
export function videoThumbnail(video: { name: string; width: number; height: number; isDefault?: boolean }): Buffer {
  if (video.isDefault) return fs.readFileSync(assetPath('sample-video-thumb.jpg'));
  const scale = Math.min(1, 320 / Math.max(video.width || 1, video.height || 1));
  const w = Math.max(1, Math.round((video.width || 320) * scale));
  const h = Math.max(1, Math.round((video.height || 240) * scale));
  const key = `${w}x${h}`;
  let bytes = thumbCache.get(key);
  if (!bytes) {
    const frame = image(w, h, (x, y) => [(40 + (x * 80) / w) | 0, 40, (40 + (y * 80) / h) | 0, 255]);
    bytes = encodeJpeg(resize(frame, w, h), 80);
    thumbCache.set(key, bytes);
  }
  return bytes;
}
