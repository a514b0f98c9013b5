/**
 * Harness gestures: tap at a point, swipe (touchstart → touchmoves → touchend with touches), and
 * which events bubble — only WXML's documented bubbling events (tap, touch*, longpress...); form
 * submit, input and change fire on their element alone.
 */
import type { AppHandle, PageHandle } from '../../runtime/page/harness';
import { tempProject, type TempProject } from '../helpers/project';

declare const mpsim: any;

const record = (name: string) =>
  `${name}(e) { this.data.log.push({ h: '${name}', type: e.type, detail: e.detail, touches: e.touches, changedTouches: e.changedTouches }); },`;

let project: TempProject;
let app: AppHandle;
let page: PageHandle;
const log = () => page.data.log as Array<{ h: string; type: string; detail: any; touches: any[]; changedTouches: any[] }>;

beforeAll(async () => {
  project = tempProject('mpsim-gestures', {
    'app.js': 'App({});',
    'app.json': JSON.stringify({ pages: ['pages/g/g'] }),
    'pages/g/g.wxml': [
      '<view id="outer" bindtap="outerTap" bindinput="outerInput" bindsubmit="outerSubmit" bindtouchstart="outerStart">',
      '  <view id="pad" bindtouchstart="start" bindtouchmove="move" bindtouchend="end" bindtap="tap">pad</view>',
      '  <input id="field" bindinput="input" />',
      '  <form id="f" bindsubmit="submit"><button id="go" form-type="submit">go</button></form>',
      '</view>',
    ].join('\n'),
    'pages/g/g.js': `Page({ data: { log: [] }, ${['outerTap', 'outerInput', 'outerSubmit', 'outerStart', 'start', 'move', 'end', 'tap', 'input', 'submit'].map(record).join(' ')} });`,
  });
  app = await mpsim.launch(project.dir);
  page = app.currentPage;
});
afterAll(async () => {
  await app?.close();
  project?.remove();
});
beforeEach(() => {
  log().length = 0;
});

test('tap at a point: detail and touches carry it, and tap bubbles', async () => {
  await page.tap('#pad', { x: 120, y: 48 });
  expect(log().map((e) => e.h)).toEqual(['tap', 'outerTap']);
  expect(log()[0].detail).toEqual({ x: 120, y: 48 });
  expect(log()[0].touches[0]).toMatchObject({ pageX: 120, pageY: 48, clientX: 120, clientY: 48 });
  await page.tap('#pad');
  expect(log()[2].detail).toEqual({ x: 0, y: 0 });
});

test('swipe: touchstart, a touchmove per step, touchend, with the finger positions', async () => {
  await page.swipe('#pad', { x: 200, y: 10, dx: -100, steps: 4 });
  expect(log().map((e) => e.h)).toEqual(['start', 'outerStart', 'move', 'move', 'move', 'move', 'end']);
  expect(log()[0].touches[0]).toMatchObject({ clientX: 200, clientY: 10 });
  expect(
    log()
      .filter((e) => e.h === 'move')
      .map((e) => e.touches[0].clientX),
  ).toEqual([175, 150, 125, 100]);
  const end = log().at(-1)!;
  expect(end.touches).toEqual([]);
  expect(end.changedTouches[0]).toMatchObject({ clientX: 100, clientY: 10 });
});

test('input and form submit do not bubble to an ancestor that binds them', async () => {
  await page.input('#field', 'hi');
  await page.tap('#go');
  // The tap bubbles; the submit the button causes reaches the form only.
  expect(log().map((e) => e.h)).toEqual(['input', 'outerTap', 'submit']);
  expect(log()[0].detail).toMatchObject({ value: 'hi' });
});

test('bad input: non-finite coordinates are a TypeError, steps below 1 count as 1, a missing element is named', async () => {
  await expect(page.tap('#pad', { x: Number.NaN })).rejects.toMatchObject({
    name: 'TypeError',
    message: 'tap: x and y must be finite numbers',
  });
  await expect(page.swipe('#pad', { dx: Infinity })).rejects.toMatchObject({
    name: 'TypeError',
    message: 'swipe: x, y, dx and dy must be finite numbers',
  });
  await expect(page.swipe('#nope', { dx: 10 })).rejects.toThrow('swipe: no element matches "#nope" in pages/g/g');
  expect(log()).toEqual([]);
  await page.swipe('#pad', { dx: 10, steps: 0 });
  expect(log().map((e) => e.h)).toEqual(['start', 'outerStart', 'move', 'end']);
});
