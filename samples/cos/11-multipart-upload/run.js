// Seed 003, "Uploading parts" — multipartUpload (Upload Part) with the doc's literal UploadId 'exampleUploadId'.
// Prelude: `cos` (the real cos-wx-sdk-v5, temporary keys from the app server via wx.request) and `fileObject`: the bytes (ArrayBuffer) of an album image, read with the FileSystemManager.
// Expectation, as printed: Region 'COS_REGION' is a placeholder the SDK refuses before sending
// anything ({ error: 'Region format error.' }). With the region filled in (ap-beijing): no upload
// has the id 'exampleUploadId', so — as the doc says — COS answers 404 NoSuchUpload, once (a 4xx
// is not retried), and the callback logs that error.
const { check, recordConsole, waitFor, expectAsync } = require('../../_lib/expect');
const { stsAuthorization, runWithRegion, cosLog, isRegionError } = require('../../_lib/cos');
const COS = require('cos-wx-sdk-v5');
globalThis.cos = new COS({ getAuthorization: stsAuthorization });
const logs = recordConsole();
wx.chooseImage({
  count: 1,
  success(res) {
    globalThis.fileObject = wx.getFileSystemManager().readFileSync(res.tempFilePaths[0]);
    require('./snippet.js'); // verbatim from the doc

    expectAsync(async () => {
      await waitFor(() => logs.length > 0, 20000, 'the callback');
      check(logs.length === 1 && isRegionError(logs[0]), `as printed: Region format error, got ${JSON.stringify(logs)}`);
      check(cosLog().length === 0, 'as printed: nothing reached COS');
      logs.length = 0;

      runWithRegion(__dirname);
      await waitFor(() => logs.length > 0, 20000, 'the callback');
      const [[err]] = logs;
      check(err && err.statusCode === 404 && err.error && err.error.Code === 'NoSuchUpload', `err is 404 NoSuchUpload, got ${JSON.stringify(err)}`);
      const seen = cosLog('UploadPart');
      check(seen.length === 1 && seen[0].status === 404 && seen[0].code === 'NoSuchUpload' && /uploadId=exampleUploadId/i.test(seen[0].url), `COS saw one UploadPart of exampleUploadId → 404, got ${JSON.stringify(cosLog())}`);
      check(typeof globalThis.eTag === 'undefined', 'eTag is only set on success');
      console.log(`ok: as printed "Region format error."; with ap-beijing: 404 ${err.error.Code} — ${err.error.Message}`);
    });
  },
});
