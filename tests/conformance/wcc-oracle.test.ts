/**
 * The wcc oracle (bench/engine/wcc.js) and the WXS transform (bench/engine/wxs-semantics.js) the
 * engine decision rests on: real wcc runs on real files; the normaliser and differ are checked on
 * trees where the answer is known. Skipped where miniprogram-compiler has no wcc binary
 * (linux-arm64).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/* eslint-disable @typescript-eslint/no-require-imports */
const wcc: any = require('../../bench/engine/wcc');
const wxs: any = require('../../bench/engine/wxs-semantics');
/* eslint-enable @typescript-eslint/no-require-imports */

const haveWcc: boolean = wcc.wccAvailable();
const itWcc = haveWcc ? test : test.skip;

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-wcc-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const UTIL_WXS = [
  "var NUM = getRegExp('^-?\\d+(\\.\\d+)?$');",
  'function unit(v) { return NUM.test("" + v) ? v + "px" : v; }',
  'function kind(v) { return v.constructor; }',
  'module.exports = { unit: unit, kind: kind };',
].join('\n');

const PAGE_WXML = [
  '<wxs src="./util.wxs" module="u"/>',
  '<view class="b a {{cls}}" style="width: {{u.unit(w)}};" bindtap="onTap" hover-class="h">',
  '  <text>{{u.kind(list)}} {{u.kind(obj)}} {{u.kind(s)}}</text>',
  '  <block wx:for="{{list}}" wx:key="*this"><text>{{item}}</text></block>',
  '  <text>{{nothing}}</text>',
  '</view>',
].join('\n');

const DATA = { cls: 'c', w: 20, list: [1, 2], obj: { a: 1 }, s: 'x', nothing: null };

describe('wcc oracle', () => {
  itWcc('renders a template with WXS semantics: constructor names, kept escapes, null as text', () => {
    const dir = project({ 'p/index.wxml': PAGE_WXML, 'p/util.wxs': UTIL_WXS });
    dirs.push(dir);
    const lib = new wcc.WccLibrary(dir, ['p/index.wxml'], ['p/util.wxs']);
    expect(lib.fileErrors.size).toBe(0);
    const tree = wcc.normaliseWcc(lib.render('p/index.wxml', DATA), () => false);
    expect(tree).toEqual([
      {
        tag: 'view',
        attrs: { class: 'a b c', style: 'width:20px', 'hover-class': 'h' },
        children: [
          { tag: 'text', attrs: {}, children: [{ text: 'Array Object String' }] },
          { tag: 'text', attrs: {}, children: [{ text: '1' }] },
          { tag: 'text', attrs: {}, children: [{ text: '2' }] },
          { tag: 'text', attrs: {}, children: [{ text: 'null' }] },
        ],
      },
    ]);
  });

  itWcc('a template wcc rejects is named with its error; rendering it throws a clear error', () => {
    const dir = project({ 'ok.wxml': '<view>{{a}}</view>', 'bad.wxml': '<view>{{a</view>' });
    dirs.push(dir);
    const lib = new wcc.WccLibrary(dir, ['ok.wxml', 'bad.wxml'], []);
    expect(lib.ok).toEqual(['ok.wxml']);
    expect([...lib.fileErrors.keys()]).toEqual(['bad.wxml']);
    expect(() => lib.render('bad.wxml', {})).toThrow('bad.wxml: not compiled by wcc');
    expect(wcc.normaliseWcc(lib.render('ok.wxml', { a: 'hi' }), () => false)).toEqual([
      { tag: 'view', attrs: {}, children: [{ text: 'hi' }] },
    ]);
  });

  test('the differ reports each class of difference and nothing for equal trees', () => {
    const isComp = (t: string) => t === 'x-comp';
    const oracle = wcc.normaliseWcc(
      {
        tag: 'wx-page',
        children: [
          {
            tag: 'wx-view',
            attr: { class: 'b a', hoverClass: 'h', bindtap: 'f', $gdc: 'internal' },
            children: [{ tag: 'virtual', children: ['  hi  ', { tag: 'wx-x-comp', attr: { class: 'k', prop: 1 }, children: [] }] }],
          },
        ],
      },
      isComp,
    );
    const same = wcc.normalisePlain(
      [
        {
          tag: 'view',
          attrs: { class: 'a b', 'hover-class': 'h' },
          children: [{ text: 'hi' }, { tag: 'x-comp', attrs: { class: 'k' }, children: [] }],
        },
      ],
      isComp,
    );
    expect(wcc.diffTrees(same, oracle)).toEqual([]);
    const other = wcc.normalisePlain(
      [
        {
          tag: 'view',
          attrs: { class: 'a', style: 'color: red' },
          children: [{ text: 'ho' }, { tag: 'view', attrs: {}, children: [] }, { text: 'x' }],
        },
      ],
      isComp,
    );
    expect(wcc.diffTrees(other, oracle).map((d: { kind: string }) => d.kind)).toEqual([
      'attr:class',
      'attr:style',
      'attr:hover-class',
      'children',
      'text',
      'tag',
    ]);
  });
});

describe('WXS transform', () => {
  const run = (src: string): unknown => {
    const g: Record<string, unknown> = {};
    wxs.installWxsGlobals(g);
    const code = wxs.transformWxs(src).code;
    return new Function('getRegExp', 'getDate', '__wxsCtor', code)(g.getRegExp, g.getDate, g.__wxsCtor);
  };

  test('.constructor gives the type name string, as WXS does', () => {
    expect(
      run(
        "return [[].constructor, ({}).constructor, 'a'.constructor, (1).constructor, true.constructor, (function(){}).constructor, getDate().constructor, getRegExp('a').constructor]",
      ),
    ).toEqual(['Array', 'Object', 'String', 'Number', 'Boolean', 'Function', 'Date', 'RegExp']);
  });

  test('a backslash before a non-escape character is kept; real escapes are not touched', () => {
    expect(run("return getRegExp('^\\d+$').test('20')")).toBe(true);
    expect(run("return 'a\\nb\\'c\\\\d'")).toBe("a\nb'c\\d");
    expect(wxs.transformWxs("var r = '\\d';").rewrites).toBe(1);
  });

  test('newer syntax is not refused (the ES5 subset is not enforced, docs/pages.md); source that does not parse is returned unchanged', () => {
    expect(wxs.transformWxs('var x = (a) => a.constructor;')).toEqual({ code: 'var x = (a) => __wxsCtor(a);', rewrites: 1 });
    const broken = 'var x = (a => a.constructor;';
    expect(wxs.transformWxs(broken)).toEqual({ code: broken, rewrites: 0 });
  });
});
