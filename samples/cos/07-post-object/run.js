// Seed 003, "Uploading an object using an HTML form" — upload a file using simple upload.
// Prelude: `cos` (the real cos-wx-sdk-v5, temporary keys from the app server via wx.request),
// `tmpFilePath` from wx.chooseImage (as the doc's comment says) and `filename`, its base name.
// Expectation: postObject goes out as one wx.uploadFile form POST; the callback logs statusCode
// 200 with the ETag of the image; COS stores the exact image bytes under `filename`;
// onProgress logs JSON progress ending at percent 1.
const { check, recordConsole, waitFor, expectAsync, uploads } = require('../../_lib/expect');
const { stsAuthorization, md5, storedBytes, fileBytes, cosLog } = require('../../_lib/cos');
const COS = require('cos-wx-sdk-v5');
globalThis.cos = new COS({ getAuthorization: stsAuthorization });
const logs = recordConsole();

wx.chooseImage({
  count: 1,
  success(res) {
    globalThis.tmpFilePath = res.tempFilePaths[0];
    globalThis.filename = tmpFilePath.substr(tmpFilePath.lastIndexOf('/') + 1);
    const image = fileBytes(tmpFilePath);

    require('./snippet.js'); // verbatim from the doc

    expectAsync(async () => {
      await waitFor(() => logs.some((l) => l[0] && l[0].statusCode), 20000, 'the callback');
      const result = logs.find((l) => l[0] && l[0].statusCode)[0];
      check(result.statusCode === 200, `data.statusCode 200, got ${JSON.stringify(result)}`);
      check(result.ETag === `"${md5(image)}"`, `ETag of the image, got ${result.ETag}`);
      const key = filename;
      check(md5(storedBytes(key)) === md5(image), `COS stored the image as ${key}`);
      check(uploads().length === 1 && cosLog('PostObject').length === 1, 'one wx.uploadFile POST');
      const progress = logs.filter((l) => typeof l[0] === 'string' && l[0].startsWith('{')).map((l) => JSON.parse(l[0]));
      const last = progress[progress.length - 1];
      check(last && last.percent === 1 && last.loaded === image.length, `onProgress ends at 100 %, got ${JSON.stringify(progress)}`);
      console.log(`ok: ${key} (${image.length} B) stored by a form POST, ${progress.length} progress events`);
    });
  },
});
