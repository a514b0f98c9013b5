/**
 * Our own WXML parser (there is no open official one). WXML is XML-like:
 * every element is closed (`<view></view>` or `<view/>`), attribute values are
 * quoted, and `{{ }}` may hold any expression — including `<`, `>` and quotes —
 * so `{{...}}` is skipped as one opaque run both in text and in attribute values.
 *
 * Errors carry file, line and column: `pages/index/index.wxml:5:3: expect end-tag "view"`.
 */

/** An attribute as written: `value` is `true` for a bare attribute (`hidden`). */
export interface WxmlAttr {
  name: string;
  value: string | true;
  line: number;
  col: number;
}

export interface WxmlElement {
  kind: 'el';
  tag: string;
  attrs: WxmlAttr[];
  children: WxmlNode[];
  line: number;
  col: number;
}

export interface WxmlText {
  kind: 'text';
  text: string;
  line: number;
  col: number;
}

export type WxmlNode = WxmlElement | WxmlText;

/** A malformed template, with the position of the problem. */
export class WxmlSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${col}: ${reason}`);
    this.name = 'WxmlSyntaxError';
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the XML entities WXML text may contain. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (m, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[body] ?? m;
  });
}

/** Tags whose content is raw text (not parsed as WXML). */
const RAW_TEXT = new Set(['wxs']);

export function parseWxml(source: string, file: string): WxmlNode[] {
  let pos = 0;
  let line = 1;
  let col = 1;
  const len = source.length;

  const fail = (reason: string, l = line, c = col): never => {
    throw new WxmlSyntaxError(file, l, c, reason);
  };
  const advance = (n: number) => {
    for (let i = 0; i < n; i++) {
      if (source.charCodeAt(pos) === 10) {
        line++;
        col = 1;
      } else col++;
      pos++;
    }
  };
  const advanceTo = (target: number) => advance(target - pos);
  /** End of a `{{...}}` run starting at `from` (index after `}}`), or fail. */
  const skipMustache = (from: number): number => {
    let quote = '';
    for (let i = from + 2; i < len - 1; i++) {
      const c = source[i];
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = '';
        continue;
      }
      if (c === '"' || c === "'") {
        // A quote of the enclosing attribute can't be told apart from a string start; both
        // forms are used in real projects, so only treat it as a string when it is closed before `}}`.
        const close = source.indexOf(c, i + 1);
        const end = source.indexOf('}}', i + 1);
        if (close >= 0 && (end < 0 || close < end)) quote = c;
        continue;
      }
      if (c === '}' && source[i + 1] === '}') {
        // `{{ {a: 1}}}`: the first `}` closes the object when a third one follows.
        let j = i;
        while (source[j + 2] === '}') j++;
        return j + 2;
      }
    }
    return -1;
  };

  const root: WxmlElement = { kind: 'el', tag: '#root', attrs: [], children: [], line: 1, col: 1 };
  const stack: WxmlElement[] = [root];

  const pushText = (text: string, l: number, c: number) => {
    if (!text) return;
    stack[stack.length - 1].children.push({ kind: 'text', text, line: l, col: c });
  };

  while (pos < len) {
    const lt = findTextEnd(pos);
    if (lt > pos) {
      const l = line;
      const c = col;
      const text = decodeEntities(source.slice(pos, lt));
      advanceTo(lt);
      pushText(text, l, c);
      continue;
    }
    // at '<'
    if (source.startsWith('<!--', pos)) {
      const end = source.indexOf('-->', pos + 4);
      if (end < 0) fail('unclosed comment "<!--"');
      advanceTo(end + 3);
      continue;
    }
    if (source.startsWith('</', pos)) {
      const l = line;
      const c = col;
      const m = /^<\/\s*([A-Za-z][\w\-:.]*)\s*>/.exec(source.slice(pos, pos + 200));
      if (!m) fail('bad end tag');
      const tag = m![1];
      const open = stack[stack.length - 1];
      if (open === root) fail(`unexpected end-tag "${tag}": no element is open`, l, c);
      if (open.tag !== tag) fail(`expect end-tag "${open.tag}" (opened at ${open.line}:${open.col}), got "</${tag}>"`, l, c);
      stack.pop();
      advance(m![0].length);
      continue;
    }
    const l = line;
    const c = col;
    advance(1);
    const nameMatch = /^[A-Za-z][\w\-:.]*/.exec(source.slice(pos, pos + 200));
    if (!nameMatch) fail('expect a tag name after "<"', l, c);
    const tag = nameMatch![0];
    advance(tag.length);
    const el: WxmlElement = { kind: 'el', tag, attrs: [], children: [], line: l, col: c };
    let selfClosing = false;
    for (;;) {
      skipSpace();
      if (pos >= len) fail(`unclosed start tag "<${tag}"`, l, c);
      if (source[pos] === '>') {
        advance(1);
        break;
      }
      if (source.startsWith('/>', pos)) {
        advance(2);
        selfClosing = true;
        break;
      }
      const al = line;
      const ac = col;
      const an = /^[^\s=/>"'{}]+/.exec(source.slice(pos, pos + 200));
      if (!an) fail(`bad attribute in "<${tag}"`);
      const name = an![0];
      advance(name.length);
      skipSpace();
      let value: string | true = true;
      if (source[pos] === '=') {
        advance(1);
        skipSpace();
        const q = source[pos];
        if (q !== '"' && q !== "'") fail(`attribute "${name}" value must be quoted`);
        const start = pos + 1;
        let i = start;
        while (i < len && source[i] !== q) {
          if (source[i] === '{' && source[i + 1] === '{') {
            const end = skipMustache(i);
            if (end < 0) fail(`unclosed "{{" in attribute "${name}"`, al, ac);
            i = end;
          } else i++;
        }
        if (i >= len) fail(`unclosed attribute value of "${name}"`, al, ac);
        value = decodeEntities(source.slice(start, i));
        advanceTo(i + 1);
      }
      // A repeated attribute: the official compiler (wcc) keeps the last value in the first
      // one's place, without an error (TDesign's badge repeats aria-hidden). Checked against
      // wcc's output for <view aria-hidden="first" class="a" aria-hidden="second">.
      const seen = el.attrs.find((a) => a.name === name);
      if (seen) Object.assign(seen, { value, line: al, col: ac });
      else el.attrs.push({ name, value, line: al, col: ac });
    }
    stack[stack.length - 1].children.push(el);
    if (selfClosing) continue;
    if (RAW_TEXT.has(tag)) {
      const end = source.indexOf(`</${tag}>`, pos);
      if (end < 0) fail(`expect end-tag "${tag}"`, l, c);
      el.children.push({ kind: 'text', text: source.slice(pos, end), line, col });
      advanceTo(end + tag.length + 3);
      continue;
    }
    stack.push(el);
  }
  if (stack.length > 1) {
    const open = stack[stack.length - 1];
    fail(`expect end-tag "${open.tag}"`, open.line, open.col);
  }
  return root.children;

  function skipSpace(): void {
    while (pos < len && /\s/.test(source[pos])) advance(1);
  }
  /** Index of the next `<` that starts markup, skipping `{{ }}` runs in text. */
  function findTextEnd(from: number): number {
    let i = from;
    while (i < len) {
      const ch = source[i];
      if (ch === '<') return i;
      if (ch === '{' && source[i + 1] === '{') {
        const end = skipMustache(i);
        if (end < 0) {
          advanceTo(i);
          fail('unclosed "{{" in text');
        }
        i = end;
        continue;
      }
      i++;
    }
    return len;
  }
}
