// Seed 002, "Use the STS token" mode: the doc's uploader block with the ONE missing comma
// added (see ../sts-mode-verbatim), then the doc's addFile and startUpload blocks verbatim.
// Prelude: `VODUpload`, `log`, and the STS token the AppServer hands out (step 1:
// `accessKeyId`, `accessKeySecret`, `secretToken`).
const { check, recordConsole, waitFor, expectAsync } = require('../../_lib/expect');
const { runBlock, appserver } = require('../../_lib/doc');
const path = require('path');
globalThis.VODUpload = require('mpsim/vod-upload').VODUpload;
const logs = recordConsole();
globalThis.log = (...a) => console.log(...a);
const doc = path.join(__dirname, '..', '_doc');

appserver('/vod/aliyun/sts').then((sts) => {
  globalThis.accessKeyId = sts.AccessKeyId;
  globalThis.accessKeySecret = sts.AccessKeySecret;
  globalThis.secretToken = sts.SecurityToken;

  const missingComma = /(uploader\.setSTSToken\(uploadInfo, accessKeyId, accessKeySecret, secretToken\);\s*\n\s*\})/;
  runBlock(doc, '03-sts-mode.js', (code) => {
    if (!missingComma.test(code)) throw new Error('the doc block changed: re-check the fix');
    return code.replace(missingComma, '$1,');
  });
  runBlock(doc, '04-add-file.js');
  const start = setInterval(() => {
    if (uploader.listFiles().length === 0) return;
    clearInterval(start);
    runBlock(doc, '11-start-upload.js');
  }, 10);

  // Expectation: the SDK calls VOD itself with the STS token (CreateUploadVideo), uploads,
  // and VOD has the picked video's bytes.
  expectAsync(async () => {
    const text = () => logs.map((l) => l.join(' '));
    await waitFor(() => text().includes('onUploadEnd: uploaded all the files'), 30000, 'onUploadEnd');
    check(text().some((l) => l.startsWith('onUploadSucceed: tmp_')), 'onUploadSucceed');
    const info = uploader.listFiles()[0];
    check(info.videoId, 'the SDK got a VideoId from CreateUploadVideo');
    const src = await appserver(`/vod/aliyun/videos/${info.videoId}`);
    const md5 = require('crypto').createHash('md5').update(require('fs').readFileSync(mpsim.device.toHostPath(info.url))).digest('hex');
    check(src.MD5 === md5, `VOD stored the picked video (${JSON.stringify(src)})`);
    const calls = mpsim.servers.aliyunVod.log.filter((e) => e.action === 'CreateUploadVideo' && e.status === 200);
    check(calls.length === 1, 'one CreateUploadVideo, signed with the STS token');
    console.log(`ok: video ${info.videoId} uploaded in STS mode`);
  });
});
