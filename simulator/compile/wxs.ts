/**
 * WXS with WXS semantics, not plain JavaScript.
 *
 * The official compiler (`wcc`) rewrites WXS before it runs; the parts that make
 * a visible difference to real libraries, and that mpsim reproduces:
 *
 * - `x.constructor` (and `x['constructor']`) is the type's NAME as a string:
 *   'Array', 'Object', 'Function', 'Date', 'RegExp', 'Number', 'String',
 *   'Boolean' (vant and TDesign test `x.constructor === 'Array'`). On `null` or
 *   `undefined` it throws, as any property read does.
 * - `getDate(...)` and `getRegExp(pattern, flags)` instead of `new Date` / regex
 *   literals.
 * - A backslash that starts no escape sequence stays in the string (`'\d'` is
 *   backslash + d), which regular expressions built with getRegExp rely on.
 * - No access to the logic layer: `wx`, `App`, `Page`, `Component`, `Behavior`,
 *   `getApp`, `getCurrentPages`, `window`, `global`, `globalThis`, `process`,
 *   `mpsim` are `undefined` inside WXS; `require` takes only `.wxs` files.
 *
 * What is not enforced: the ES5 subset itself (newer syntax runs rather than
 * failing to compile), `constructor` read through a computed key held in a
 * variable (`x[k]` with `k === 'constructor'` gives JavaScript's value), and the
 * view-layer copy of data (WXS functions receive the page's own values).
 *
 * The rewrite is made with acorn + magic-string with a source map, so stack
 * frames of WXS still name the file's own line:column.
 */
import { parse, type Node } from 'acorn';
import { ancestor } from 'acorn-walk';
import MagicString from 'magic-string';
import type { RawSourceMap } from './stack';

/** Parameters of a WXS module's wrapper beyond the CommonJS ones, in order. */
export const WXS_PARAMS = [
  'getDate',
  'getRegExp',
  '__wxsCtor',
  'wx',
  'App',
  'Page',
  'Component',
  'Behavior',
  'getApp',
  'getCurrentPages',
  'global',
  'globalThis',
  'process',
  'mpsim',
];

const TAGS: Record<string, string> = {
  '[object Array]': 'Array',
  '[object Function]': 'Function',
  '[object AsyncFunction]': 'Function',
  '[object GeneratorFunction]': 'Function',
  '[object Date]': 'Date',
  '[object RegExp]': 'RegExp',
  '[object Number]': 'Number',
  '[object String]': 'String',
  '[object Boolean]': 'Boolean',
};

/** WXS's `x.constructor`: the type name. */
export function wxsConstructor(value: unknown): unknown {
  if (value === null || value === undefined) {
    // The TypeError a property read of null/undefined gives.
    return (value as unknown as { constructor: unknown }).constructor;
  }
  if (typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, 'constructor'))
    return (value as { constructor: unknown }).constructor;
  return TAGS[Object.prototype.toString.call(value)] ?? 'Object';
}

export function wxsGetDate(...args: unknown[]): Date {
  if (args.length === 0) return new Date();
  return new (Date as unknown as new (...a: unknown[]) => Date)(...args);
}

export function wxsGetRegExp(pattern: unknown, flags?: unknown): RegExp {
  return new RegExp(String(pattern), flags === undefined ? undefined : String(flags));
}

/** Values of WXS_PARAMS, in order. */
export const WXS_ARGS: unknown[] = [wxsGetDate, wxsGetRegExp, wxsConstructor];

/** Characters after a backslash that make a JavaScript escape sequence in a string literal. */
const JS_ESCAPES = new Set([
  "'",
  '"',
  '\\',
  'b',
  'f',
  'n',
  'r',
  't',
  'v',
  'x',
  'u',
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '\n',
  '\r',
  '\u2028',
  '\u2029',
]);

/**
 * WXS keeps a backslash that starts no escape sequence: `'\d'` is the two characters
 * backslash and d (JavaScript reads a lone `d`). vant's `getRegExp('^-?\d+…')`
 * depends on it. The raw literal is rewritten so JavaScript reads what WXS reads.
 */
export function keepUnknownEscapes(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length - 1) {
      const next = raw[i + 1];
      out += JS_ESCAPES.has(next) ? c + next : '\\\\' + next;
      i++;
    } else out += c;
  }
  return out;
}

export interface CompiledWxs {
  code: string;
  /** How many places were rewritten (0: `code` is the source). */
  edits: number;
  /** undefined when nothing was rewritten (positions are the file's own). */
  map?: RawSourceMap;
}

/**
 * Rewrites `.constructor` reads. A file acorn cannot parse is returned as it is:
 * the realm's compiler then reports the syntax error at its own position.
 */
export function compileWxs(source: string, filename: string): CompiledWxs {
  if (!source.includes('constructor') && !source.includes('\\')) return { code: source, edits: 0 };
  let ast: Node;
  try {
    ast = parse(source, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true, allowHashBang: true });
  } catch {
    return { code: source, edits: 0 };
  }
  const s = new MagicString(source);
  let edits = 0;
  ancestor(ast, {
    Literal(node) {
      const lit = node as unknown as { start: number; end: number; value: unknown; raw?: string };
      if (typeof lit.value !== 'string' || !lit.raw || !lit.raw.includes('\\')) return;
      const kept = keepUnknownEscapes(lit.raw);
      if (kept !== lit.raw) {
        s.overwrite(lit.start, lit.end, kept);
        edits++;
      }
    },
    MemberExpression(node, _state, ancestors) {
      const n = node as unknown as {
        start: number;
        end: number;
        computed: boolean;
        optional?: boolean;
        object: { start: number; end: number };
        property: { type: string; name?: string; value?: unknown };
      };
      const isCtor = n.computed ? n.property.type === 'Literal' && n.property.value === 'constructor' : n.property.name === 'constructor';
      if (!isCtor || n.optional) return;
      // A write (`x.constructor = v`, `delete x.constructor`) stays JavaScript's.
      const parent = ancestors[ancestors.length - 2] as unknown as
        { type: string; left?: unknown; argument?: unknown; operator?: string } | undefined;
      if (parent && ((parent.type === 'AssignmentExpression' && parent.left === node) || parent.type === 'UpdateExpression')) return;
      if (parent && parent.type === 'UnaryExpression' && parent.operator === 'delete') return;
      // `(x).constructor` / `x ['constructor']`: keep the object's text as it is (parens
      // included) and replace from the `.` or `[` that opens the property.
      const prop = n.property as unknown as { start: number };
      let cut = prop.start - 1;
      while (cut > n.object.end && source[cut] !== (n.computed ? '[' : '.')) cut--;
      s.prependLeft(n.start, '__wxsCtor(');
      s.overwrite(cut, n.end, ')');
      edits++;
    },
  });
  if (edits === 0) return { code: source, edits };
  const map = s.generateMap({ hires: true, source: filename, includeContent: false });
  return { code: s.toString(), map: map as unknown as RawSourceMap, edits };
}
