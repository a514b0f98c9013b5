// WXS semantics that a plain-JavaScript runtime (glass-easel, our own engine) lacks, as far as real
// libraries use them: `getRegExp()` / `getDate()` and `x.constructor` answering the type name
// string ('Array', 'Object', …) — vant's picker/tabs/dropdown-menu test `x.constructor === 'Array'`.
// The transform is an AST pass (acorn): every non-computed `<expr>.constructor` read becomes
// `__wxsConstructor(<expr>)`. Prototype for the engine decision (bench/engine), not the runtime.
'use strict';
const acorn = require('acorn');

/** The type-name string WXS's `constructor` gives. */
function wxsConstructor(v) {
  if (Array.isArray(v)) return 'Array';
  if (v instanceof Date) return 'Date';
  if (v instanceof RegExp) return 'RegExp';
  switch (typeof v) {
    case 'function':
      return 'Function';
    case 'number':
      return 'Number';
    case 'string':
      return 'String';
    case 'boolean':
      return 'Boolean';
    case 'object':
      return v === null ? undefined : 'Object';
    default:
      return undefined;
  }
}

/** Installs the WXS globals on `g` (where the compiled template code looks them up). */
function installWxsGlobals(g) {
  g.getRegExp = (pattern, flags) => new RegExp(pattern, flags);
  g.getDate = (...args) => (args.length ? new Date(...args) : new Date());
  g.__wxsConstructor = wxsConstructor;
}

function walk(node, visit) {
  if (!node || typeof node.type !== 'string') return;
  visit(node);
  for (const key of Object.keys(node)) {
    const v = node[key];
    if (Array.isArray(v)) for (const c of v) walk(c, visit);
    else if (v && typeof v.type === 'string') walk(v, visit);
  }
}

const JS_ESCAPE = /[\n\r\u2028\u2029'"\\bfnrtvxu0-7]/;

/**
 * WXS string literals keep a backslash before a character that is no JavaScript escape:
 * `getRegExp('^-?\d+$')` (vant's add-unit.wxs) is the regexp `^-?\d+$` under wcc, while
 * JavaScript reads `'\d'` as `'d'` (then addUnit(20) gives 20, not '20px'). Doubles those
 * backslashes so JavaScript reads what WXS reads.
 */
function keepUnknownEscapes(src) {
  if (!src.includes('\\')) return { code: src, rewrites: 0 };
  let ast;
  try {
    ast = acorn.parse(src, { ecmaVersion: 5, sourceType: 'script', allowReturnOutsideFunction: true });
  } catch {
    return { code: src, rewrites: 0 };
  }
  const lits = [];
  walk(ast, (n) => {
    if (n.type === 'Literal' && typeof n.value === 'string' && n.raw.includes('\\')) lits.push(n);
  });
  let code = src;
  let rewrites = 0;
  for (const n of lits.sort((a, b) => b.start - a.start)) {
    const raw = n.raw.replace(/\\([\s\S])/g, (m, c) => (JS_ESCAPE.test(c) ? m : '\\\\' + c));
    if (raw !== n.raw) {
      code = code.slice(0, n.start) + raw + code.slice(n.end);
      rewrites++;
    }
  }
  return { code, rewrites };
}

/** WXS → JavaScript with WXS's reading of string escapes and `.constructor`. */
function transformWxs(src) {
  const esc = keepUnknownEscapes(src);
  const ctor = transformConstructor(esc.code);
  return { code: ctor.code, rewrites: esc.rewrites + ctor.rewrites };
}

/** Rewrites `.constructor` reads; returns the source unchanged when it has none or does not parse. */
function transformConstructor(src) {
  if (!src.includes('constructor')) return { code: src, rewrites: 0 };
  let ast;
  try {
    ast = acorn.parse(src, { ecmaVersion: 5, sourceType: 'script', allowReturnOutsideFunction: true });
  } catch {
    return { code: src, rewrites: 0 };
  }
  const hits = [];
  const assigned = new Set();
  walk(ast, (n) => {
    if (n.type === 'AssignmentExpression' && n.left.type === 'MemberExpression') assigned.add(n.left);
    if (n.type === 'MemberExpression' && !n.computed && n.property.name === 'constructor') hits.push(n);
  });
  const edits = hits.filter((n) => !assigned.has(n)).sort((a, b) => b.start - a.start);
  // Innermost-last order by start descending keeps outer offsets valid only for non-nested hits;
  // nested `.constructor.constructor` does not occur in the libraries, so nested hits are skipped.
  let code = src;
  let last = Infinity;
  let rewrites = 0;
  for (const n of edits) {
    if (n.end > last) continue;
    code = code.slice(0, n.start) + '__wxsConstructor(' + code.slice(n.object.start, n.object.end) + ')' + code.slice(n.end);
    last = n.start;
    rewrites++;
  }
  return { code, rewrites };
}

module.exports = { wxsConstructor, installWxsGlobals, transformWxs, keepUnknownEscapes, transformConstructor };
