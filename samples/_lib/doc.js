/**
 * Evaluates a doc block (a file holding one code block verbatim) in the global
 * scope, so `var uploader` in one block is visible to the next, as snippets of
 * one page script share their scope. Harness code, not doc code.
 */
const fs = require('node:fs');
const path = require('node:path');

function docBlock(dir, name) {
  return fs.readFileSync(path.join(dir, name), 'utf8');
}

function runBlock(dir, name, edit) {
  let code = docBlock(dir, name);
  if (edit) code = edit(code);
  // indirect eval: global scope, like a classic script
  return (0, eval)(`${code}\n//# sourceURL=${path.join(dir, name)}`);
}

/** Resolves with the JSON body of an app server call (wx.request, as page code would). */
function appserver(p, method = 'GET', data) {
  return new Promise((resolve, reject) =>
    wx.request({
      url: `https://appserver.mpsim.test${p}`,
      method,
      data,
      success: (r) => (r.statusCode === 200 ? resolve(r.data) : reject(new Error(`${p} answered ${r.statusCode}: ${JSON.stringify(r.data)}`))),
      fail: (e) => reject(new Error(e.errMsg)),
    }),
  );
}

module.exports = { docBlock, runBlock, appserver };
