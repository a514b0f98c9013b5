/** Real bytes in the simulated phone's user area (the test realm's `wx` and `mpsim`). */
import * as fs from 'node:fs';

declare const wx: any;
declare const mpsim: any;

/** Writes `size` deterministic bytes to `wxfile://usr/<name>`; returns the wx path and the bytes. */
export function userFile(name: string, size: number): { path: string; bytes: Buffer } {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  const path = `${wx.env?.USER_DATA_PATH ?? 'wxfile://usr'}/${name}`;
  fs.writeFileSync(mpsim.device.toHostPath(path), bytes);
  return { path, bytes };
}
