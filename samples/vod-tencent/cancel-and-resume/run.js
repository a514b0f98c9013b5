// vod-wx-sdk-v2 documented usage: start, cancel mid-way (the demo's cancel button), resume
// (its resume button: uploader.start()). Prelude: a 5 MiB video in the album, a slow link
// to vod2.qcloud.com so there is time to cancel, lifted before resuming.
// Expectation: nothing committed after the cancel; the resume re-applies with the session key
// the SDK stored (wp_ugc_<fileKey>), sends only the missing parts, and VOD commits the bytes.
const { check, recordConsole, waitFor, expectAsync } = require('../../_lib/expect');
const { appserver } = require('../../_lib/doc');
const { addVideo, md5Of } = require('../_lib');

const logs = recordConsole();
const video = addVideo(5 * 1024 * 1024, 'VID_RESUME.mp4');
mpsim.user.pick([mpsim.album.list().indexOf(video)]);
mpsim.network.throttle({ upload: 2 * 1024 * 1024 }, { host: 'vod2.qcloud.com' });

const { page, cancelUpload, resumeUpload } = require('./snippet.js'); // the documented usage, verbatim

expectAsync(async () => {
  const text = () => logs.map((l) => l.join(' '));
  const vod = mpsim.servers.tencentVod;
  const parts = () => mpsim.servers.cos.log.filter((e) => e.op === 'UploadPart' && e.status === 200).length;
  await waitFor(() => page.data.progress >= 40, 30000, 'progress ≥ 40%');
  cancelUpload();
  // A part the server was finishing when the cancel came is logged when it ends: count once the
  // log has stopped moving (on a loaded machine that can take longer than a fixed wait).
  let sent = -1;
  for (let i = 0; i < 20 && parts() !== sent; i++) {
    sent = parts();
    await new Promise((r) => setTimeout(r, 1500));
  }
  check(sent >= 2 && sent < 5, `cancelled mid-way after ${sent} of 5 parts`);
  check(!vod.log.some((e) => e.action === 'CommitUploadUGC'), 'nothing committed after cancel');
  const fileKey = /^.*?([^/]{32}\.\w+)$/.exec(page.data.videoFile.tempFilePath)[1];
  const key = wx.getStorageSync(`wp_ugc_${fileKey}`);
  check(key && vod.sessions.has(key), 'the SDK stored the vodSessionKey');

  mpsim.network.reset();
  resumeUpload();
  await waitFor(() => text().some((l) => l.startsWith('finish ') || l.startsWith('error ')), 30000, 'finish or error');
  check(!text().some((l) => l.startsWith('error ')), `no error: ${text().find((l) => l.startsWith('error '))}`);
  const session = vod.sessions.get(key);
  check(session.applies === 2 && session.fileId, 'resumed the same VOD session');
  check(parts() === 5, `only the missing parts were sent (${parts() - sent} after resume)`);
  const media = await appserver(`/vod/tencent/media/${session.fileId}`);
  check(media.md5 === md5Of(page.data.videoFile.tempFilePath), 'VOD committed the picked video bytes');
  console.log(`ok: cancelled after ${sent}/5 parts, resumed, ${session.fileId} committed (${media.size} B)`);
});
