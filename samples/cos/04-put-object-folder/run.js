// Seed 003, "Uploading an object using simple upload" — creating a directory (Key 'a/', empty Body).
// Prelude: `cos` (the real cos-wx-sdk-v5, temporary keys from the app server via wx.request).
// Expectation: the callback logs data with statusCode 200; COS holds an empty object named 'a/'.
const { check, recordConsole, waitFor, expectAsync } = require('../../_lib/expect');
const { stsAuthorization, md5, stored } = require('../../_lib/cos');
const COS = require('cos-wx-sdk-v5');
globalThis.cos = new COS({ getAuthorization: stsAuthorization });
const logs = recordConsole();

require('./snippet.js'); // verbatim from the doc

expectAsync(async () => {
  await waitFor(() => logs.length > 0, 20000, 'the callback');
  const [[result]] = logs;
  check(result.statusCode === 200, `data.statusCode 200, got ${JSON.stringify(result)}`);
  check(result.ETag === `"${md5('')}"`, `ETag is the MD5 of nothing, got ${result.ETag}`);
  const rec = stored('a/');
  check(rec && rec.size === 0, `COS holds the empty "folder" object a/, got ${JSON.stringify(rec)}`);
  console.log('ok: folder object a/ created (0 bytes)');
});
