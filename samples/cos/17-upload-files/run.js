// Seed 003, "Batch upload" — uploadFiles of every file picked with wx.chooseMessageFile
// (count 10, type 'all': the whole album, four images and a video).
// Prelude: `cos` (the real cos-wx-sdk-v5, temporary keys from the app server via wx.request).
// Expectation, as printed: Region 'COS_REGION' is a placeholder, and every file fails
// (onFileFinish logs '<name>uploadfailed'; nothing is stored). Unlike the other APIs, this path
// (files below SliceSize → the SDK's simple method postObject) has no Region check: the form POST
// goes out to https://examplebucket-1250000000.cos.COS_REGION.myqcloud.com/, signed by the SDK
// for that upper-case host, while the HTTP Host header carries the host lower-cased (URL
// normalisation, as on a phone), so COS answers 403 SignatureDoesNotMatch. (Real COS has no such
// region; there the request would fail to resolve — the outcome, a failed file, is the same.)
// With the region filled in (ap-beijing): each file gets a task id (onTaskReady logs it), goes up
// in one simple upload (all are below the 10 MB SliceSize), onFileFinish logs
// '<name>uploadcompleted' (the doc concatenates without spaces), the callback logs
// { files: [...] } with no error, and COS stores every file byte for byte under its name.
const fs = require('fs');
const { check, recordConsole, waitFor, expectAsync } = require('../../_lib/expect');
const { stsAuthorization, runWithRegion, md5, storedBytes, cosLog } = require('../../_lib/cos');
const COS = require('cos-wx-sdk-v5');
globalThis.cos = new COS({ getAuthorization: stsAuthorization });
const logs = recordConsole();
const album = mpsim.album.list();
const done = () => logs.some((l) => l[0] && (l[0].files || l[0].error));
const lines = () => logs.filter((l) => typeof l[0] === 'string').map((l) => l[0]);

require('./snippet.js'); // verbatim from the doc

expectAsync(async () => {
  await waitFor(done, 20000, 'the callback');
  const failed = album.map((i) => `${i.name}uploadfailed`);
  check(failed.every((l) => lines().includes(l)), `as printed: every file failed, got ${JSON.stringify(lines())}`);
  const res0 = logs.find((l) => l[0] && (l[0].files || l[0].error))[0];
  check(res0.files && res0.files.every((f) => f.error && f.error.statusCode === 403 && f.error.error.Code === 'SignatureDoesNotMatch'), `as printed: 403 SignatureDoesNotMatch per file, got ${JSON.stringify(res0)}`);
  check(cosLog().every((e) => e.op === 'PostObject' && e.status === 403) && mpsim.servers.cos.store.listBuckets().every((b) => mpsim.servers.cos.store.list(b).length === 0), 'as printed: nothing stored');
  const before = cosLog().length;
  logs.length = 0;

  runWithRegion(__dirname);
  await waitFor(done, 30000, 'the callback');
  const res = logs.find((l) => l[0] && (l[0].files || l[0].error))[0];
  check(res.files && res.files.length === album.length && res.files.every((f) => !f.error && f.data.statusCode === 200), `every file uploaded, got ${JSON.stringify(res)}`);
  for (const item of album) {
    check(lines().includes(`${item.name}uploadcompleted`), `onFileFinish for ${item.name}, got ${JSON.stringify(lines())}`);
    check(md5(storedBytes(item.name)) === md5(fs.readFileSync(item.hostPath)), `COS stored ${item.name} byte for byte`);
  }
  const ids = res.files.map((f) => f.options.TaskId);
  check(ids.every((id) => lines().includes(id)), 'onTaskReady logged every task id');
  const ops = cosLog().slice(before);
  check(ops.length === album.length && ops.every((e) => e.op === 'PostObject' && e.status === 200), `one simple upload per file, got ${ops.map((e) => e.op)}`);
  // speed is the SDK's own arithmetic: NaN when its last two samples share a millisecond
  check(lines().some((l) => /^progress:100%; speed:(\d+(\.\d+)?|NaN)Mb\/s;$/.test(l)), `onProgress reached 100%, got ${JSON.stringify(lines())}`);
  console.log(`ok: as printed every file fails (403 SignatureDoesNotMatch for the COS_REGION host); with ap-beijing: ${album.length} files stored (${album.map((i) => i.name).join(', ')})`);
});
