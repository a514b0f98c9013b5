/**
 * Timers project code starts end with the app: after app.close() (and the
 * environment's teardown, which closes the app) no page timer or interval fires.
 * jest's fake timers still reach project code (the realm's timers, called late).
 */
import { tempProject, type TempProject } from '../helpers/project';

declare const mpsim: any;
declare const getApp: any;

let dir: string;
let project: TempProject;
beforeAll(() => {
  project = tempProject('mpsim-teardown');
  dir = project.dir;
  const w = project.write;
  w('app.json', JSON.stringify({ pages: ['pages/index/index'] }));
  w('app.js', 'App({ globalData: { ticks: 0, late: 0, cleared: 0 } });');
  w(
    'pages/index/index.js',
    `Page({
      onLoad() {
        const g = getApp().globalData;
        this.iv = setInterval(() => { g.ticks++; }, 5);
        setTimeout(() => { g.late++; wx.getStorageSync('x'); }, 60);
        const t = setTimeout(() => { g.cleared++; }, 10);
        clearTimeout(t);
      },
      later(ms) { return new Promise((r) => setTimeout(() => r('fired'), ms)); },
    });`,
  );
  w('pages/index/index.wxml', '<view>x</view>');
});
afterAll(() => project.remove());

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('intervals and timeouts of page code stop when the app closes', async () => {
  const app = await mpsim.launch(dir);
  const g = getApp().globalData;
  await wait(30);
  expect(g.ticks).toBeGreaterThan(0);
  await app.close();
  const ticks = g.ticks;
  await wait(100);
  expect(g.ticks).toBe(ticks);
  expect(g.late).toBe(0);
  expect(g.cleared).toBe(0);
});

test('a timer that fires before the app closes runs as usual', async () => {
  const app = await mpsim.launch(dir);
  await expect(app.currentPage.instance.later(5)).resolves.toBe('fired');
  await app.close();
});

test("jest's fake timers reach project code", async () => {
  const app = await mpsim.launch(dir);
  jest.useFakeTimers();
  try {
    const p = app.currentPage.instance.later(10_000);
    jest.advanceTimersByTime(10_000);
    await expect(p).resolves.toBe('fired');
  } finally {
    jest.useRealTimers();
    await app.close();
  }
});
