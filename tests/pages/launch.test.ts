/**
 * Loading a project: app.js + App(), the first page, require between project
 * files (relative and `/`-rooted), values from project code in the test realm.
 */
import * as path from 'node:path';

declare const mpsim: any;
declare const getApp: any;
declare const getCurrentPages: any;
declare const wx: any;

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'app');

/** Requires a fixture module through a page that exposes `require` results (pages/index keeps `realm`). */
function app2Require(rel: string): any {
  const pages = (globalThis as any).getCurrentPages();
  return pages[0].requireForTest(rel);
}

describe('mpsim.launch', () => {
  test('runs App onLaunch/onShow, opens pages[0] and renders it', async () => {
    const app = await mpsim.launch(FIXTURE);
    expect(app.instance).toBe(getApp());
    expect(getApp().globalData.log.slice(0, 5)).toEqual([
      'app.onLaunch pages/index/index',
      'app.onShow',
      'index.onLoad {}',
      'index.onShow',
      'index.onReady',
    ]);
    const page = app.currentPage;
    expect(page.route).toBe('pages/index/index');
    expect(page.$('.title')!.textContent).toBe('Home');
    expect(page.$$('.row').map((e: any) => e.textContent)).toEqual(['0:one', '1:two']);
    expect(getCurrentPages()).toHaveLength(1);
    expect(getCurrentPages()[0]).toBe(page.instance);
    expect(page.instance.route).toBe('pages/index/index');
  });

  test('require of relative and /-rooted paths; values are in the test realm', async () => {
    const app = await mpsim.launch(FIXTURE);
    const realm = app.currentPage.instance.realm;
    expect(realm.label).toBe('[x]');
    expect(realm.makeArray()).toBeInstanceOf(Array);
    expect(realm.makeBuffer()).toBeInstanceOf(ArrayBuffer);
    expect(realm.makeObject()).toBeInstanceOf(Object);
    expect(app.currentPage.data.items).toBeInstanceOf(Array);
    expect(getCurrentPages()).toBeInstanceOf(Array);
  });

  test('bare requires: miniprogram_npm, node_modules, Node built-ins; missing and outside modules fail', async () => {
    await mpsim.launch(FIXTURE);
    const { Page } = globalThis as any;
    expect(Page).toBeDefined();
    const deps = app2Require('utils/deps.js');
    expect(deps.tinyName).toBe('tiny-lib');
    expect(deps.tinySeesArray).toBe(true);
    expect(deps.jsepParses).toBe(true);
    expect(deps.join).toBe('a/b');
    expect(() => deps.missing()).toThrow('module "./does-not-exist" is not defined (required from utils/deps.js)');
    expect(() => deps.outside()).toThrow(/outside the project/);
  });

  test('launch with a path and query', async () => {
    const app = await mpsim.launch(FIXTURE, { path: 'pages/life/life?k=v' });
    expect(app.currentPage.route).toBe('pages/life/life');
    expect(app.currentPage.options).toEqual({ k: 'v' });
  });

  test('bad project dir and unknown entry page fail clearly', async () => {
    await expect(mpsim.launch(path.join(FIXTURE, 'nope'))).rejects.toThrow(/app\.json does not exist/);
    await expect(mpsim.launch(FIXTURE, { path: 'pages/missing/missing' })).rejects.toThrow('page "pages/missing/missing" is not found');
  });

  test('Page() outside a page file is refused', async () => {
    await mpsim.launch(FIXTURE);
    const { Page } = globalThis as any;
    expect(() => Page({})).toThrow(/Page\(\) can only be called/);
    expect(typeof wx.navigateTo).toBe('function');
  });
});

describe('bad projects and bad input', () => {
  test('invalid app.json and empty pages fail with the file named', async () => {
    await expect(mpsim.launch(path.join(FIXTURE, '..', 'broken-json'))).rejects.toThrow(/^app\.json: /);
    await expect(mpsim.launch(path.join(FIXTURE, '..', 'no-pages'))).rejects.toThrow(
      'app.json: "pages" must be a non-empty array of page paths',
    );
  });

  test('a page file that never calls Page(), or throws while loading', async () => {
    const app = await mpsim.launch(FIXTURE);
    await expect(app.navigateTo('pages/no-register/no-register')).rejects.toThrow(
      'pages/no-register/no-register.js did not call Page() or Component()',
    );
    await expect(app.navigateTo('pages/throws/throws')).rejects.toThrow('boom at load');
    // the app keeps working
    expect(app.pageStack.map((p: any) => p.route)).toEqual(['pages/index/index']);
    const page = await app.navigateTo('pages/life/life');
    expect(page.route).toBe('pages/life/life');
  });

  test('an exception in a lifecycle is reported (App.onError), not thrown', async () => {
    const app = await mpsim.launch(FIXTURE);
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const page = await app.navigateTo('pages/setdata/setdata');
    page.instance.onShow = () => {
      throw new Error('onShow broke');
    };
    await app.navigateTo('pages/life/life');
    await app.navigateBack();
    spy.mockRestore();
    expect(getApp().globalData.errors.join('\n')).toContain('onShow broke');
  });

  test('App.onPageNotFound gets a missing entry page and may redirect', async () => {
    const app = await mpsim.launch(path.join(FIXTURE, '..', 'notfound'), { path: 'pages/gone/gone?x=1' });
    expect(getApp().globalData.notFound).toEqual([{ path: 'pages/gone/gone', query: { x: '1' }, isEntryPage: true }]);
    expect(app.currentPage.route).toBe('pages/home/home');
    expect(app.currentPage.options).toEqual({ from: 'notfound' });
    expect(app.currentPage.text('#t')).toBe('home');
  });

  test('waitFor times out with the page markup', async () => {
    const app = await mpsim.launch(FIXTURE);
    await expect(app.currentPage.waitFor('#never', { timeout: 30 })).rejects.toThrow(
      /waitFor "#never" timed out after 30ms in pages\/index\/index[\s\S]*class="title"/,
    );
  });

  test('a simulator created inside the test (default global) loads project code in the test realm', async () => {
    const { createSimulator } = await import('../../index');
    const sim = await createSimulator({ cloud: false } as any);
    sim.install(globalThis as any);
    try {
      const app = await (sim.mpsim as any).launch(FIXTURE);
      expect(app.currentPage.instance.realm.makeArray()).toBeInstanceOf(Array);
      expect(app.currentPage.data.items).toBeInstanceOf(Array);
    } finally {
      await sim.dispose();
    }
  });
});
