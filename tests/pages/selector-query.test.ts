/**
 * Selector queries and intersection observers over the rendered page, with the
 * documented layout model (inline px/rpx sizes, window width by default,
 * app.setRect for a specific rect) — and vant's own components that measure
 * themselves with them (@vant/weapp 1.11.7).
 */
import { linkVant, tempProject, type TempProject } from '../helpers/project';

declare const mpsim: any;
declare const wx: any;

let dir: string;
let project: TempProject;
beforeAll(() => {
  project = tempProject('mpsim-sq');
  dir = project.dir;
  const w = project.write;
  linkVant(dir);
  w('app.json', JSON.stringify({ pages: ['pages/index/index', 'pages/vant/vant', 'pages/early/early'] }));
  w('app.js', 'App({ globalData: { log: [] } });');
  // A query made while the page's first render is under way (from an observer) is answered after ready.
  w('pages/early/early.json', JSON.stringify({ usingComponents: { early: '/components/early/early' } }));
  w('pages/early/early.wxml', '<early n="{{1}}" />');
  w('pages/early/early.js', "Page({ onReady() { getApp().globalData.log.push('page onReady'); } });");
  w('components/early/early.json', JSON.stringify({ component: true }));
  w('components/early/early.wxml', '<view class="e" style="height: 5px"></view>');
  w(
    'components/early/early.js',
    `const log = (m) => getApp().globalData.log.push(m);
     Component({
       properties: { n: { type: Number, observer() { this.createSelectorQuery().select('.e').boundingClientRect((r) => log('rect ' + r.height)).exec(); } } },
       lifetimes: { ready() { log('ready'); } },
     });`,
  );
  w('pages/index/index.json', JSON.stringify({ usingComponents: { box: '/components/box/box' } }));
  w(
    'pages/index/index.wxml',
    '<view id="a" data-kind="first" style="width: 100px; height: 20px">a</view>' +
      '<view class="item" style="height: 375rpx">1</view><view class="item">2</view><box id="b1" label="one" />',
  );
  w('pages/index/index.js', 'Page({});');
  w('components/box/box.json', JSON.stringify({ component: true }));
  w('components/box/box.wxml', '<view class="inner" style="height: 10px">{{label}}</view>');
  w(
    'components/box/box.js',
    `Component({ properties: { label: String }, methods: {
      measure() { return new Promise((r) => this.createSelectorQuery().select('.inner').fields({ id: true, size: true }).exec(r)); },
    } });`,
  );
  w(
    'pages/vant/vant.json',
    JSON.stringify({ usingComponents: { 'van-cell': '@vant/weapp/cell/index', 'van-tag': '@vant/weapp/tag/index' } }),
  );
  w('pages/vant/vant.wxml', '<van-cell title="Cell" value="v" /><van-tag type="primary">Tag</van-tag>');
  w('pages/vant/vant.js', 'Page({});');
});
afterAll(() => project.remove());

const exec = (q: any) => new Promise<any[]>((resolve) => q.exec(resolve));

test('boundingClientRect, selectAll, viewport, scrollOffset; missing nodes answer null and []', async () => {
  await mpsim.launch(dir);
  const seen: unknown[] = [];
  const q = wx.createSelectorQuery();
  q.select('#a').boundingClientRect((r: unknown) => seen.push(r));
  q.selectAll('.item').boundingClientRect();
  q.selectViewport().scrollOffset();
  q.select('#none').boundingClientRect();
  q.selectAll('.none').boundingClientRect();
  q.select('[[bad').boundingClientRect();
  const res = await exec(q);
  const { windowWidth, windowHeight } = wx.getWindowInfo();
  expect(res[0]).toEqual({ id: 'a', dataset: { kind: 'first' }, left: 0, right: 100, top: 0, bottom: 20, width: 100, height: 20 });
  expect(seen).toEqual([res[0]]);
  expect(res[1].map((r: any) => [r.width, r.height])).toEqual([
    [windowWidth, windowWidth / 2],
    [windowWidth, 0],
  ]);
  expect(res[2]).toMatchObject({ scrollTop: 0, scrollLeft: 0, scrollWidth: windowWidth, scrollHeight: windowHeight });
  expect(res.slice(3)).toEqual([null, [], null]);
});

test("a query made during the page's first render is answered after ready (the render layer finishes that render first)", async () => {
  const app = await mpsim.launch(dir, { path: 'pages/early/early' });
  await mpsim.idle();
  await new Promise((r) => setTimeout(r, 20));
  expect((globalThis as unknown as { getApp(): { globalData: { log: string[] } } }).getApp().globalData.log).toEqual([
    'ready',
    'page onReady',
    'rect 5',
  ]);
  await app.close();
});

test('app.setRect gives a selector the rect a test needs', async () => {
  const app = await mpsim.launch(dir);
  app.setRect('#a', { top: 50, height: 30 });
  const [r] = await exec(wx.createSelectorQuery().select('#a').boundingClientRect());
  expect(r).toMatchObject({ top: 50, bottom: 80, height: 30, width: 100 });
  expect(() => app.setRect('', {})).toThrow('selector must be a non-empty CSS selector');
});

test("a component's own query is scoped to its nodes and reads its properties", async () => {
  const app = await mpsim.launch(dir);
  const box = app.currentPage.component('#b1');
  const [r] = await box.measure();
  expect(r).toEqual({ id: '', width: wx.getWindowInfo().windowWidth, height: 10 });
  const [host] = await exec(
    wx
      .createSelectorQuery()
      .select('#b1')
      .fields({ id: true, properties: ['label'] }),
  );
  expect(host).toEqual({ id: 'b1', label: 'one' });
  const [none] = await exec(box.createSelectorQuery().select('#a').boundingClientRect());
  expect(none).toBeNull();
});

test('a throwing callback is reported and the rest still run', async () => {
  await mpsim.launch(dir);
  const errors: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.map(String).join(' ')));
  try {
    const q = wx.createSelectorQuery();
    q.select('#a').boundingClientRect(() => {
      throw new Error('user bug');
    });
    const res = await exec(q);
    expect(res[0]).toMatchObject({ id: 'a' });
  } finally {
    spy.mockRestore();
  }
  expect(errors.join('\n')).toContain('user bug');
});

test('createIntersectionObserver: relativeToViewport notifies an intersecting target, relativeTo a missing node does not', async () => {
  const app = await mpsim.launch(dir);
  const { windowHeight } = wx.getWindowInfo();
  app.setRect('.item', { top: windowHeight - 24, height: 100 });
  const got: any[] = [];
  wx.createIntersectionObserver()
    .relativeToViewport()
    .observe('#a', (r: any) => got.push(r));
  wx.createIntersectionObserver(null, { observeAll: true })
    .relativeToViewport({ bottom: 0 })
    .observe('.item', (r: any) => got.push(r));
  // Below the viewport: no notification (ratio 0 is where it started).
  app.setRect('#b1', { top: windowHeight + 10, height: 10 });
  wx.createIntersectionObserver()
    .relativeToViewport()
    .observe('#b1', (r: any) => got.push(r));
  wx.createIntersectionObserver()
    .relativeTo('#none')
    .observe('#a', (r: any) => got.push(r));
  await new Promise((r) => setTimeout(r, 20));
  expect(got.map((r) => [r.id, r.intersectionRatio])).toEqual([
    ['a', 1],
    ['', expect.closeTo(0.24, 5)],
    ['', expect.closeTo(0.24, 5)],
  ]);
  expect(got[0]).toMatchObject({
    relativeRect: { left: 0, top: 0 },
    boundingClientRect: { width: 100, height: 20 },
    intersectionRect: { height: 20 },
  });
});

test("vant's cell and tag open: they measure themselves with createSelectorQuery", async () => {
  const errors: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.map(String).join(' ')));
  try {
    const app = await mpsim.launch(dir, { path: 'pages/vant/vant' });
    await new Promise((r) => setTimeout(r, 20));
    expect(app.currentPage.$('.van-cell')).not.toBeNull();
    expect(app.currentPage.text('.van-tag')).toBe('Tag');
  } finally {
    spy.mockRestore();
  }
  expect(errors).toEqual([]);
});

test('bad input: junk selectors, non-function callbacks, odd options and margins — every callback still fires, nothing throws', async () => {
  const app = await mpsim.launch(dir);
  const q = wx.createSelectorQuery();
  q.in(null).in(42);
  q.select(undefined).boundingClientRect('not a function');
  q.selectAll({}).fields(null);
  q.select('#a').fields('x', 7);
  q.select(':::').scrollOffset();
  const res = await exec(q);
  expect(res).toEqual([null, [], {}, null]);
  const got: unknown[] = [];
  wx.createIntersectionObserver(7, 'options?')
    .relativeToViewport('margins?')
    .observe('#a', (r: unknown) => got.push(r));
  wx.createIntersectionObserver(null, { thresholds: 'x', initialRatio: 'y' })
    .relativeTo(undefined, null)
    .observe(':::', () => got.push('never'));
  wx.createIntersectionObserver().observe('#a', 'not a function');
  await new Promise((r) => setTimeout(r, 20));
  expect(got).toHaveLength(1);
  expect(() => app.setRect(undefined as never, {})).toThrow('setRect: selector must be a non-empty CSS selector');
});
