/**
 * The media services the runtime's choosers and image APIs use, on host paths
 * the Device has already resolved inside its sandbox.
 */
import * as fs from 'node:fs';
import { compressToJpeg, CodecError } from './codec';
import { probeFile, type MediaInfo } from './probe';

export { CodecError } from './codec';
export { MediaProbeError, probeFile, probeBytes, wxImageType, wxOrientation, type MediaInfo, type MediaKind } from './probe';

/** Images larger than this are not decoded (compressImage fails instead of exhausting memory). */
export const MAX_DECODE_BYTES = 64 * 1024 * 1024;

/** Probes a host file; returns undefined when it is not a readable image or video. */
export function tryProbeFile(hostPath: string): MediaInfo | undefined {
  try {
    return probeFile(hostPath);
  } catch {
    return undefined;
  }
}

/**
 * Decodes a JPEG/PNG host file, resizes it when asked and re-encodes it as JPEG.
 * Throws CodecError with a reason for other formats, corrupt or oversized files.
 */
export function compressImageFile(hostPath: string, options: { quality: number; width?: number; height?: number }): Buffer {
  const size = fs.statSync(hostPath).size;
  if (size > MAX_DECODE_BYTES) throw new CodecError(`image too large to decode (${size} bytes)`);
  return compressToJpeg(fs.readFileSync(hostPath), options);
}
