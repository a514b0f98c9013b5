// Seed 003, "Initializing a multipart upload" — multipartInit of exampleobject; the doc's callback
// keeps data.UploadId in `uploadId` (an implicit global, as in a sloppy-mode page script).
// Prelude: `cos` (the real cos-wx-sdk-v5, temporary keys from the app server via wx.request).
// Expectation, as printed: Region 'COS_REGION' is a placeholder the SDK refuses before sending
// anything ({ error: 'Region format error.' }) and `uploadId` stays unset. With the region filled
// in (ap-beijing): the callback logs { Bucket, Key, UploadId, statusCode 200 } and `uploadId` names
// the one multipart upload of exampleobject that COS now has in progress.
const { check, recordConsole, waitFor, expectAsync } = require('../../_lib/expect');
const { BUCKET, stsAuthorization, runWithRegion, cosLog, isRegionError } = require('../../_lib/cos');
const COS = require('cos-wx-sdk-v5');
globalThis.cos = new COS({ getAuthorization: stsAuthorization });
const logs = recordConsole();

require('./snippet.js'); // verbatim from the doc

expectAsync(async () => {
  await waitFor(() => logs.length > 0, 20000, 'the callback');
  check(logs.length === 1 && isRegionError(logs[0]), `as printed: Region format error, got ${JSON.stringify(logs)}`);
  check(cosLog().length === 0 && typeof globalThis.uploadId === 'undefined', 'as printed: nothing reached COS, no uploadId');
  logs.length = 0;

  runWithRegion(__dirname);
  await waitFor(() => logs.length > 0, 20000, 'the callback');
  const [[data]] = logs;
  check(data.statusCode === 200 && data.Bucket === BUCKET && data.Key === 'exampleobject', `data, got ${JSON.stringify(data)}`);
  const uploads = mpsim.servers.cos.store.uploads(BUCKET);
  check(uploads.length === 1 && uploads[0].key === 'exampleobject', `one upload in progress, got ${uploads.length}`);
  check(globalThis.uploadId === data.UploadId && uploadId === uploads[0].uploadId, `uploadId = ${uploads[0].uploadId}, got ${globalThis.uploadId}`);
  console.log(`ok: as printed "Region format error."; with ap-beijing: uploadId = ${uploadId}`);
});
