// The oracle: WeChat's own WXML compiler `wcc` (npm miniprogram-compiler, the binary the official
// developer tools ship; miniprogram-simulate's `compiler: 'official'` path uses it the same way).
// `wcc` compiles a set of .wxml/.wxs files into JS defining `$gwx`; `$gwx('<file>.wxml')` is the
// template's generator and `generator(data, {}, {})` the virtual tree the client renders for
// that data: `{ tag: 'wx-view', attr: {...}, children: [...] }`, text as string/number children,
// wx:if/wx:for/block as `virtual` nodes. WXS runs compiled to its real semantics.
// Binary: linux x86-64 / macOS / Windows only (no linux-arm64) — callers check `wccAvailable()`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { spawnSync } = require('node:child_process');

function wccBinary() {
  const base = path.dirname(require.resolve('miniprogram-compiler/package.json'));
  if (process.platform === 'linux' && process.arch === 'x64') return path.join(base, 'bin', 'linux', 'wcc');
  if (process.platform === 'darwin') return path.join(base, 'bin', 'mac', 'wcc');
  if (process.platform === 'win32') return path.join(base, 'bin', 'windows', 'wcc.exe');
  return undefined;
}

function wccAvailable() {
  const bin = wccBinary();
  return !!bin && fs.existsSync(bin);
}

/**
 * Runs wcc on `wxml` and `wxs` files (paths relative to `rootDir`, with extensions) as
 * miniprogram-compiler's wxmlToJs does (`-d -cc <usingComponents table> files… -gn $gwx`), with
 * the component table built from each template's sibling .json. Returns the generated JS.
 */
function runWcc(rootDir, wxml, wxs) {
  const bin = wccBinary();
  if (!bin) throw new Error(`wcc has no binary for ${process.platform}-${process.arch}`);
  try {
    fs.chmodSync(bin, 0o755);
  } catch {
    // read-only install: it may already be executable
  }
  const table = [];
  for (const f of wxml) {
    const json = path.join(rootDir, f.slice(0, -5) + '.json');
    let using;
    try {
      using = JSON.parse(fs.readFileSync(json, 'utf8')).usingComponents;
    } catch {
      using = undefined;
    }
    if (using && Object.keys(using).length) table.push(f, Object.keys(using).length, ...Object.keys(using));
  }
  const comp = [table.length ? wxml.filter((f) => table.includes(f)).length : 0, ...table].join(' ');
  const r = spawnSync(bin, ['-d', '-cc', comp, ...wxml, ...wxs, '-gn', '$gwx'], { cwd: rootDir, maxBuffer: 256 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`wcc exit ${r.status}: ${String(r.stderr).trim().slice(0, 400)}`);
  return String(r.stdout);
}

/** Evaluates wcc output in its own vm context (the webview globals it expects); returns `$gwx`. */
function loadGwx(js) {
  const ctx = { console: { log() {}, warn() {}, error() {}, info() {}, debug() {} } };
  ctx.window = ctx;
  ctx.__webview_engine_version__ = 0.02; // what miniprogram-simulate sets before using wcc output
  vm.createContext(ctx);
  const gwx = vm.runInContext('(function(){' + js + '\n;return $gwx;})()', ctx, { filename: 'wcc-output.js' });
  gwx.context = ctx;
  return gwx;
}

/**
 * A library compiled by wcc. All files at once (as the developer tools do); when that fails,
 * file by file (each .wxml with every .wxs) so the failing files are named.
 */
class WccLibrary {
  constructor(rootDir, wxml, wxs) {
    this.rootDir = rootDir;
    const t0 = process.hrtime.bigint();
    this.fileErrors = new Map();
    try {
      this.gwx = loadGwx(runWcc(rootDir, wxml, wxs));
      this.ok = wxml.slice();
    } catch (e) {
      this.wholeError = String(e.message || e);
      this.ok = [];
      this.perFile = new Map();
      for (const f of wxml) {
        try {
          this.perFile.set(f, loadGwx(runWcc(rootDir, [f], wxs)));
          this.ok.push(f);
        } catch (e2) {
          this.fileErrors.set(f, String(e2.message || e2).slice(0, 300));
        }
      }
    }
    this.ms = Number(process.hrtime.bigint() - t0) / 1e6;
  }

  /** The virtual tree of `<file>.wxml` for `data`; throws when the file did not compile. */
  render(file, data) {
    const gwx = this.gwx || (this.perFile && this.perFile.get(file));
    if (!gwx) throw new Error(`${file}: not compiled by wcc`);
    const gen = gwx(file);
    if (typeof gen !== 'function') throw new Error(`${file}: wcc has no generator`);
    // Inside the context with a time limit: a template's WXS may loop forever on odd data.
    const ctx = gwx.context;
    ctx.__gen = gen;
    ctx.__data = JSON.stringify(data ?? {});
    return vm.runInContext('__gen(JSON.parse(__data), {}, {})', ctx, { timeout: 3000 });
  }
}

// ---- normalisation -------------------------------------------------------------------------
// Both trees become {tag, attrs, children} / {text} with:
//  - tag: the `wx-` prefix dropped (wcc writes wx-view, wx-van-icon…); `virtual` nodes (wx:if,
//    wx:for, block, include) replaced by their children; <slot> kept as tag `slot`, empty
//    (`dropSlots`: left out — for a renderer that places slot content and keeps no slot node).
//  - attrs: names in kebab-case (wcc camel-cases `hover-class` → `hoverClass`); event bindings
//    (bind*/catch*/capture-*/mut-bind*) and wcc's internal `$…` attributes (`$gdc`, WXS event
//    handlers `$wxs:bind:…`) dropped (they are not attributes in the client's DOM);
//    values '' / undefined / null / false dropped (the client renders them as absent); other
//    values as JavaScript's string conversion (`true` → "true", an array "a,b", an object
//    "[object Object]"), except `class` given as an array: its names joined with spaces, as the
//    client's framework does (glass-easel); `class` as the sorted set of its names, `style` as
//    its `prop:value` declarations in order; on custom-component hosts only id/class/style/slot
//    (properties are not attributes).
//  - text: whitespace runs collapsed, trimmed, empty text dropped, adjacent texts merged.

const EVENT_ATTR = /^(bind|catch|capture-bind|capture-catch|mut-bind)[:a-z]?/i;

function kebab(name) {
  return name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/** JavaScript's string conversion (what the client does with a bound value); null/undefined items of an array are empty. */
function jsText(v) {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => (x === null || x === undefined ? '' : jsText(x))).join(',');
  try {
    return String(v);
  } catch {
    return '[object Object]';
  }
}

function normValue(name, v) {
  if (v === undefined || v === null || v === false || v === '') return undefined;
  if (name === 'class') {
    // wcc's tree holds the bound value itself; the client's framework (glass-easel's
    // ClassList.setClassNames) joins an array of class names with spaces.
    const text = Array.isArray(v) ? v.map((x) => (x === null || x === undefined ? '' : jsText(x))).join(' ') : jsText(v);
    return [...new Set(text.split(/\s+/).filter(Boolean))].sort().join(' ') || undefined;
  }
  if (name === 'style')
    return (
      jsText(v)
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => {
          const i = d.indexOf(':');
          return i < 0 ? d : d.slice(0, i).trim().toLowerCase() + ':' + d.slice(i + 1).trim();
        })
        .join(';') || undefined
    );
  return jsText(v);
}

const HOST_ATTRS = new Set(['id', 'class', 'style', 'slot']);

function normAttrs(raw, isComponent) {
  const out = {};
  for (const [k, v] of Object.entries(raw || {})) {
    const name = kebab(k);
    if (EVENT_ATTR.test(name) || name.startsWith('$')) continue; // `$gdc`, `$wxs:bind:…`: wcc internals
    if (isComponent && !HOST_ATTRS.has(name)) continue;
    const nv = normValue(name, v);
    if (nv !== undefined) out[name] = nv;
  }
  return out;
}

function pushText(out, s) {
  const t = String(s).replace(/\s+/g, ' ').trim();
  if (!t) return;
  const last = out[out.length - 1];
  if (last && last.text !== undefined) last.text = (last.text + ' ' + t).trim();
  else out.push({ text: t });
}

/**
 * Normalises a wcc tree (the `wx-page` root's children). `isComponent(tag)` tells custom
 * components. `opts.leafComponents`: component hosts without children, and no <slot> nodes —
 * for a renderer that flattens components into one DOM (ours), where the slot content a
 * template gives a child and the child's own tree cannot be told apart.
 */
function normaliseWcc(root, isComponent, opts = {}) {
  const out = [];
  const visit = (n, into) => {
    if (n === null || n === undefined) return;
    if (typeof n === 'string' || typeof n === 'number') return pushText(into, n);
    const tag = String(n.tag || '').replace(/^wx-/, '');
    if (tag === 'virtual' || tag === 'block' || tag === 'page') {
      for (const c of n.children || []) visit(c, into);
      return;
    }
    if (tag === 'slot') {
      if (!opts.leafComponents && !opts.dropSlots) into.push({ tag: 'slot', attrs: {}, children: [] });
      return;
    }
    const children = [];
    if (!(opts.leafComponents && isComponent(tag))) for (const c of n.children || []) visit(c, children);
    into.push({ tag, attrs: normAttrs(n.attr, isComponent(tag)), children });
  };
  visit(root, out);
  return out;
}

/** Normalises the plain tree glass-easel.js's shadowTree() or measure-ours.js's domTree() give. */
function normalisePlain(nodes, isComponent, opts = {}) {
  const out = [];
  const visit = (n, into) => {
    if (n.text !== undefined) return pushText(into, n.text);
    const tag = String(n.tag).replace(/^wx-/, '');
    if (tag === 'slot') {
      if (!opts.leafComponents && !opts.dropSlots) into.push({ tag: 'slot', attrs: {}, children: [] });
      return;
    }
    const children = [];
    if (!(opts.leafComponents && isComponent(tag))) for (const c of n.children || []) visit(c, children);
    into.push({ tag, attrs: normAttrs(n.attrs, isComponent(tag)), children });
  };
  for (const n of nodes) visit(n, out);
  return out;
}

/** Differences between two normalised trees: [{ kind, at, ours, oracle }], kind ∈ tag/attr:<name>/text/children. */
function diffTrees(ours, oracle, at = '', out = []) {
  if (ours.length !== oracle.length) out.push({ kind: 'children', at: at || '/', ours: ours.length, oracle: oracle.length });
  const n = Math.min(ours.length, oracle.length);
  for (let i = 0; i < n; i++) {
    const a = ours[i];
    const b = oracle[i];
    const here = `${at}/${b.tag ?? '#text'}[${i}]`;
    if ((a.text !== undefined) !== (b.text !== undefined) || a.tag !== b.tag) {
      out.push({ kind: 'tag', at: here, ours: a.tag ?? '#text', oracle: b.tag ?? '#text' });
      continue;
    }
    if (a.text !== undefined) {
      if (a.text !== b.text) out.push({ kind: 'text', at: here, ours: a.text, oracle: b.text });
      continue;
    }
    for (const k of new Set([...Object.keys(a.attrs), ...Object.keys(b.attrs)]))
      if (a.attrs[k] !== b.attrs[k]) out.push({ kind: 'attr:' + k, at: here, ours: a.attrs[k], oracle: b.attrs[k] });
    diffTrees(a.children, b.children, here, out);
  }
  return out;
}

module.exports = { wccBinary, wccAvailable, runWcc, loadGwx, WccLibrary, normaliseWcc, normalisePlain, diffTrees, kebab };
