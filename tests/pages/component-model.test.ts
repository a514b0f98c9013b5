/**
 * The component model of issue 12, each part with a small focused component and with a real
 * library component that depends on it (vant 1.11.7 / TDesign 1.16.0 as npm ships them):
 * externalClasses (+ virtualHost class/style), created → observers order, `model:` on custom
 * components, multipleSlots, pureDataPattern, generics, definitionFilter, this.animate /
 * clearAnimation, getTabBar.
 */
import { linkTDesign, linkVant, tempProject, type TempProject } from '../helpers/project';

declare const mpsim: any;
declare const getApp: any;

jest.setTimeout(60_000);

let project: TempProject;
const pages: string[] = [];

/** A page `pages/<name>/index` with its template, script and usingComponents. */
function page(name: string, wxml: string, js: string, using: Record<string, string> = {}): string {
  const route = `pages/${name}/index`;
  pages.push(route);
  project.write(`${route}.wxml`, wxml);
  project.write(`${route}.js`, js);
  project.write(`${route}.json`, JSON.stringify({ usingComponents: using }));
  return route;
}

function component(path: string, wxml: string, js: string, json: Record<string, unknown> = {}): void {
  project.write(`${path}.wxml`, wxml);
  project.write(`${path}.js`, js);
  project.write(`${path}.json`, JSON.stringify({ component: true, ...json }));
}

const errors: string[] = [];
let spy: jest.SpyInstance;
beforeEach(() => {
  errors.length = 0;
  spy = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.map(String).join(' ')));
});
afterEach(() => spy.mockRestore());

async function open(route: string) {
  const app = await mpsim.launch(project.dir, { path: route });
  await mpsim.idle();
  return { app, page: app.currentPage };
}

const log = (): string[] => getApp().globalData.log;

beforeAll(() => {
  project = tempProject('mpsim-compmodel', { 'app.js': 'App({ globalData: { log: [] } });' });
  linkVant(project.dir);
  linkTDesign(project.dir);

  // externalClasses, chained to a grandchild
  component(
    'components/ext/ext',
    '<view class="root custom-class"><text class="t title-class">x</text><inner id="in" custom-class="title-class other" /></view>',
    "Component({ externalClasses: ['custom-class', 'title-class'] });",
    { usingComponents: { inner: '../inner/inner' } },
  );
  component('components/inner/inner', '<view class="inner custom-class"></view>', "Component({ externalClasses: ['custom-class'] });");
  page(
    'ext',
    '<ext id="a" custom-class="red {{big}}" title-class="blue" /><ext id="b" /><van-button custom-class="my-btn">go</van-button>',
    "Page({ data: { big: 'big' } });",
    { ext: '/components/ext/ext', 'van-button': '@vant/weapp/button/index' },
  );

  // virtualHost: class → external class `class`, style → property `style`
  component(
    'components/vh/vh',
    '<view class="vh class">{{style}}</view>',
    "Component({ options: { virtualHost: true }, externalClasses: ['class'], properties: { style: String } });",
  );
  page('vh', '<vh id="v" class="a b" style="color: red" /><t-button class="mine" t-class="inner">ok</t-button>', 'Page({});', {
    vh: '/components/vh/vh',
    't-button': 'tdesign-miniprogram/button/button',
  });

  // lifetimes and observers order
  component(
    'components/order/order',
    '<view class="v">{{value}}</view>',
    `Component({
      properties: { value: { type: Number, value: 0, observer(n, o) { getApp().globalData.log.push('prop observer ' + n + ' ' + o); } },
                    same: { type: Number, value: 3, observer() { getApp().globalData.log.push('same prop observer'); } } },
      data: { other: 1 },
      observers: {
        value(v) { getApp().globalData.log.push('observers value ' + v + (this.ready ? '' : ' before created')); },
        same(v) { getApp().globalData.log.push('observers same ' + v); },
        other(v) { getApp().globalData.log.push('observers other ' + v + ' value=' + this.data.value); },
      },
      lifetimes: {
        created() { this.ready = true; getApp().globalData.log.push('created value=' + this.data.value); },
        attached() { getApp().globalData.log.push('attached'); },
        ready() { getApp().globalData.log.push('ready'); },
      },
      methods: { bump() { this.setData({ value: this.data.value + 1, other: 2 }); } },
    });`,
  );
  page('order', '<order id="o" value="{{v}}" same="{{3}}" />', 'Page({ data: { v: 5 } });', { order: '/components/order/order' });
  page(
    'upload',
    '<t-upload id="u" files="{{files}}" max="{{2}}" />',
    "Page({ data: { files: [{ url: 'a.png' }, { url: 'b.png' }, { url: 'c.png' }] } });",
    {
      't-upload': 'tdesign-miniprogram/upload/upload',
    },
  );
  page(
    'calendar',
    '<t-calendar visible="{{true}}" min-date="{{min}}" max-date="{{max}}" />',
    'Page({ data: { min: 1704067200000, max: 1706659200000 } });',
    {
      't-calendar': 'tdesign-miniprogram/calendar/calendar',
    },
  );

  // model: on custom components
  component(
    'components/field/field',
    '<view class="shown">{{value}}</view>',
    'Component({ properties: { value: String, count: Number }, methods: { type(v) { this.setData({ value: v }); }, part() { this.setData({ count: 9 }); } } });',
  );
  page(
    'model',
    '<field id="f" model:value="{{name}}" count="{{n}}" /><view id="echo">{{name}}</view><t-input id="ti" model:value="{{text}}" /><view id="techo">{{text}}</view>',
    "Page({ data: { name: 'a', n: 1, text: 'x' } });",
    { field: '/components/field/field', 't-input': 'tdesign-miniprogram/input/input' },
  );

  // slots: single (default) and multiple
  component(
    'components/single/single',
    '<view class="first"><slot name="x" /></view><view class="second"><slot /></view>',
    'Component({});',
  );
  component(
    'components/multi/multi',
    '<view class="first"><slot name="x" /></view><view class="second"><slot /></view>',
    'Component({ options: { multipleSlots: true } });',
  );
  page(
    'slots',
    '<single id="s"><text class="named" slot="x">n</text><text class="plain">p</text></single><multi id="m"><text class="named" slot="x">n</text><text class="plain">p</text></multi>',
    'Page({});',
    { single: '/components/single/single', multi: '/components/multi/multi' },
  );

  // pureDataPattern
  component(
    'components/pure/pure',
    '<view class="p">[{{_secret}}|{{shown}}|{{_prop}}]</view>',
    `Component({
      options: { pureDataPattern: /^_/ },
      properties: { _prop: { type: String, value: 'd', observer() { getApp().globalData.log.push('pure prop observer'); } } },
      data: { _secret: 's', shown: 'v' },
      observers: { _secret(v) { getApp().globalData.log.push('observer _secret ' + v); } },
      methods: { change() { this.setData({ _secret: 't', _prop: 'q' }); } },
    });`,
  );
  page('pure', '<pure id="p" _prop="given" />', 'Page({});', { pure: '/components/pure/pure' });

  // generics: chosen by the host, default from componentGenerics, chained through an owner's own generic
  component(
    'components/group/group',
    '<view class="group"><block wx:for="{{items}}" wx:key="*this"><selectable label="{{item}}" /></block></view>',
    'Component({ properties: { items: Array } });',
    { componentGenerics: { selectable: { default: '../plain-item/plain-item' } } },
  );
  component(
    'components/wrapper/wrapper',
    '<group items="{{items}}" generic:selectable="selectable" />',
    'Component({ properties: { items: Array } });',
    { componentGenerics: { selectable: true }, usingComponents: { group: '../group/group' } },
  );
  component(
    'components/plain-item/plain-item',
    '<text class="plain-item">{{label}}</text>',
    'Component({ properties: { label: String } });',
  );
  component(
    'components/radio-item/radio-item',
    '<text class="radio-item">({{label}})</text>',
    'Component({ properties: { label: String } });',
  );
  page(
    'generic',
    '<group id="g1" items="{{[\'a\', \'b\']}}" generic:selectable="radio-item" /><group id="g2" items="{{[\'c\']}}" /><wrapper id="w" items="{{[\'d\']}}" generic:selectable="radio-item" />',
    'Page({});',
    { group: '/components/group/group', wrapper: '/components/wrapper/wrapper', 'radio-item': '/components/radio-item/radio-item' },
  );
  page(
    'markdown',
    '<t-chat-content id="cc" role="assistant" content="{{ { type: \'markdown\', data: \'**bold** text\' } }}" />',
    'Page({});',
    { 't-chat-content': 'tdesign-miniprogram/chat-content/chat-content' },
  );

  // definitionFilter, with the filter of a behavior's own behavior passed along
  project.write(
    'behaviors/filters.js',
    `const inner = Behavior({
      definitionFilter(defFields) { (defFields.methods = defFields.methods || {}).fromInner = () => 'inner'; },
    });
    const outer = Behavior({
      behaviors: [inner],
      definitionFilter(defFields, filters) {
        getApp().globalData.log.push('outer filter, ' + filters.length + ' inner');
        defFields.data = Object.assign({}, defFields.data, { filtered: true });
        filters.forEach((f) => f(defFields));
      },
    });
    module.exports = { outer };`,
  );
  component(
    'components/filtered/filtered',
    '<view class="f">{{filtered}}</view>',
    "const { outer } = require('../../behaviors/filters'); Component({ behaviors: [outer] });",
  );
  // Literals in a template expression are made in the mini-program's realm (under jest: this test file's).
  component(
    'components/kinds/kinds',
    '<view>{{list.length}}</view>',
    'Component({ properties: { list: Array, obj: Object }, lifetimes: { ready() { this.kinds = [this.data.list instanceof Array, this.data.obj instanceof Object, Array.isArray(this.data.list)]; } } });',
  );
  page(
    'literals',
    '<kinds id="k" list="{{ [1, n] }}" obj="{{ { a: n } }}" /><van-skeleton row="2" row-width="{{ [\'100%\', \'60%\'] }}" />',
    'Page({ data: { n: 2 } });',
    { kinds: '/components/kinds/kinds', 'van-skeleton': '@vant/weapp/skeleton/index' },
  );
  // Property values as glass-easel normalises them, and the template built before the owner's values arrive.
  component('components/inner2/inner2', '<view class="in2"></view>', 'Component({});');
  component(
    'components/props/props',
    '<view class="p"><inner2 id="i" class="inner" /></view>',
    `function fmt(t, v) { return v; }
     Component({
       properties: {
         fmt: { type: null, value: fmt },
         n: { type: Number, value: 7 },
         s: { type: String, value: 'dflt' },
         list: { type: Array, value: [1] },
         v: { type: String, value: '', observer(val) { this.seen = [val, !!this.selectComponent('#i')]; } },
       },
       lifetimes: { ready() { this.got = [typeof this.data.fmt, this.data.fmt === fmt, this.data.n, this.data.s, this.data.list]; } },
     });`,
    { usingComponents: { inner2: '../inner2/inner2' } },
  );
  page(
    'props',
    '<props id="pr" fmt="{{ nothing }}" n="{{ word }}" s="{{ nil }}" list="{{ word }}" v="given" />',
    "Page({ data: { word: 'abc', nil: null } });",
    { props: '/components/props/props' },
  );
  // Slot content moving between a <slot> under wx:if and one under wx:else (vant's demo-block).
  component(
    'components/frame/frame',
    '<view class="frame"><view wx:if="{{card}}" class="card"><slot /></view><slot wx:else /></view>',
    'Component({ properties: { card: Boolean } });',
  );
  component(
    'components/leaf/leaf',
    '<text class="leaf">{{n}}</text>',
    `Component({ properties: { n: Number }, lifetimes: {
       created() { getApp().globalData.log.push('leaf created'); },
       detached() { getApp().globalData.log.push('leaf detached'); } } });`,
  );
  page('moving', '<frame id="fr" card="{{card}}"><leaf id="lf" n="{{n}}" /></frame>', 'Page({ data: { card: true, n: 1 } });', {
    frame: '/components/frame/frame',
    leaf: '/components/leaf/leaf',
  });
  // Content of a slot the component does not render (TDesign's picker in a closed popup).
  page(
    'unslotted',
    '<t-picker id="pk" visible="{{open}}" title="城市"><t-picker-item id="pi" options="{{cities}}" /></t-picker>' +
      '<frame2 id="f2" show="{{show}}"><leaf id="lf2" n="{{3}}" /></frame2>',
    "Page({ data: { open: false, show: false, cities: [{ label: '北京', value: 'bj' }, { label: '深圳', value: 'sz' }] } });",
    {
      't-picker': 'tdesign-miniprogram/picker/picker',
      't-picker-item': 'tdesign-miniprogram/picker-item/picker-item',
      frame2: '/components/frame2/frame2',
      leaf: '/components/leaf/leaf',
    },
  );
  component(
    'components/frame2/frame2',
    '<view class="f2"><slot wx:if="{{show}}" /></view>',
    'Component({ properties: { show: Boolean } });',
  );
  page('filter', '<filtered id="f" />', 'Page({});', { filtered: '/components/filtered/filtered' });

  // this.animate / clearAnimation
  component(
    'components/anim/anim',
    '<view class="box">box</view>',
    `Component({ methods: {
      run(ms) { return new Promise((r) => this.animate('.box', [{ opacity: 0 }, { opacity: 1 }], ms, () => r('done'))); },
      clear() { return new Promise((r) => this.clearAnimation('.box', { opacity: true }, () => r('cleared'))); },
      scroll() { this.animate('.box', [{ opacity: 1 }, { opacity: 0 }], 1000, { scrollSource: '#sv', timeRange: 1000 }); },
      late() { this.animate('.box', [{ opacity: 1 }], 40, () => { getApp().globalData.log.push('late callback'); }); },
    } });`,
  );
  page('anim', '<anim id="an" />', 'Page({});', { anim: '/components/anim/anim' });
});
afterAll(() => project.remove());

beforeAll(() => {
  // Written last: every page above is registered.
  project.write(
    'app.json',
    JSON.stringify({
      pages: [...pages, 'pages/tab-a/index', 'pages/tab-b/index', 'pages/plain/index'],
      tabBar: { custom: true, list: [{ pagePath: 'pages/tab-a/index' }, { pagePath: 'pages/tab-b/index' }] },
    }),
  );
  project.write(
    'custom-tab-bar/index.wxml',
    '<view class="bar"><view wx:for="{{list}}" wx:key="*this" class="item {{index === selected ? \'on\' : \'\'}}" data-i="{{index}}" bindtap="go">{{item}}</view></view>',
  );
  project.write(
    'custom-tab-bar/index.js',
    "Component({ data: { selected: 0, list: ['A', 'B'] }, methods: { go(e) { wx.switchTab({ url: '/pages/tab-' + (e.currentTarget.dataset.i ? 'b' : 'a') + '/index' }); } } });",
  );
  project.write('custom-tab-bar/index.json', JSON.stringify({ component: true }));
  for (const [name, selected] of [
    ['tab-a', 0],
    ['tab-b', 1],
  ] as const) {
    project.write(`pages/${name}/index.wxml`, `<view class="page-${name}">${name}</view>`);
    project.write(`pages/${name}/index.js`, `Page({ onShow() { this.getTabBar().setData({ selected: ${selected} }); } });`);
  }
  project.write('pages/plain/index.wxml', '<view>plain</view>');
  project.write('pages/plain/index.js', 'Page({ onLoad() { getApp().globalData.log.push(String(this.getTabBar())); } });');
});

describe('externalClasses', () => {
  test('an external class becomes what the host passed; one not passed stands for nothing; chains reach the grandchild', async () => {
    const { app, page } = await open('pages/ext/index');
    expect(page.$('#a .root')!.getAttribute('class')).toBe('root red big');
    expect(page.$('#a .t')!.getAttribute('class')).toBe('t blue');
    expect(page.$('#b .t')!.getAttribute('class')).toBe('t');
    expect(page.$('#a .inner')!.getAttribute('class')).toBe('inner blue other');
    expect(page.$('#b .root')!.getAttribute('class')).toBe('root');
    expect(page.$('#b .inner')!.getAttribute('class')).toBe('inner other');
    // A bound value follows the owner's data.
    await page.setData({ big: 'huge' });
    expect(page.$('#a .root')!.getAttribute('class')).toBe('root red huge');
    // vant: custom-class reaches the <button> that declares it.
    expect(page.$('van-button button.van-button.my-btn')).not.toBeNull();
    expect(page.$('van-button button')!.getAttribute('class')).not.toContain('custom-class');
    await app.close();
  });

  test('virtualHost: class goes to the external class `class`, style to the `style` property, the placeholder host keeps neither', async () => {
    const { app, page } = await open('pages/vh/index');
    const host = page.$('vh')!;
    expect(host.hasAttribute('class')).toBe(false);
    expect(host.hasAttribute('style')).toBe(false);
    expect(page.$('vh .vh')!.getAttribute('class')).toBe('vh a b');
    expect(page.text('vh .vh')).toBe('color: red');
    // TDesign components are virtualHost and declare `class` and `t-class` as external classes.
    const btn = page.$('t-button button')!;
    expect(btn.getAttribute('class')).toMatch(/(^| )mine( |$)/);
    expect(btn.getAttribute('class')).toMatch(/(^| )inner( |$)/);
    expect(btn.getAttribute('class')).not.toMatch(/(^| )(class|t-class)( |$)/);
    expect(page.$('t-button')!.hasAttribute('class')).toBe(false);
    await app.close();
  });
});

describe('lifetimes and observers', () => {
  test('created runs with the defaults; the owner values arrive after it (observers, then property observers); attached, ready', async () => {
    const { app, page } = await open('pages/order/index');
    expect(log()).toEqual(['created value=0', 'observers value 5', 'observers same 3', 'prop observer 5 0', 'attached', 'ready']);
    log().length = 0;
    page.component('#o').bump();
    // data observers first (after the data changed), then the property observer
    expect(log()).toEqual(['observers value 6', 'observers other 2 value=6', 'prop observer 6 5']);
    await app.close();
  });

  test('TDesign upload opens with files (its observer "files, max, draggable" runs after created) and keeps max', async () => {
    const { app, page } = await open('pages/upload/index');
    expect(errors.filter((e) => e.includes('thirdScriptError'))).toEqual([]);
    const up = page.component('#u');
    expect(up.data.customFiles.map((f: { url: string }) => f.url)).toEqual(['a.png', 'b.png']);
    // ready's handleLimit(customFiles, max): 2 of 2 taken
    expect(up.data.customLimit).toBe(0);
    await app.close();
  });

  test('TDesign calendar opens visible with min/max dates', async () => {
    const { app, page } = await open('pages/calendar/index');
    expect(errors.filter((e) => e.includes('thirdScriptError'))).toEqual([]);
    expect(page.$('t-calendar .t-calendar')).not.toBeNull();
    expect(page.$$('t-calendar .t-calendar__dates-item').length).toBeGreaterThan(27);
    await app.close();
  });
});

test('an incompatible property value becomes the property default; an observer of the first values sees the template', async () => {
  const { app, page } = await open('pages/props/index');
  const c = page.component('#pr');
  // undefined to a null-typed property keeps its declared function; 'abc' to Number → 7; null to String → 'dflt'; 'abc' to Array → [1]
  expect(c.got).toEqual(['function', true, 7, 'dflt', [1]]);
  expect(c.seen).toEqual(['given', true]);
  await app.close();
});

test('slot content moving between a wx:if slot and its wx:else slot stays one instance with one DOM node', async () => {
  const { app, page } = await open('pages/moving/index');
  expect(page.$$('.leaf').map((e: { textContent: string | null }) => e.textContent)).toEqual(['1']);
  expect(page.$$('.card .leaf')).toHaveLength(1);
  await page.setData({ card: false, n: 2 });
  expect(page.$$('.leaf').map((e: { textContent: string | null }) => e.textContent)).toEqual(['2']);
  expect(page.$$('.card')).toHaveLength(0);
  await page.setData({ card: true });
  expect(page.$$('.card .leaf')).toHaveLength(1);
  expect(page.component('#lf').data.n).toBe(2);
  // One instance all along: created once, never detached.
  expect(log().filter((m) => m.startsWith('leaf'))).toEqual(['leaf created']);
  await app.close();
});

test('content in a slot the component does not render exists (created, attached, related, selectable) but is not rendered', async () => {
  const { app, page } = await open('pages/unslotted/index');
  // Not rendered: page queries do not see it.
  expect(page.$('.t-picker-item__item')).toBeNull();
  expect(page.$('.leaf')).toBeNull();
  // It exists in its owner's tree: selectComponent finds it, its relation to the picker is linked.
  const inst = (globalThis as unknown as { getCurrentPages(): Array<{ selectComponent(s: string): any }> }).getCurrentPages()[0];
  const item = inst.selectComponent('#pi');
  expect(item).not.toBeNull();
  expect(item.data.formatOptions.map((o: { label: string }) => o.label)).toEqual(['北京', '深圳']);
  expect(inst.selectComponent('#pk').getRelationNodes('../picker-item/picker-item')).toHaveLength(1);
  expect(log().filter((m) => m.startsWith('leaf'))).toEqual(['leaf created']);
  // Shown later: the same instance moves into the rendered tree.
  await page.setData({ show: true, open: true });
  await page.waitFor('.t-picker-item__item');
  expect(page.$$('.f2 .leaf')).toHaveLength(1);
  expect(inst.selectComponent('#pi')).toBe(item);
  expect(log().filter((m) => m.startsWith('leaf'))).toEqual(['leaf created']);
  await app.close();
});

test("array and object literals in a template are the test realm's: instanceof holds (vant skeleton's row-width array)", async () => {
  const { app, page } = await open('pages/literals/index');
  expect(page.component('#k').kinds).toEqual([true, true, true]);
  const rows = page.$$('.van-skeleton__row');
  expect(rows.map((r: { getAttribute(n: string): string | null }) => r.getAttribute('style'))).toEqual(['width:100%', 'width:60%']);
  await app.close();
});

describe('model: on custom components', () => {
  test("the component's own setData of the property writes the owner's path; other properties do not", async () => {
    const { app, page } = await open('pages/model/index');
    const f = page.component('#f');
    expect(f.data.value).toBe('a');
    f.type('typed');
    expect(page.data.name).toBe('typed');
    await mpsim.idle();
    expect(page.text('#echo')).toBe('typed');
    f.part();
    expect(page.data.n).toBe(1);
    // The owner's change flows down as usual.
    await page.setData({ name: 'down' });
    expect(f.data.value).toBe('down');
    await app.close();
  });

  test('TDesign t-input model:value: typing writes the page data', async () => {
    const { app, page } = await open('pages/model/index');
    await page.input('#ti input', 'hello');
    expect(page.data.text).toBe('hello');
    expect(page.text('#techo')).toBe('hello');
    await app.close();
  });
});

describe('options', () => {
  test('without multipleSlots every slot child goes to the first <slot>; with it, by name', async () => {
    const { app, page } = await open('pages/slots/index');
    expect(page.$$('#s .first text').map((e: any) => e.className)).toEqual(['named', 'plain']);
    expect(page.$$('#s .second text')).toHaveLength(0);
    expect(page.$$('#m .first text').map((e: any) => e.className)).toEqual(['named']);
    expect(page.$$('#m .second text').map((e: any) => e.className)).toEqual(['plain']);
    await app.close();
  });

  test('pureDataPattern: pure fields are not rendered and fire no property observer; data observers still run', async () => {
    const { app, page } = await open('pages/pure/index');
    const p = page.component('#p');
    expect(page.text('#p .p')).toBe('[|v|]');
    expect(p.data._secret).toBe('s');
    expect(p.data._prop).toBe('given');
    expect(log()).toEqual([]);
    p.change();
    expect(log()).toEqual(['observer _secret t']);
    await mpsim.idle();
    expect(page.text('#p .p')).toBe('[|v|]');
    await app.close();
  });

  test('generic: the host picks the implementation; without one the default; an owner passes its own generic on', async () => {
    const { app, page } = await open('pages/generic/index');
    expect(page.$$('#g1 .radio-item').map((e: any) => e.textContent)).toEqual(['(a)', '(b)']);
    expect(page.$$('#g2 .plain-item').map((e: any) => e.textContent)).toEqual(['c']);
    expect(page.$$('#w .radio-item').map((e: any) => e.textContent)).toEqual(['(d)']);
    await app.close();
  });

  test('generic in TDesign: chat-content renders markdown through chat-markdown with its tail-component default', async () => {
    const { app, page } = await open('pages/markdown/index');
    expect(errors.filter((e) => e.includes('thirdScriptError'))).toEqual([]);
    expect(page.text('#cc .t-chat-markdown-strong')).toBe('bold');
    await app.close();
  });

  test("definitionFilter: a behavior's filter edits the definition using it and gets its own behaviors' filters", async () => {
    const { app, page } = await open('pages/filter/index');
    const f = page.component('#f');
    expect(page.text('#f .f')).toBe('true');
    expect(f.fromInner()).toBe('inner');
    await app.close();
  });
});

describe('this.animate / clearAnimation', () => {
  test('recorded with their arguments; callbacks fire', async () => {
    const { app, page } = await open('pages/anim/index');
    const c = page.component('#an');
    await expect(c.run(20)).resolves.toBe('done');
    await expect(c.clear()).resolves.toBe('cleared');
    c.scroll();
    expect(app.animations).toEqual([
      { kind: 'animate', component: 'components/anim/anim', selector: '.box', keyframes: [{ opacity: 0 }, { opacity: 1 }], duration: 20 },
      { kind: 'clear', component: 'components/anim/anim', selector: '.box', options: { opacity: true } },
      {
        kind: 'animate',
        component: 'components/anim/anim',
        selector: '.box',
        keyframes: [{ opacity: 1 }, { opacity: 0 }],
        duration: 1000,
        scrollTimeline: { scrollSource: '#sv', timeRange: 1000 },
      },
    ]);
    await app.close();
  });

  test('bad arguments throw a clear error; a callback never fires after the app closed', async () => {
    const { app, page } = await open('pages/anim/index');
    const c = page.component('#an');
    expect(() => c.animate('', [], 10)).toThrow('animate: selector should be a non-empty String');
    expect(() => c.animate('.box', 'opacity', 10)).toThrow('animate: keyframes should be an Array');
    expect(() => c.animate('.box', [], -1)).toThrow('animate: duration should be a non-negative Number');
    expect(() => c.animate('.box', [], '10')).toThrow('animate: duration should be a non-negative Number');
    expect(() => c.clearAnimation(null)).toThrow('clearAnimation: selector should be a non-empty String');
    c.late();
    await app.close();
    await new Promise((r) => setTimeout(r, 80));
    expect(log()).not.toContain('late callback');
  });
});

describe('getTabBar', () => {
  test('each tab page has its custom-tab-bar instance; onShow selects its item; tapping it switches tab', async () => {
    const { app, page } = await open('pages/tab-a/index');
    const bar = page.instance.getTabBar();
    expect(bar.is).toBe('custom-tab-bar/index');
    expect(page.text('custom-tab-bar .item.on')).toBe('A');
    await page.tap('custom-tab-bar .item[data-i="1"]');
    const b = app.currentPage;
    expect(b.route).toBe('pages/tab-b/index');
    expect(b.instance.getTabBar()).not.toBe(bar);
    expect(b.text('custom-tab-bar .item.on')).toBe('B');
    await app.close();
  });

  test('a page that is not a tab page has none', async () => {
    const { app } = await open('pages/plain/index');
    expect(log()).toEqual(['null']);
    await app.close();
  });
});
