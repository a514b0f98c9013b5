// Seed 003, "Uploading an object using simple upload" — limiting single-URL speed
// (x-cos-traffic-limit: 819200, onProgress). Prelude: `cos` (the real cos-wx-sdk-v5, temporary
// keys from the app server via wx.request).
// Expectation, as printed: Region 'COS_REGION' is a placeholder the SDK refuses before sending
// anything ({ error: 'Region format error.' }). With the region filled in (ap-beijing): the
// request carries x-cos-traffic-limit 819200, the server accepts it (it answers 400 outside
// 819200..838860800), the callback logs statusCode 200, COS stores 'hello!' as exampleobject in
// the STANDARD class, and onProgress logs JSON progress objects. With a string Body the SDK knows
// no size ('hello!'.byteLength is undefined), so its progress carries no loaded/total: the last
// event is {"speed":0,"percent":0} — the SDK's behaviour on a phone too, not a simulator gap.
const { check, recordConsole, waitFor, expectAsync } = require('../../_lib/expect');
const { stsAuthorization, runWithRegion, md5, stored, storedBytes, cosLog, isRegionError } = require('../../_lib/cos');
const COS = require('cos-wx-sdk-v5');
globalThis.cos = new COS({ getAuthorization: stsAuthorization });
const logs = recordConsole();

require('./snippet.js'); // verbatim from the doc

expectAsync(async () => {
  await waitFor(() => logs.length > 0, 20000, 'the callback');
  check(logs.length === 1 && isRegionError(logs[0]), `as printed: Region format error, got ${JSON.stringify(logs)}`);
  check(cosLog().length === 0, 'as printed: nothing reached COS');
  logs.length = 0;

  runWithRegion(__dirname);
  await waitFor(() => logs.some((l) => l[0] && l[0].statusCode), 20000, 'the callback');
  const result = logs.find((l) => l[0] && l[0].statusCode)[0];
  check(result.statusCode === 200, `data.statusCode 200, got ${JSON.stringify(result)}`);
  check(result.ETag === `"${md5('hello!')}"`, `ETag, got ${result.ETag}`);
  const put = mpsim.network.requests.find((r) => r.method === 'PUT' && r.url.includes('/exampleobject'));
  const limit = put && Object.entries(put.headers).find(([k]) => k.toLowerCase() === 'x-cos-traffic-limit');
  check(limit && String(limit[1]) === '819200', `the PUT carried x-cos-traffic-limit 819200, got ${JSON.stringify(put && put.headers)}`);
  check(storedBytes('exampleobject').toString() === 'hello!', 'COS stored hello!');
  check(stored('exampleobject').storageClass === 'STANDARD', `storage class STANDARD, got ${stored('exampleobject').storageClass}`);
  const progress = logs.filter((l) => typeof l[0] === 'string' && l[0].startsWith('{')).map((l) => JSON.parse(l[0]));
  const last = progress[progress.length - 1];
  check(progress.length >= 2 && 'percent' in last && !('total' in last), `onProgress logged sizeless progress, got ${JSON.stringify(progress)}`);
  console.log(`ok: as printed "Region format error."; with ap-beijing: stored under a ${limit[1]} bit/s limit, ${progress.length} progress events`);
});
