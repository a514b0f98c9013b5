// Seed 002 step 4, "Control the upload": startUpload, stopUpload, startUpload again — verbatim
// blocks — on the credential-mode uploader of step 2.2. Prelude as in ../auth-mode.
// Expectation: stopping before the transfer ends leaves the file `Stoped` with nothing stored;
// starting again uploads it (RefreshUploadVideo path: uploadInfo.videoId is set).
const { check, recordConsole, waitFor, expectAsync } = require('../../_lib/expect');
const { runBlock, appserver } = require('../../_lib/doc');
const path = require('path');
globalThis.VODUpload = require('mpsim/vod-upload').VODUpload;
const logs = recordConsole();
globalThis.log = (...a) => console.log(...a);
const doc = path.join(__dirname, '..', '_doc');

appserver('/vod/aliyun/create-upload-video', 'POST', { Title: 'control', FileName: 'video.mp4' }).then((r) => {
  globalThis.uploadAuth = r.UploadAuth;
  globalThis.uploadAddress = r.UploadAddress;
  globalThis.videoId = r.VideoId;
  // slow link, so there is time to stop mid-transfer
  mpsim.network.throttle(20 * 1024);
  runBlock(doc, '02-auth-mode.js');
  runBlock(doc, '04-add-file.js');

  expectAsync(async () => {
    const text = () => logs.map((l) => l.join(' '));
    await waitFor(() => uploader.listFiles().length === 1, 10000, 'file added');
    runBlock(doc, '11-start-upload.js');
    await waitFor(() => text().some((l) => l.startsWith('onUploadProgress:')), 10000, 'first progress');
    runBlock(doc, '12-stop-upload.js');
    const info = uploader.listFiles()[0];
    check(info.state === 'Stoped', `stopUpload: state ${info.state}`);
    await new Promise((r) => setTimeout(r, 300));
    const mid = await appserver(`/vod/aliyun/videos/${videoId}`);
    check(mid.MD5 === null, `nothing stored after stopUpload (${JSON.stringify(mid)})`);

    mpsim.network.reset();
    runBlock(doc, '11-start-upload.js');
    await waitFor(() => text().includes('onUploadEnd: uploaded all the files'), 30000, 'onUploadEnd');
    check(info.state === 'Success', `second startUpload: state ${info.state}`);
    const src = await appserver(`/vod/aliyun/videos/${videoId}`);
    const md5 = require('crypto').createHash('md5').update(require('fs').readFileSync(mpsim.device.toHostPath(info.url))).digest('hex');
    check(src.MD5 === md5, `VOD stored the video after restart (${JSON.stringify(src)})`);
    console.log('ok: startUpload / stopUpload / startUpload');
  });
});
