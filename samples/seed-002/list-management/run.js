// Seed 002 step 3, "Manage the upload list": the addFile block (twice: two chosen videos),
// the userData block, then listFiles / cancelFile / resumeFile / deleteFile / cleanList, each
// verbatim. Prelude: `VODUpload`, the uploader (the doc's step 2.1 block) and `index`.
const { check, waitFor, expectAsync } = require('../../_lib/expect');
const { runBlock } = require('../../_lib/doc');
globalThis.VODUpload = require('mpsim/vod-upload').VODUpload;
const doc = require('path').join(__dirname, '..', '_doc');

runBlock(doc, '01-init-callbacks.js');
runBlock(doc, '04-add-file.js');
runBlock(doc, '04-add-file.js');

expectAsync(async () => {
  await waitFor(() => uploader.listFiles().length === 2, 10000, 'two files added');
  const states = () => uploader.listFiles().map((i) => i.state).join(',');

  runBlock(doc, '05-user-data.js'); // the doc's userData string is not valid JSON: kept, not thrown
  check(typeof userData === 'string', 'userData defined');

  globalThis.index = 0;
  check(runBlock(doc, '09-list-files.js').length === 2, 'listFiles returns the list');
  runBlock(doc, '07-cancel-file.js');
  check(states() === 'Canceled,Ready', `cancelFile(0): ${states()}`);
  runBlock(doc, '08-resume-file.js');
  check(states() === 'Ready,Ready', `resumeFile(0): ${states()}`);
  const second = uploader.listFiles()[1].url;
  runBlock(doc, '06-delete-file.js');
  check(uploader.listFiles().length === 1 && uploader.listFiles()[0].url === second, 'deleteFile(0) removed the first file');
  runBlock(doc, '10-clean-list.js');
  check(uploader.listFiles().length === 0, 'cleanList empties the list');
  console.log('ok: list management behaves as documented');
});
