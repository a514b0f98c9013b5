// Seed 003, "Advanced upload" — uploadFile of the first file picked with wx.chooseMessageFile
// (SliceSize 5 MB: smaller files go up in one simple upload).
// Prelude: `cos` (the real cos-wx-sdk-v5, temporary keys from the app server via wx.request).
// Expectation, as printed: Region 'COS_REGION' is a placeholder the SDK refuses before sending
// anything. With the region filled in (ap-beijing): the first album file (a JPEG far below 5 MB)
// goes up in one simple upload (the SDK's default simple method, a wx.uploadFile form POST);
// onFileFinish logs '<name>uploadcompleted' (the doc concatenates without spaces); the callback
// logs statusCode 200; COS stores the exact bytes under file.name. The doc's `TaskReady` option is
// not one the SDK reads (1.8.0 calls `onTaskReady`), so no task id is ever logged.
// Then the other side of the threshold: the user picks a 6 MiB file instead, and the same (filled)
// block uploads it in parts (Initiate, one Upload Part per part, Complete; ETag "<...>-<parts>").
const { check, recordConsole, waitFor, expectAsync } = require('../../_lib/expect');
const { stsAuthorization, runWithRegion, md5, storedBytes, cosLog } = require('../../_lib/cos');
const COS = require('cos-wx-sdk-v5');
globalThis.cos = new COS({ getAuthorization: stsAuthorization });
const logs = recordConsole();
const picked = mpsim.album.list()[0];
// the picked file's bytes: the album item as the chooser copies it
const fileBytes = (item) => require('fs').readFileSync(item.hostPath);

require('./snippet.js'); // verbatim from the doc

expectAsync(async () => {
  const done = () => logs.some((l) => l[0] && (l[0].error || l[0].statusCode));
  await waitFor(done, 20000, 'the callback');
  check(logs.length === 1 && logs[0][0].error === 'Region format error.', `as printed: Region format error, got ${JSON.stringify(logs)}`);
  check(cosLog().length === 0, 'as printed: nothing reached COS');
  logs.length = 0;

  runWithRegion(__dirname);
  await waitFor(done, 20000, 'the callback');
  const result = logs.find((l) => l[0] && l[0].statusCode)[0];
  check(result.statusCode === 200 && result.ETag === `"${md5(storedBytes(picked.name))}"`, `data, got ${JSON.stringify(result)}`);
  check(md5(storedBytes(picked.name)) === md5(fileBytes(picked)), `COS stored ${picked.name} byte for byte`);
  const ops = cosLog().map((e) => e.op);
  check(ops.length === 1 && ops[0] === 'PostObject', `one simple upload (PostObject), got ${ops}`);
  const lines = logs.filter((l) => typeof l[0] === 'string').map((l) => l[0]);
  check(lines.includes(`${picked.name}uploadcompleted`), `onFileFinish line, got ${JSON.stringify(lines)}`);
  const progress = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  check(progress.length > 0 && progress[progress.length - 1].percent === 1, `onProgress reaches 1, got ${JSON.stringify(progress)}`);
  const other = lines.filter((l) => !l.startsWith('{') && l !== `${picked.name}uploadcompleted`);
  check(other.length === 0, `nothing else logged — no task id (TaskReady is not an SDK option), got ${JSON.stringify(other)}`);

  // above SliceSize: a 6 MiB PNG (random pixels do not compress)
  const { PNG } = require('pngjs');
  const png = new PNG({ width: 1024, height: 1536 });
  png.data = require('crypto').randomBytes(1024 * 1536 * 4);
  const big = mpsim.album.add(PNG.sync.write(png, { deflateLevel: 0 }), { name: 'big.png' });
  const before = cosLog().length;
  logs.length = 0;
  mpsim.user.pick([big.index]);
  runWithRegion(__dirname);
  await waitFor(done, 30000, 'the callback for the big file');
  const bigResult = logs.find((l) => l[0] && (l[0].error || l[0].statusCode))[0];
  const partsInEtag = /-(\d+)"$/.exec(bigResult.ETag || '');
  check(bigResult.statusCode === 200 && partsInEtag && Number(partsInEtag[1]) >= 2, `multipart ETag, got ${JSON.stringify(bigResult)}`);
  check(md5(storedBytes('big.png')) === md5(fileBytes(big)), 'COS stored big.png byte for byte');
  const bigOps = cosLog().slice(before).map((e) => e.op);
  const count = (op) => bigOps.filter((o) => o === op).length;
  check(count('InitiateMultipartUpload') === 1 && count('UploadPart') === Number(partsInEtag[1]) && count('CompleteMultipartUpload') === 1 && count('PostObject') === 0, `multipart upload, got ${bigOps}`);
  check(logs.some((l) => l[0] === 'big.pnguploadcompleted'), 'onFileFinish for big.png');
  console.log(`ok: as printed "Region format error."; with ap-beijing: ${picked.name} (${picked.size} B) simple-uploaded, onFileFinish + ${progress.length} progress events, no TaskReady call; ${big.name} (${big.size} B) > SliceSize went up in ${partsInEtag[1]} parts`);
});
