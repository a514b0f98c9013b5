// vod-wx-sdk-v2 documented usage: pick a video (3 MiB) and a cover, upload through the real SDK.
// Prelude: a 3 MiB video in the album; the user picks it, then the album's first image as cover.
// Expectation: finish with a fileId; VOD committed the picked bytes and the cover (app server
// /vod/tencent/media); progress reached 100; every COS request went to vod2.qcloud.com.
const { check, recordConsole, waitFor, expectAsync } = require('../../_lib/expect');
const { appserver } = require('../../_lib/doc');
const { addVideo, md5Of } = require('../_lib');

const logs = recordConsole();
const video = addVideo(3 * 1024 * 1024);
const album = mpsim.album.list();
mpsim.user.pick([album.indexOf(video)]);
mpsim.user.pick([album.findIndex((i) => i.kind === 'image')]);

const { page } = require('./snippet.js'); // the documented usage, verbatim

expectAsync(async () => {
  const text = () => logs.map((l) => l.join(' '));
  await waitFor(() => text().some((l) => l.startsWith('finish ') || l.startsWith('error ')), 30000, 'finish or error');
  check(!text().some((l) => l.startsWith('error ')), `no error: ${text().find((l) => l.startsWith('error '))}`);
  const line = text().find((l) => l.startsWith('finish '));
  const fileId = /fileId:(\d+)/.exec(line)[1];
  check(/videoName:my first video$/.test(line), `finish reports the name: ${line}`);
  check(page.data.progress === 100, `progress reached 100, got ${page.data.progress}`);
  const media = await appserver(`/vod/tencent/media/${fileId}`);
  check(media.size === page.data.videoFile.size, `VOD size ${media.size} = picked ${page.data.videoFile.size}`);
  check(media.md5 === md5Of(page.data.videoFile.tempFilePath), 'VOD committed the picked video bytes');
  check(media.coverMd5 === md5Of(page.data.coverFile.tempFilePaths[0]), 'VOD committed the picked cover');
  const forwarded = mpsim.network.requests.filter((r) => r.headers['Vod-Forward-Cos']);
  check(forwarded.length > 0 && forwarded.every((r) => r.host === 'vod2.qcloud.com'), 'COS traffic forwarded through vod2.qcloud.com');
  console.log(`ok: ${fileId} (${media.size} B video + ${media.coverSize} B cover) committed`);
});
