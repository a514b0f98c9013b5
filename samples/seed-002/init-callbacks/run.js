// Seed 002 step 2.1: "Declare a VODUpload initialization callback" — the uploader with empty callbacks.
// Prelude: `VODUpload` (the doc imports Alibaba's bundle; ours has the same interface).
const { check } = require('../../_lib/expect');
const { runBlock } = require('../../_lib/doc');
globalThis.VODUpload = require('mpsim/vod-upload').VODUpload;
const doc = require('path').join(__dirname, '..', '_doc');

runBlock(doc, '01-init-callbacks.js');

// Expectation: the documented defaults — region '' means cn-shanghai, retryCount 3, retryDuration 2 s.
check(uploader instanceof VODUpload, 'uploader is a VODUpload');
check(uploader.options.region === 'cn-shanghai', `default region cn-shanghai, got ${uploader.options.region}`);
check(uploader.options.retryCount === 3 && uploader.options.retryDuration === 2, 'retry defaults');
check(Array.isArray(uploader.listFiles()) && uploader.listFiles().length === 0, 'empty list');
console.log('ok: the documented initialisation runs and keeps the documented defaults');
