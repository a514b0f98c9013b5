/** Media for vod-wx-sdk-v2 tests: real MP4s in the simulated album, picked the documented way. */
import * as fs from 'node:fs';
import * as path from 'node:path';

declare const wx: any;
declare const mpsim: any;

/** A real MP4 (the default sample) grown to about `size` bytes with a trailing `free` box, so it probes as a video. */
export function mp4Of(size: number, seed: number): Buffer {
  const base = fs.readFileSync(path.join(__dirname, '../../simulator/assets/sample-video.mp4'));
  const pad = Math.max(8, size - base.length);
  const free = Buffer.alloc(pad);
  free.writeUInt32BE(pad, 0);
  free.write('free', 4, 'latin1');
  for (let i = 8; i < pad; i++) free[i] = (i * 31 + seed) & 0xff;
  return Buffer.concat([base, free]);
}

/** Adds such a video to the album and picks it with wx.chooseVideo (the SDK's documented mediaFile). */
export async function chooseVideo(size: number, seed: number): Promise<any> {
  const item = mpsim.album.add(mp4Of(size, seed), { name: `VID_${seed}.mp4` });
  mpsim.user.pick([mpsim.album.list().indexOf(item)]);
  return wx.chooseVideo({ sourceType: ['album'], compressed: false });
}
