// WXS semantics for the engine prototypes (glass-easel runs WXS as plain JavaScript): the same
// transform mpsim's loader applies (simulator/compile/wxs.ts, built into dist/ by `npm run build`)
// — `x.constructor` as the type name, string escapes as WXS reads them — and the WXS globals the
// compiled template code looks up.
'use strict';
const { compileWxs, wxsConstructor, wxsGetDate, wxsGetRegExp } = require('../../dist/simulator/compile/wxs');

/** Installs the WXS globals on `g` (where compiled template code looks them up). */
function installWxsGlobals(g) {
  g.getRegExp = wxsGetRegExp;
  g.getDate = wxsGetDate;
  g.__wxsCtor = wxsConstructor;
}

/** WXS → JavaScript with WXS's reading of string escapes and `.constructor`. */
function transformWxs(src) {
  const out = compileWxs(src, 'inline.wxs');
  return { code: out.code, rewrites: out.edits };
}

module.exports = { wxsConstructor, installWxsGlobals, transformWxs };
