// Seed 003, "Uploading an object using multipart upload (checkpoint restart)" — sliceUploadFile of
// the file picked with wx.chooseMessageFile.
// Prelude: `cos` (the real cos-wx-sdk-v5, temporary keys from the app server via wx.request),
// `requestCallback` (logs err || data, like the COS demo), and a 3.5 MiB file in the album that
// the user picks. Server state for the restart: an earlier, interrupted upload of the same file
// to exampleobject whose parts 1 and 2 (1 MiB slices, the SDK's default ChunkSize) are on COS.
// Expectation, as printed: Region 'COS_REGION' is a placeholder the SDK refuses before sending
// anything. With the region filled in (ap-beijing): onTaskReady logs the task id; the SDK finds
// the interrupted upload (List Multipart Uploads), checks its parts against the file
// (onHashProgress logs 'check hash ...'), uploads only parts 3 and 4, completes, and
// requestCallback logs statusCode 200 with ETag "<...>-4". COS stores the file byte for byte.
const { check, recordConsole, waitFor, expectAsync } = require('../../_lib/expect');
const { BUCKET, REGION, stsAuthorization, runWithRegion, md5, storedBytes, cosLog, isRegionError } = require('../../_lib/cos');
const { PNG } = require('pngjs');
const crypto = require('crypto');
const COS = require('cos-wx-sdk-v5');
globalThis.cos = new COS({ getAuthorization: stsAuthorization });
globalThis.requestCallback = function (err, data) {
  console.log(err || data);
};
const logs = recordConsole();

// a 3.5 MiB PNG (random pixels do not compress), picked by the user
const png = new PNG({ width: 1024, height: 896 });
png.data = crypto.randomBytes(1024 * 896 * 4);
const bytes = PNG.sync.write(png, { deflateLevel: 0 });
const item = mpsim.album.add(bytes, { name: 'big.png' });
const MiB = 1024 * 1024;
const done = () => logs.some((l) => l[0] && (l[0].error || l[0].statusCode));
const call = (method, params) =>
  new Promise((resolve, reject) => cos[method]({ Bucket: BUCKET, Region: REGION, Key: 'exampleobject', ...params }, (e, d) => (e ? reject(e) : resolve(d))));

mpsim.user.pick([item.index]);
require('./snippet.js'); // verbatim from the doc

expectAsync(async () => {
  await waitFor(done, 20000, 'requestCallback');
  check(logs.filter((l) => !/^[\w-]+$/.test(String(l[0]))).every(isRegionError), `as printed: Region format error, got ${JSON.stringify(logs)}`);
  check(cosLog().length === 0, 'as printed: nothing reached COS');

  // the interrupted earlier attempt: parts 1 and 2 of the same bytes
  const init = await call('multipartInit', {});
  for (const n of [1, 2]) await call('multipartUpload', { UploadId: init.UploadId, PartNumber: n, Body: new Uint8Array(bytes.subarray((n - 1) * MiB, n * MiB)).buffer });
  const before = cosLog('UploadPart').length;
  logs.length = 0;

  mpsim.user.pick([item.index]);
  runWithRegion(__dirname);
  await waitFor(done, 30000, 'requestCallback');
  const result = logs.find((l) => l[0] && (l[0].error || l[0].statusCode))[0];
  check(result.statusCode === 200 && /-4"$/.test(result.ETag) && result.UploadId === init.UploadId, `completed the earlier upload, got ${JSON.stringify(result)}`);
  const parts = cosLog('UploadPart').slice(before).map((e) => /partNumber=(\d+)/i.exec(e.url)[1]).sort();
  check(JSON.stringify(parts) === '["3","4"]', `only parts 3 and 4 were sent, got ${parts}`);
  check(md5(storedBytes('exampleobject')) === md5(bytes), 'COS stored the file byte for byte');
  const lines = logs.filter((l) => typeof l[0] === 'string').map((l) => l.join(' '));
  check(lines.some((l) => l.startsWith('check hash ')), `onHashProgress logged, got ${JSON.stringify(lines)}`);
  check(lines.some((l) => /^[\w-]+$/.test(l)), 'onTaskReady logged the task id');
  const progress = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  check(progress.length > 0 && progress[progress.length - 1].percent === 1, `onProgress reaches 1, got ${JSON.stringify(progress)}`);
  console.log(`ok: as printed "Region format error."; with ap-beijing: resumed upload ${init.UploadId}, sent parts ${parts}, ${bytes.length} B stored`);
});
