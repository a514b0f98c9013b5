// Seed 002, "Use the upload URL and credential" mode: the doc's uploader, its wx.chooseVideo
// addFile block and uploader.startUpload(), verbatim and in that order.
// Prelude — what the doc leaves undefined: `VODUpload`, `log`, and the AppServer's answer
// (`uploadAuth`, `uploadAddress`, `videoId`) from CreateUploadVideo, as the doc's step 1 describes.
const { check, recordConsole, waitFor, expectAsync } = require('../../_lib/expect');
const { runBlock, appserver } = require('../../_lib/doc');
const path = require('path');
globalThis.VODUpload = require('mpsim/vod-upload').VODUpload;
const logs = recordConsole();
globalThis.log = (...a) => console.log(...a);
const doc = path.join(__dirname, '..', '_doc');

appserver('/vod/aliyun/create-upload-video', 'POST', { Title: 'seed 002', FileName: 'video.mp4' }).then((r) => {
  globalThis.uploadAuth = r.UploadAuth;
  globalThis.uploadAddress = r.UploadAddress;
  globalThis.videoId = r.VideoId;

  runBlock(doc, '02-auth-mode.js');
  runBlock(doc, '04-add-file.js');
  // addFile runs in wx.chooseVideo's success callback: start once the file is in the list
  const start = setInterval(() => {
    if (uploader.listFiles().length === 0) return;
    clearInterval(start);
    runBlock(doc, '11-start-upload.js');
  }, 10);

  // Expectation: the doc's callbacks log start, progress up to 100%, success and the end;
  // VOD has the video's bytes, md5-identical to the picked file.
  expectAsync(async () => {
    const text = () => logs.map((l) => l.join(' '));
    await waitFor(() => text().includes('onUploadEnd: uploaded all the files'), 30000, 'onUploadEnd');
    await new Promise((r) => setTimeout(r, 100));
    // at onUploadstarted the address is not known yet (the callback is where it gets set)
    check(text().some((l) => /^onUploadStarted:tmp_[0-9a-f]+\.mp4, endpoint:undefined/.test(l)), 'onUploadstarted logged the file name');
    check(text().some((l) => /^onUploadSucceed: tmp_[0-9a-f]+\.mp4, endpoint:https:\/\/oss-cn-shanghai\.aliyuncs\.com, bucket:outin-[0-9a-f]{32}, object:sv\//.test(l)), 'onUploadSucceed logged the address');
    check(text().some((l) => /^onUploadProgress:file:tmp_.*percent:100%$/.test(l)), 'progress reached 100%');
    check(text().some((l) => l.startsWith('onUploadSucceed: tmp_')), 'onUploadSucceed');
    check(text().filter((l) => l === 'onUploadEnd: uploaded all the files').length === 1, 'onUploadEnd once');
    const src = await appserver(`/vod/aliyun/videos/${videoId}`);
    const picked = mpsim.device.toHostPath(uploader.listFiles()[0].url);
    const md5 = require('crypto').createHash('md5').update(require('fs').readFileSync(picked)).digest('hex');
    check(src.MD5 === md5 && src.Status === 'Uploaded', `VOD stored the picked video (${JSON.stringify(src)})`);
    console.log(`ok: video ${videoId} uploaded in credential mode, md5 ${md5}`);
  });
});
