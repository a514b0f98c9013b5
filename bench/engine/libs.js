// The two libraries the engine decision is measured on, as npm ships them (devDependencies pinned
// to @vant/weapp 1.11.7 and tdesign-miniprogram 1.16.0): where their files are, which files are
// templates / WXS, and which directories are components (a .json with "component": true).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');

const LIBS = {
  vant: { name: '@vant/weapp', dir: path.join(ROOT, 'node_modules', '@vant', 'weapp', 'lib'), prefix: 'van' },
  tdesign: { name: 'tdesign-miniprogram', dir: path.join(ROOT, 'node_modules', 'tdesign-miniprogram', 'miniprogram_dist'), prefix: 't' },
};

function walk(dir, out = []) {
  for (const f of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Files of a library, project-relative with `/`, by kind. */
function libraryFiles(lib) {
  const all = walk(lib.dir).map((f) => path.relative(lib.dir, f).split(path.sep).join('/'));
  const components = [];
  for (const f of all) {
    if (!f.endsWith('.json')) continue;
    const base = f.slice(0, -5);
    if (!all.includes(base + '.js') || !all.includes(base + '.wxml')) continue;
    let json;
    try {
      json = JSON.parse(fs.readFileSync(path.join(lib.dir, f), 'utf8'));
    } catch {
      continue;
    }
    if (json && json.component) components.push({ path: base, json });
  }
  return {
    all,
    wxml: all.filter((f) => f.endsWith('.wxml')),
    wxs: all.filter((f) => f.endsWith('.wxs')),
    js: all.filter((f) => f.endsWith('.js')),
    components,
  };
}

/** Tag a page would use for a component path: `button/index` → `van-button`, `tabs/tab-panel` → `t-tab-panel`. */
function tagOf(lib, compPath) {
  const parts = compPath.split('/');
  const last = parts[parts.length - 1] === 'index' ? parts[parts.length - 2] : parts[parts.length - 1];
  return `${lib.prefix}-${last.replace(/[^a-z0-9-]/gi, '-').toLowerCase()}`;
}

/** Installed size (bytes) of node_modules packages, counting each directory once. */
function installBytes(pkgs) {
  const seen = new Set();
  let total = 0;
  const du = (p) => {
    let st;
    try {
      st = fs.lstatSync(p);
    } catch {
      return;
    }
    if (seen.has(p)) return;
    seen.add(p);
    if (st.isDirectory()) for (const f of fs.readdirSync(p)) du(path.join(p, f));
    else total += st.size;
  };
  for (const pkg of pkgs) du(path.join(ROOT, 'node_modules', pkg));
  return total;
}

module.exports = { ROOT, LIBS, libraryFiles, tagOf, installBytes, walk };
