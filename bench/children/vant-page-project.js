// The vant-page fixture copied to a temp dir with @vant/weapp's lib linked as miniprogram_npm (shared by both children).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function vantPageProject() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-bench-vant-'));
  fs.cpSync(path.join(__dirname, '..', 'fixtures', 'vant-page'), dir, { recursive: true });
  const lib = path.join(path.dirname(require.resolve('@vant/weapp/package.json')), 'lib');
  fs.mkdirSync(path.join(dir, 'miniprogram_npm', '@vant'), { recursive: true });
  // A copy, not a link: miniprogram-compiler's wxmlToJs globs the project and does not follow links.
  fs.cpSync(lib, path.join(dir, 'miniprogram_npm', '@vant', 'weapp'), { recursive: true });
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The 10 components' host tags (class names differ: miniprogram-simulate prefixes them per component). */
const TAGS = [
  'van-button',
  'van-cell',
  'van-tag',
  'van-icon',
  'van-loading',
  'van-switch',
  'van-field',
  'van-stepper',
  'van-rate',
  'van-divider',
];

/** Tags whose host element is missing or rendered nothing inside `root`. */
function missingIn(root) {
  return TAGS.filter((t) => {
    const el = root.querySelector(t);
    return !el || !el.firstElementChild;
  });
}

module.exports = { vantPageProject, missingIn };
