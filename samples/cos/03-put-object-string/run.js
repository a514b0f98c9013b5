// Seed 003, "Uploading an object using simple upload" — upload a string as the file content.
// Prelude: `cos` (the real cos-wx-sdk-v5, temporary keys from the app server via wx.request).
// Expectation: the callback logs data with statusCode 200 and ETag = quoted MD5 of 'hello!';
// COS stores exactly 'hello!' under picture.jpg.
const { check, recordConsole, waitFor, expectAsync } = require('../../_lib/expect');
const { stsAuthorization, md5, storedBytes } = require('../../_lib/cos');
const COS = require('cos-wx-sdk-v5');
globalThis.cos = new COS({ getAuthorization: stsAuthorization });
const logs = recordConsole();

require('./snippet.js'); // verbatim from the doc

expectAsync(async () => {
  await waitFor(() => logs.length > 0, 20000, 'the callback');
  const [[result]] = logs;
  check(result.statusCode === 200, `data.statusCode 200, got ${JSON.stringify(result)}`);
  check(result.ETag === `"${md5('hello!')}"`, `ETag is the quoted MD5, got ${result.ETag}`);
  check(storedBytes('picture.jpg').toString() === 'hello!', 'COS stored hello! as picture.jpg');
  console.log(`ok: picture.jpg = 'hello!' stored, ETag ${result.ETag}`);
});
