/**
 * Lifecycle order on every route (wx-api-semantics §8.6 table), component
 * lifetimes and pageLifetimes inside a page, a Component() used as a page,
 * the 10-page stack limit and the navigation errors.
 */
import * as path from 'node:path';

declare const mpsim: any;
declare const getApp: any;
declare const getCurrentPages: any;
declare const wx: any;

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'app');

async function launch() {
  const app = await mpsim.launch(FIXTURE);
  const log: string[] = getApp().globalData.log;
  log.length = 0;
  return { app, log };
}

describe('page and component lifecycles', () => {
  test('opening a page with a component: created → attached → onLoad → onShow → ready → onReady', async () => {
    const { app, log } = await launch();
    await app.navigateTo('/pages/life/life?a=1&b=%20x');
    expect(log).toEqual([
      'index.onHide',
      'comp.created',
      'comp.attached L0',
      'life.onLoad {"a":"1","b":"%20x"}',
      'life.onShow',
      'comp.pageShow',
      'comp.ready',
      'life.onReady',
    ]);
  });

  test('navigateBack: onUnload (components detached) then the page below shows', async () => {
    const { app, log } = await launch();
    await app.navigateTo('/pages/life/life');
    log.length = 0;
    await app.navigateBack();
    expect(log).toEqual(['life.onUnload', 'comp.detached', 'index.onShow']);
    expect(app.currentPage.route).toBe('pages/index/index');
  });

  test('navigateTo hides the page (pageLifetimes.hide), navigateBack shows it', async () => {
    const { app, log } = await launch();
    await app.navigateTo('/pages/life/life');
    log.length = 0;
    await app.navigateTo('/pages/index/index');
    expect(log.slice(0, 2)).toEqual(['life.onHide', 'comp.pageHide']);
    log.length = 0;
    await app.navigateBack();
    expect(log).toEqual(['index.onUnload', 'life.onShow', 'comp.pageShow']);
  });

  test('redirectTo unloads the current page', async () => {
    const { app, log } = await launch();
    await app.redirectTo('/pages/life/life');
    expect(log.slice(0, 2)).toEqual(['index.onUnload', 'comp.created']);
    expect(getCurrentPages().map((p: any) => p.route)).toEqual(['pages/life/life']);
  });

  test('reLaunch unloads every page', async () => {
    const { app, log } = await launch();
    await app.navigateTo('/pages/life/life');
    log.length = 0;
    await app.reLaunch('/pages/index/index?r=1');
    expect(log).toEqual(['life.onUnload', 'comp.detached', 'index.onUnload', 'index.onLoad {"r":"1"}', 'index.onShow', 'index.onReady']);
    expect(app.pageStack).toHaveLength(1);
  });

  test('switchTab: the client table (A→B, B→A again, C→B with C opened from A)', async () => {
    const { app, log } = await launch();
    await app.reLaunch('/pages/tab-a/tab-a');
    log.length = 0;
    await app.switchTab('/pages/tab-b/tab-b');
    expect(log).toEqual(['tab-a.onHide', 'tab-b.onLoad', 'tab-b.onShow']);
    log.length = 0;
    await app.switchTab('/pages/tab-a/tab-a');
    expect(log).toEqual(['tab-b.onHide', 'tab-a.onShow']);
    log.length = 0;
    await app.navigateTo('/pages/life/life');
    log.length = 0;
    await app.switchTab('/pages/tab-b/tab-b');
    expect(log).toEqual(['life.onUnload', 'comp.detached', 'tab-b.onShow']);
    expect(app.pageStack.map((p: any) => p.route)).toEqual(['pages/tab-b/tab-b']);
    log.length = 0;
    await app.switchTab('/pages/tab-b/tab-b');
    expect(log).toEqual([]);
  });

  test('a Component() used as a page: hooks in methods, query delivered', async () => {
    const { app, log } = await launch();
    const page = await app.navigateTo('/pages/as-component/as-component?id=7');
    expect(log.filter((l) => l.startsWith('cp.'))).toEqual(['cp.created', 'cp.attached', 'cp.onLoad 7', 'cp.onShow', 'cp.onReady']);
    expect(page.text('#v')).toBe('loaded 7');
    // the query also reaches the property of the same name
    expect(page.data.id).toBe('7');
    await page.tap('#v');
    expect(page.text('#v')).toBe('tapped');
    expect(page.instance.route).toBe('pages/as-component/as-component');
  });
});

describe('navigation APIs', () => {
  test('wx.navigateTo with query, success with eventChannel; getCurrentPages', async () => {
    const { app } = await launch();
    const res = await wx.navigateTo({ url: '/pages/life/life?x=1' });
    expect(res.errMsg).toBe('navigateTo:ok');
    expect(typeof res.eventChannel.emit).toBe('function');
    expect(app.currentPage.options).toEqual({ x: '1' });
    expect(getCurrentPages().map((p: any) => p.route)).toEqual(['pages/index/index', 'pages/life/life']);
  });

  test('relative urls resolve against the current page', async () => {
    const { app } = await launch();
    await wx.navigateTo({ url: '../life/life' });
    expect(app.currentPage.route).toBe('pages/life/life');
  });

  test('the 10-page stack limit', async () => {
    const { app } = await launch();
    for (let i = 0; i < 9; i++) await app.navigateTo('/pages/index/index?i=' + i);
    expect(getCurrentPages()).toHaveLength(10);
    await expect(wx.navigateTo({ url: '/pages/index/index' })).rejects.toMatchObject({
      errMsg: 'navigateTo:fail webview count limit exceed',
    });
    await expect(app.navigateTo('/pages/index/index')).rejects.toThrow('navigateTo:fail webview count limit exceed');
    expect(getCurrentPages()).toHaveLength(10);
    // redirectTo still works at the limit
    await wx.redirectTo({ url: '/pages/life/life' });
    expect(getCurrentPages()).toHaveLength(10);
  });

  test('errors: unknown page, tab pages, back at the first page, bad parameters', async () => {
    await launch();
    await expect(wx.navigateTo({ url: '/pages/nope/nope' })).rejects.toMatchObject({
      errMsg: 'navigateTo:fail page "pages/nope/nope" is not found',
    });
    await expect(wx.navigateTo({ url: '/pages/tab-a/tab-a' })).rejects.toMatchObject({
      errMsg: 'navigateTo:fail can not navigateTo a tabbar page',
    });
    await expect(wx.redirectTo({ url: '/pages/tab-a/tab-a' })).rejects.toMatchObject({
      errMsg: 'redirectTo:fail can not redirectTo a tabbar page',
    });
    await expect(wx.switchTab({ url: '/pages/life/life' })).rejects.toMatchObject({
      errMsg: 'switchTab:fail can not switch to no-tabBar page',
    });
    await expect(wx.navigateBack()).rejects.toMatchObject({ errMsg: 'navigateBack:fail cannot navigate back at first page.' });
    await expect(wx.navigateTo({})).rejects.toMatchObject({
      errMsg: 'navigateTo:fail parameter error: parameter.url should be String instead of Undefined;',
      errno: 1001,
    });
    await expect(wx.navigateBack({ delta: '2' })).rejects.toMatchObject({
      errMsg: 'navigateBack:fail parameter error: parameter.delta should be Number instead of String;',
    });
  });

  test('navigateBack with delta beyond the stack stops at the first page', async () => {
    const { app } = await launch();
    await app.navigateTo('/pages/life/life');
    await app.navigateTo('/pages/life/life');
    const res = await wx.navigateBack({ delta: 10 });
    expect(res.errMsg).toBe('navigateBack:ok');
    expect(app.pageStack.map((p: any) => p.route)).toEqual(['pages/index/index']);
  });

  test('EventChannel between opener and opened page', async () => {
    const { app } = await launch();
    const got: unknown[] = [];
    const { page, eventChannel } = await app.navigateToWithChannel('/pages/life/life', { fromPage: (d: unknown) => got.push(d) });
    page.instance.getOpenerEventChannel().emit('fromPage', { hi: 1 });
    expect(got).toEqual([{ hi: 1 }]);
    const back: unknown[] = [];
    page.instance.getOpenerEventChannel().on('toPage', (d: unknown) => back.push(d));
    eventChannel.emit('toPage', 'x');
    expect(back).toEqual(['x']);
  });

  test('only the page on top can be touched', async () => {
    const { app } = await launch();
    const first = app.currentPage;
    await app.navigateTo('/pages/life/life');
    await expect(first.tap('#go')).rejects.toThrow('tap: pages/index/index is not the current page');
    expect(first.$('#go')).not.toBeNull();
  });

  test('tapping a button that calls wx.navigateTo', async () => {
    const { app } = await launch();
    await app.currentPage.tap('#go');
    await app.currentPage.waitFor(() => app.currentPage.route === 'pages/directives/directives');
    expect(app.currentPage.options).toEqual({ from: 'index' });
  });
});
