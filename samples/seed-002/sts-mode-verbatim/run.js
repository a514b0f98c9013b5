// Seed 002, "Use the STS token" block exactly as printed. The doc omits the comma after the
// `onUploadstarted` function, so the block is not valid JavaScript: a phone's script engine
// rejects it too. Expectation: evaluating the verbatim block throws SyntaxError (and nothing
// is uploaded). See ../sts-mode for the same block with that one comma.
const { check } = require('../../_lib/expect');
const { runBlock } = require('../../_lib/doc');
globalThis.VODUpload = require('mpsim/vod-upload').VODUpload;
const doc = require('path').join(__dirname, '..', '_doc');

let error;
try {
  runBlock(doc, '03-sts-mode.js');
} catch (e) {
  error = e;
}
check(error instanceof SyntaxError, `the printed block is a SyntaxError, got ${error}`);
check(typeof globalThis.uploader === 'undefined', 'no uploader was created');
console.log(`ok: the doc's STS block does not parse as printed (${error.message})`);
