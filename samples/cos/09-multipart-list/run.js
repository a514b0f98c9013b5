// Seed 003, "Querying multipart uploads" — multipartList with Prefix 'exampleobject'.
// Prelude: `cos` (the real cos-wx-sdk-v5, temporary keys from the app server via wx.request);
// server state: two multipart uploads in progress, one of exampleobject and one of photos/cat.jpg
// (started on the COS server directly, so there is something to list).
// Expectation, as printed: Region 'COS_REGION' is a placeholder the SDK refuses before sending
// anything ({ error: 'Region format error.' }). With the region filled in (ap-beijing): the
// callback logs a ListMultipartUploadsResult whose Upload list is exactly the exampleobject
// upload (its UploadId, STANDARD), with Prefix 'exampleobject' and IsTruncated 'false'.
const { check, recordConsole, waitFor, expectAsync } = require('../../_lib/expect');
const { BUCKET, stsAuthorization, runWithRegion, cosLog, isRegionError } = require('../../_lib/cos');
const COS = require('cos-wx-sdk-v5');
globalThis.cos = new COS({ getAuthorization: stsAuthorization });
const logs = recordConsole();
const store = mpsim.servers.cos.store;
mpsim.servers.cos.createBucket(BUCKET); // buckets otherwise exist on first request
const wanted = store.initiate(BUCKET, 'exampleobject', { headers: {}, storageClass: 'STANDARD' });
store.initiate(BUCKET, 'photos/cat.jpg', { headers: {}, storageClass: 'STANDARD' });

require('./snippet.js'); // verbatim from the doc

expectAsync(async () => {
  await waitFor(() => logs.length > 0, 20000, 'the callback');
  check(logs.length === 1 && isRegionError(logs[0]), `as printed: Region format error, got ${JSON.stringify(logs)}`);
  check(cosLog().length === 0, 'as printed: nothing reached COS');
  logs.length = 0;

  runWithRegion(__dirname);
  await waitFor(() => logs.length > 0, 20000, 'the callback');
  const [[data]] = logs;
  check(data.statusCode === 200, `data.statusCode 200, got ${JSON.stringify(data)}`);
  const list = [].concat(data.Upload || []);
  check(list.length === 1 && list[0].Key === 'exampleobject' && list[0].UploadId === wanted.uploadId, `only the exampleobject upload, got ${JSON.stringify(data.Upload)}`);
  check(list[0].StorageClass === 'STANDARD' && data.Prefix === 'exampleobject' && data.IsTruncated === 'false', `fields, got ${JSON.stringify(data)}`);
  console.log(`ok: as printed "Region format error."; with ap-beijing: 1 upload listed (${wanted.uploadId})`);
});
