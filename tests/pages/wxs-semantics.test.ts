/**
 * WXS runs with WXS semantics: `constructor` is the type name, getDate/getRegExp,
 * no logic-layer globals, `.wxs`-only require — checked on vant's own WXS
 * modules (@vant/weapp 1.11.7) and on small modules of our own.
 */
import * as path from 'node:path';
import { linkVant, tempProject, type TempProject } from '../helpers/project';

declare const mpsim: any;

let dir: string;
let project: TempProject;
beforeAll(() => {
  project = tempProject('mpsim-wxs');
  dir = project.dir;
  const w = project.write;
  linkVant(dir);
  w('app.json', JSON.stringify({ pages: ['pages/index/index'] }));
  w('app.js', 'App({});');
  w(
    'utils/types.wxs',
    [
      'function names(x) {',
      '  return [[].constructor, {}.constructor, (function () {}).constructor, getDate().constructor, getRegExp("a", "g").constructor,',
      "    (1).constructor, 'a'.constructor, true.constructor, x.constructor, x['constructor'], x.list.constructor];",
      '}',
      'function globals() { return [typeof wx, typeof getApp, typeof Page, typeof window, typeof globalThis, typeof mpsim, typeof console]; }',
      'function date() { var d = getDate(2020, 0, 2); return [d.getFullYear(), d.getMonth(), d.getDate(), getDate("2021-03-04T00:00:00Z").getTime(), typeof getDate().getTime()]; }',
      "function re() { return 'a1b22'.replace(getRegExp('\\\\d+', 'g'), '#'); }",
      'function boom(x) {\n  return x.constructor + x.y.constructor;\n}',
      "function needsJs() { return require('./plain.js'); }",
      'module.exports = { names: names, globals: globals, date: date, re: re, boom: boom, needsJs: needsJs };',
    ].join('\n'),
  );
  w('utils/plain.js', 'module.exports = 1;');
  w(
    'pages/index/index.wxml',
    [
      '<wxs src="/miniprogram_npm/@vant/weapp/wxs/style.wxs" module="style" />',
      '<wxs src="/miniprogram_npm/@vant/weapp/wxs/array.wxs" module="array" />',
      '<wxs src="/miniprogram_npm/@vant/weapp/wxs/utils.wxs" module="utils" />',
      '<view class="s" style="{{ style([{ fontSize: \'12px\', color: c }, \'margin: 0\']) }}">x</view>',
      '<view class="a">{{ array.isArray(list) }} {{ array.isArray(obj) }}</view>',
      "<view class=\"b\">{{ utils.bem('button', ['primary', { block: true, round: false }]) }}</view>",
      '<wxs src="/miniprogram_npm/@vant/weapp/wxs/add-unit.wxs" module="addUnit" />',
      '<view class="u">{{ addUnit(20) }} {{ addUnit("3em") }} {{ addUnit(1.5) }}</view>',
    ].join('\n'),
  );
  w('pages/index/index.js', "Page({ data: { c: 'red', list: [1, 2], obj: { a: 1 } } });");
});
afterAll(() => project.remove());

test("vant's style/array/utils WXS render as on the phone (constructor === 'Array' / 'Object')", async () => {
  const app = await mpsim.launch(dir);
  const page = app.currentPage;
  expect(page.$('.s')!.getAttribute('style')).toBe('font-size:12px;color:red;margin: 0');
  expect(page.$('.a')!.textContent).toBe('true false');
  expect(page.$('.b')!.textContent).toBe('van-button van-button--primary van-button--block');
  // getRegExp('^-?\d+(\.\d+)?$'): WXS keeps the backslashes JavaScript would drop.
  expect(page.$('.u')!.textContent).toBe('20px 3em 1.5px');
});

describe('WXS module semantics', () => {
  let types: any;

  async function load(): Promise<any> {
    // A WXS module loaded through the project's loader, as a template's <wxs src> does.
    const { Project } = await import('../../simulator/project');
    const loader = new Project(dir).createLoader(globalThis as any, {});
    return loader.require('utils/types.wxs');
  }

  test('constructor gives the type name', async () => {
    types = await load();
    expect(types.names({ list: [1] })).toEqual([
      'Array',
      'Object',
      'Function',
      'Date',
      'RegExp',
      'Number',
      'String',
      'Boolean',
      'Object',
      'Object',
      'Array',
    ]);
  });

  test('no logic-layer globals inside WXS; console stays', async () => {
    types = await load();
    expect(types.globals()).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'object']);
  });

  test('getDate and getRegExp', async () => {
    types = await load();
    expect(types.date()).toEqual([2020, 0, 2, Date.UTC(2021, 2, 4), 'number']);
    expect(types.re()).toBe('a#b#');
  });

  test('constructor of undefined throws as a property read does, at the position in the file', async () => {
    types = await load();
    let stack = '';
    try {
      types.boom({});
    } catch (err) {
      stack = String((err as Error).stack);
    }
    expect(stack).toMatch(/TypeError/);
    expect(stack).toContain(`${path.join(dir, 'utils/types.wxs')}:`);
    const m = new RegExp(`types\\.wxs:(\\d+):(\\d+)`).exec(stack)!;
    // `x.y.constructor` on line 9: the frame points into that line, not into our rewrite.
    expect(Number(m[1])).toBe(9);
  });

  test('WXS requires only .wxs modules', async () => {
    types = await load();
    expect(() => types.needsJs()).toThrow('module "./plain.js" is not a .wxs module (required from WXS)');
  });
});
