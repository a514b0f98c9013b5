/**
 * Harness for the vod-wx-sdk-v2 samples (not doc code): put a video of a given
 * size in the phone's album, and read back what the app server says VOD committed.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

/** The simulator's sample MP4 grown to `size` bytes with a trailing `free` box (still a valid MP4 for the album). */
function addVideo(size, name = 'VID_VOD.mp4') {
  const base = fs.readFileSync(path.join(__dirname, '..', '..', 'simulator', 'assets', 'sample-video.mp4'));
  const pad = Math.max(8, size - base.length);
  const free = Buffer.alloc(pad);
  free.writeUInt32BE(pad, 0);
  free.write('free', 4, 'latin1');
  for (let i = 8; i < pad; i++) free[i] = (i * 7) & 0xff;
  return mpsim.album.add(Buffer.concat([base, free]), { name });
}

/** Hex MD5 of a wxfile:// file. */
function md5Of(wxPath) {
  return crypto.createHash('md5').update(fs.readFileSync(mpsim.device.toHostPath(wxPath))).digest('hex');
}

module.exports = { addVideo, md5Of };
