/**
 * WXML `{{ }}` expressions: parsed with jsep, evaluated by our own tree walker
 * against the data scope. Template text is never handed to eval/Function.
 *
 * What WXML allows (and we do): literals, identifiers, member access (`a.b`,
 * `a[0]`, `a['b']`), arithmetic, comparison, logical and ternary operators,
 * `typeof`, array literals, object literals (`{{ {a: 1} }}` and the brace-less
 * form in `<template data="{{ a, b: 2, ...c }}">`), and the spread operator in
 * object literals. Calls parse, but only functions exported by the project's
 * WXS modules (`<wxs module>`) are called; any other callee evaluates to undefined.
 *
 * Evaluation rules follow the client: an unknown identifier is `undefined`,
 * member access on `undefined`/`null` gives `undefined` (renders empty), and
 * nothing reaches prototypes: `constructor`, `__proto__` and `prototype` are
 * refused, and only own properties (plus `length` of strings and arrays) are read.
 */
import jsepObject from '@jsep-plugin/object';
import jsepSpread from '@jsep-plugin/spread';
import jsepModule from 'jsep';

type JsepNode = { type: string; [k: string]: unknown };
type Jsep = ((expr: string) => JsepNode) & {
  addUnaryOp(op: string): void;
  addBinaryOp(op: string, precedence: number): void;
  plugins: { register(...plugins: unknown[]): void };
};
const jsep = ((jsepModule as unknown as { default?: Jsep }).default ?? jsepModule) as unknown as Jsep;
// `typeof x` is legal in WXML; jsep does not know it by default.
jsep.addUnaryOp('typeof');
// Object literals nested anywhere (`bem('b', [type, { block, round }])`, vant), shorthand
// properties, and spread in objects and arrays: the official compiler accepts them all.
jsep.plugins.register(jsepObject, jsepSpread);

/** A compiled expression node (our own, validated copy of jsep's tree). */
export type Expr =
  | { t: 'lit'; v: unknown }
  | { t: 'id'; name: string }
  | { t: 'member'; obj: Expr; prop: Expr; computed: boolean }
  | { t: 'unary'; op: string; arg: Expr }
  | { t: 'binary'; op: string; left: Expr; right: Expr }
  | { t: 'cond'; test: Expr; yes: Expr; no: Expr }
  | { t: 'array'; items: Array<Expr | { spread: Expr }> }
  | { t: 'object'; entries: Array<{ key: string; value: Expr } | { spread: Expr }> }
  | { t: 'call'; callee: Expr; args: Expr[] };

/** A malformed expression; `message` says what and where inside the expression. */
export class ExpressionError extends Error {}

const FORBIDDEN = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

function convert(node: JsepNode, src: string): Expr {
  switch (node.type) {
    case 'Literal':
      return { t: 'lit', v: node.value };
    case 'Identifier': {
      const name = node.name as string;
      if (name === 'undefined') return { t: 'lit', v: undefined };
      if (name === 'null') return { t: 'lit', v: null };
      if (name === 'true') return { t: 'lit', v: true };
      if (name === 'false') return { t: 'lit', v: false };
      if (FORBIDDEN.has(name)) throw new ExpressionError(`"${name}" is not allowed in "${src}"`);
      return { t: 'id', name };
    }
    case 'ThisExpression':
      throw new ExpressionError(`"this" is not allowed in "${src}"`);
    case 'MemberExpression': {
      const computed = node.computed as boolean;
      const propNode = node.property as JsepNode;
      const prop: Expr = computed ? convert(propNode, src) : { t: 'lit', v: propNode.name };
      if (prop.t === 'lit' && FORBIDDEN.has(String(prop.v))) throw new ExpressionError(`"${String(prop.v)}" is not allowed in "${src}"`);
      return { t: 'member', obj: convert(node.object as JsepNode, src), prop, computed };
    }
    case 'UnaryExpression':
      return { t: 'unary', op: node.operator as string, arg: convert(node.argument as JsepNode, src) };
    case 'BinaryExpression':
    case 'LogicalExpression':
      return {
        t: 'binary',
        op: node.operator as string,
        left: convert(node.left as JsepNode, src),
        right: convert(node.right as JsepNode, src),
      };
    case 'ConditionalExpression':
      return {
        t: 'cond',
        test: convert(node.test as JsepNode, src),
        yes: convert(node.consequent as JsepNode, src),
        no: convert(node.alternate as JsepNode, src),
      };
    case 'ArrayExpression':
      return {
        t: 'array',
        items: (node.elements as Array<JsepNode | null>).map((e) =>
          !e ? { t: 'lit', v: undefined } : e.type === 'SpreadElement' ? { spread: convert(e.argument as JsepNode, src) } : convert(e, src),
        ),
      };
    case 'ObjectExpression': {
      const entries: Array<{ key: string; value: Expr } | { spread: Expr }> = [];
      for (const p of node.properties as JsepNode[]) {
        if (p.type === 'SpreadElement') {
          entries.push({ spread: convert(p.argument as JsepNode, src) });
          continue;
        }
        const keyNode = p.key as JsepNode;
        if (p.computed) throw new ExpressionError(`computed object keys are not allowed in "${src}"`);
        const key = keyNode.type === 'Identifier' ? (keyNode.name as string) : String(keyNode.value);
        if (FORBIDDEN.has(key)) throw new ExpressionError(`"${key}" is not allowed in "${src}"`);
        const value = p.shorthand ? ({ t: 'id', name: key } as Expr) : convert(p.value as JsepNode, src);
        entries.push({ key, value });
      }
      return { t: 'object', entries };
    }
    case 'CallExpression':
      // Parsed, but at evaluation only functions exported by the project's WXS modules run.
      return { t: 'call', callee: convert(node.callee as JsepNode, src), args: (node.arguments as JsepNode[]).map((a) => convert(a, src)) };
    case 'Compound':
      throw new ExpressionError(`unexpected token in "${src}"`);
    default:
      throw new ExpressionError(`unsupported syntax (${node.type}) in "${src}"`);
  }
}

/**
 * Splits `src` at top-level occurrences of `sep` (any length; not inside brackets, parentheses,
 * braces or quotes): `a, b: 1, ...c` at commas here, selector lists at `,` and `>>>` in
 * mpsim/simulate.
 */
export function splitTopLevel(src: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && src.startsWith(sep, i)) {
      parts.push(src.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  parts.push(src.slice(start));
  return parts;
}

/** Index of the first top-level `:` that is not part of a ternary, or -1. */
function keyColon(part: string): number {
  const m = /^\s*(?:([A-Za-z_$][\w$]*)|'([^']*)'|"([^"]*)")\s*:/.exec(part);
  return m ? m[0].length - 1 : -1;
}

function parseOne(text: string, src: string): Expr {
  let node: JsepNode;
  try {
    node = jsep(text.trim());
  } catch (err) {
    throw new ExpressionError(`${(err as Error).message} in "${src}"`);
  }
  return convert(node, src);
}

const cache = new Map<string, Expr>();

/**
 * Parses the text between `{{` and `}}`. A top-level comma list or `key: value`
 * list is an object literal without braces (WXML's template `data` form).
 */
export function parseExpression(src: string): Expr {
  const hit = cache.get(src);
  if (hit) return hit;
  const text = src.trim();
  if (!text) throw new ExpressionError('empty expression "{{}}"');
  let expr: Expr;
  const parts = splitTopLevel(text, ',');
  // The brace-less object of `<template data="{{ a, b: 2, ...c }}">` is an object literal.
  if (parts.length > 1 || text.startsWith('...') || keyColon(text) >= 0) expr = parseOne(`{${text}}`, src);
  else expr = parseOne(text, src);
  if (cache.size > 5000) cache.clear();
  cache.set(src, expr);
  return expr;
}

/** Functions a template may call: those exported by WXS modules (registered when a module loads). */
const wxsFunctions = new WeakSet<object>();

/** Marks every function reachable from a WXS module's exports (objects walked a few levels deep) as callable. */
export function registerWxsExports(exports: unknown, depth = 0): void {
  if (exports === null || (typeof exports !== 'object' && typeof exports !== 'function') || depth > 4) return;
  if (typeof exports === 'function') wxsFunctions.add(exports);
  for (const key of Object.keys(exports)) {
    const v = (exports as Record<string, unknown>)[key];
    if (typeof v === 'function') wxsFunctions.add(v);
    else if (v && typeof v === 'object') registerWxsExports(v, depth + 1);
  }
}

/** A data scope: the component's data plus wx:for items and template data layered on top. */
export type Scope = Record<string, unknown>;

/** Reads an own property safely; `length` of arrays and strings is allowed. */
export function readProp(obj: unknown, key: unknown): unknown {
  if (obj === null || obj === undefined) return undefined;
  const k = typeof key === 'number' ? key : String(key);
  if (typeof k === 'string' && FORBIDDEN.has(k)) return undefined;
  if (typeof obj === 'string') {
    if (k === 'length') return obj.length;
    return typeof k === 'number' || /^\d+$/.test(k) ? obj[Number(k)] : undefined;
  }
  if (typeof obj !== 'object' && typeof obj !== 'function') return undefined;
  if (Array.isArray(obj) && k === 'length') return obj.length;
  return Object.prototype.hasOwnProperty.call(obj, k) ? (obj as Record<string | number, unknown>)[k] : undefined;
}

function lookup(scope: Scope, name: string): unknown {
  // Scopes are chained with Object.create(parent) — walk the chain, never Object.prototype.
  let s: object | null = scope;
  while (s && s !== Object.prototype) {
    if (Object.prototype.hasOwnProperty.call(s, name)) return (s as Record<string, unknown>)[name];
    s = Object.getPrototypeOf(s) as object | null;
  }
  return undefined;
}

/** Evaluates a compiled expression. Never throws for missing data. */
/**
 * The realm whose Array/Object the array and object literals of an expression are made in:
 * the mini-program's (under jest a test file's vm context), so `value instanceof Array` holds
 * in a component that receives `{{ [a, b] }}` (vant's skeleton checks exactly that). Set by
 * the renderer around a synchronous render (withLiteralRealm); Node's main realm otherwise.
 */
let literals: { Array: ArrayConstructor; Object: ObjectConstructor } = { Array, Object };

export function withLiteralRealm<T>(realm: { Array: ArrayConstructor; Object: ObjectConstructor }, fn: () => T): T {
  const prev = literals;
  literals = realm;
  try {
    return fn();
  } finally {
    literals = prev;
  }
}

export function evaluate(e: Expr, scope: Scope): unknown {
  switch (e.t) {
    case 'lit':
      return e.v;
    case 'id':
      return lookup(scope, e.name);
    case 'member':
      return readProp(evaluate(e.obj, scope), evaluate(e.prop, scope));
    case 'unary': {
      const v = evaluate(e.arg, scope);
      switch (e.op) {
        case '!':
          return !v;
        case '-':
          return -(v as number);
        case '+':
          return +(v as number);
        case '~':
          return ~(v as number);
        case 'typeof':
          return typeof v;
      }
      return undefined;
    }
    case 'binary': {
      if (e.op === '&&') return evaluate(e.left, scope) && evaluate(e.right, scope);
      if (e.op === '||') return evaluate(e.left, scope) || evaluate(e.right, scope);
      if (e.op === '??') return evaluate(e.left, scope) ?? evaluate(e.right, scope);
      const a = evaluate(e.left, scope) as never;
      const b = evaluate(e.right, scope) as never;
      switch (e.op) {
        case '+':
          return (a as number) + (b as number);
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        case '%':
          return a % b;
        case '==':
          return a == b;
        case '!=':
          return a != b;
        case '===':
          return a === b;
        case '!==':
          return a !== b;
        case '<':
          return a < b;
        case '>':
          return a > b;
        case '<=':
          return a <= b;
        case '>=':
          return a >= b;
        case '&':
          return a & b;
        case '|':
          return a | b;
        case '^':
          return a ^ b;
        case '<<':
          return a << b;
        case '>>':
          return a >> b;
        case '>>>':
          return a >>> b;
      }
      return undefined;
    }
    case 'cond':
      return evaluate(e.test, scope) ? evaluate(e.yes, scope) : evaluate(e.no, scope);
    case 'array': {
      const out: unknown[] = new literals.Array();
      for (const item of e.items) {
        if ('spread' in item) {
          const v = evaluate(item.spread, scope);
          if (Array.isArray(v)) out.push(...(v as unknown[]));
          else if (typeof v === 'string') out.push(...v);
        } else out.push(evaluate(item, scope));
      }
      return out;
    }
    case 'call': {
      let self: unknown;
      let fn: unknown;
      if (e.callee.t === 'member') {
        self = evaluate(e.callee.obj, scope);
        fn = readProp(self, evaluate(e.callee.prop, scope));
      } else fn = evaluate(e.callee, scope);
      // Only WXS functions are callable from templates (as on the client); anything else renders empty.
      if (typeof fn !== 'function' || !wxsFunctions.has(fn)) return undefined;
      return (fn as (...a: unknown[]) => unknown).apply(
        self,
        e.args.map((a) => evaluate(a, scope)),
      );
    }
    case 'object': {
      const out = new literals.Object() as Record<string, unknown>;
      for (const entry of e.entries) {
        if ('spread' in entry) {
          const v = evaluate(entry.spread, scope);
          if (v && typeof v === 'object') for (const k of Object.keys(v)) if (!FORBIDDEN.has(k)) out[k] = (v as Record<string, unknown>)[k];
        } else out[entry.key] = evaluate(entry.value, scope);
      }
      return out;
    }
  }
}

/**
 * How a bound value becomes text, as the official compiler's output does it (checked against
 * wcc, tests/conformance/wcc-differential.test.ts): JavaScript's string conversion, except that
 * `undefined` renders empty. So `{{null}}` is "null", `a{{null}}b` "anullb", an array
 * "1,x," (Array.prototype.join: null/undefined items empty), an object "[object Object]".
 * Never throws (a null-prototype object, a throwing toString).
 */
export function toText(v: unknown): string {
  if (v === undefined) return '';
  return jsString(v, 0);
}

function jsString(v: unknown, depth: number): string {
  if (typeof v === 'string') return v;
  if (v === null || typeof v !== 'object') return String(v as never);
  if (Array.isArray(v)) {
    // JavaScript recurses without limit (and gives '' for a cycle); a bound keeps this cheap.
    if (depth > 32) return '';
    let out = '';
    for (let i = 0; i < v.length; i++) {
      if (i) out += ',';
      const item: unknown = v[i];
      if (item !== null && item !== undefined) out += jsString(item, depth + 1);
    }
    return out;
  }
  try {
    return String(v);
  } catch {
    return '[object Object]';
  }
}

/**
 * The string an attribute of a built-in element gets in our DOM: the value's text (`true` is
 * "true", as wcc's output carries the boolean). `class` given as an array is the class names
 * joined with spaces — what the client's component framework does with it (glass-easel's
 * ClassList.setClassNames; TDesign 1.16 writes `class="{{[a, b]}}"` for that). Callers leave
 * out `false`, `null` and `undefined` (no attribute).
 */
export function attrText(name: string, v: unknown): string {
  if (name === 'class' && Array.isArray(v)) return v.map((c) => (c === null || c === undefined ? '' : jsString(c, 1))).join(' ');
  return toText(v);
}

/** A text or attribute value split into static strings and expressions. */
export type Interpolation = { parts: Array<string | Expr>; single: boolean };

/**
 * Compiles `a {{x}} b`. `single` is true when the whole value is one `{{expr}}`:
 * then the raw value is used (objects for properties, arrays for wx:for) instead
 * of its string form. Returns undefined when there is no `{{`.
 */
export function compileInterpolation(text: string): Interpolation | undefined {
  if (!text.includes('{{')) return undefined;
  const parts: Array<string | Expr> = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      parts.push(text.slice(i));
      break;
    }
    if (open > i) parts.push(text.slice(i, open));
    const close = findClose(text, open + 2);
    if (close < 0) throw new ExpressionError(`unclosed "{{" in "${text}"`);
    parts.push(parseExpression(text.slice(open + 2, close)));
    i = close + 2;
  }
  const single = parts.length === 1 && typeof parts[0] !== 'string';
  return { parts, single };
}

/** Finds the `}}` closing an expression, skipping strings and nested object braces. */
function findClose(text: string, from: number): number {
  let quote = '';
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0 && text[i + 1] === '}') return i;
      if (depth > 0) depth--;
      else if (text[i + 1] === '}') return i;
    }
  }
  return -1;
}

/** Evaluates an interpolation: the raw value when `single`, else the joined text. */
export function evaluateInterpolation(ip: Interpolation, scope: Scope): unknown {
  if (ip.single) return evaluate(ip.parts[0] as Expr, scope);
  let out = '';
  for (const p of ip.parts) out += typeof p === 'string' ? p : toText(evaluate(p, scope));
  return out;
}
