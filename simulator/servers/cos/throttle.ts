/**
 * `x-cos-traffic-limit`: a byte stream paced to a rate in bits per second.
 * Each chunk passes at once, then the next is held until the average rate since
 * the first byte is back under the limit, so a body of N bytes takes at least
 * (N − last chunk) / rate.
 */
import { Transform, type TransformCallback } from 'node:stream';

/** The range COS accepts, in bit/s (100 KB/s .. 100 MB/s). */
export const TRAFFIC_LIMIT_MIN = 819200;
export const TRAFFIC_LIMIT_MAX = 838860800;

/** Largest slice passed at once, so a big chunk is paced too. */
const SLICE = 16 * 1024;

/** Paces bytes to `bitsPerSecond`. */
export class Throttle extends Transform {
  private start = 0;
  private sent = 0;
  private readonly bytesPerMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(bitsPerSecond: number) {
    super();
    this.bytesPerMs = bitsPerSecond / 8 / 1000;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (this.start === 0) this.start = Date.now();
    let off = 0;
    const step = () => {
      if (off >= chunk.length) {
        cb();
        return;
      }
      const piece = chunk.subarray(off, off + SLICE);
      off += piece.length;
      this.push(piece);
      this.sent += piece.length;
      const wait = this.start + this.sent / this.bytesPerMs - Date.now();
      if (wait > 0) this.timer = setTimeout(step, wait);
      else step();
    };
    step();
  }

  override _destroy(err: Error | null, cb: (error: Error | null) => void): void {
    if (this.timer) clearTimeout(this.timer);
    cb(err);
  }
}
