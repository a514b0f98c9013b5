/**
 * The whole wx surface: every method of `WechatMiniprogram.Wx` in the installed
 * miniprogram-api-typings (read with the TypeScript compiler API, not from our
 * own catalog) is a function on wx, of a known kind; every async one honours
 * success/fail/complete (exactly one of success/fail, then complete, with an
 * errMsg of its own name) and, where the typings promisify it, the promise style.
 */
import { createSimulator, type Simulator } from '../../index';
import { pagesOf } from '../../runtime/page/runtime';
import { readWxTypings } from '../../scripts/read-wx-typings';

declare const wx: any;
declare const mpsim: any;

/** APIs allowed to be missing from wx: none (the page engine's selector query and intersection observer landed). */
const PAGE_ENGINE_PENDING = new Set<string>();

const typings = readWxTypings();

test('the typings are read: hundreds of methods, the known properties', () => {
  expect(typings.methods.length).toBeGreaterThan(450);
  expect(typings.properties).toEqual(expect.arrayContaining(['env', 'router', 'worklet']));
});

test('every method of WechatMiniprogram.Wx is a function on wx with a kind', () => {
  const missing = typings.methods.map((m) => m.name).filter((n) => typeof wx[n] !== 'function' && !PAGE_ENGINE_PENDING.has(n));
  expect(missing).toEqual([]);
  const kinds = new Set(['simulated', 'scripted', 'recorded', 'unsupported']);
  const untyped = typings.methods.map((m) => m.name).filter((n) => !PAGE_ENGINE_PENDING.has(n) && !kinds.has(mpsim.kindOf(n)));
  expect(untyped).toEqual([]);
});

test('properties: env, router and worklet are objects (wx.cloud belongs to the wx.cloud work)', () => {
  for (const p of typings.properties.filter((x) => x !== 'cloud')) expect(typeof wx[p]).toBe('object');
});

const asyncApis = typings.methods.filter((m) => m.style === 'async');

/**
 * APIs that wait for the user on the page engine's side (a modal stays open until
 * answered): called on a second simulator whose pages runtime answers in advance.
 */
const WAITS_FOR_USER = new Set(['showModal']);
let side: Simulator;
beforeAll(async () => {
  side = await createSimulator({ cloud: false });
});
afterAll(() => side.dispose());
const wxFor = (name: string): any => {
  if (!WAITS_FOR_USER.has(name)) return wx;
  pagesOf(side.host).answerNextModal({ confirm: true } as never);
  return side.wx;
};

describe.each(asyncApis.map((m) => [m.name, m.promise] as const))('%s (promise: %s)', (name, promise) => {
  test('callbacks: exactly one of success/fail, then complete, errMsg of its own name', async () => {
    const seen: string[] = [];
    let result: any;
    await new Promise<void>((resolve) => {
      const ret = wxFor(name)[name]({
        success: (r: any) => {
          seen.push('success');
          result = r;
        },
        fail: (r: any) => {
          seen.push('fail');
          result = r;
        },
        complete: () => {
          seen.push('complete');
          resolve();
        },
      });
      if (promise) expect(ret === undefined || typeof ret.then !== 'function').toBe(true);
      void ret;
    });
    expect(seen.length).toBe(2);
    expect(['success', 'fail']).toContain(seen[0]);
    expect(seen[1]).toBe('complete');
    expect(result.errMsg).toMatch(new RegExp(`^${name}:(ok|fail)`));
  });

  if (promise) {
    test('promise style: resolves with :ok or rejects with :fail', async () => {
      const p = wxFor(name)[name]({});
      expect(typeof p?.then).toBe('function');
      const settled = await p.then(
        (r: any) => ({ ok: true, r }),
        (r: any) => ({ ok: false, r }),
      );
      expect(settled.r.errMsg).toMatch(new RegExp(`^${name}:${settled.ok ? 'ok' : 'fail'}`));
    });
  }
});

test('unsupported APIs fail with the client text and canIUse says false', async () => {
  expect(mpsim.kindOf('openBluetoothAdapter')).toBe('unsupported');
  await expect(wx.openBluetoothAdapter()).rejects.toMatchObject({ errMsg: 'openBluetoothAdapter:fail not support' });
  expect(wx.canIUse('openBluetoothAdapter')).toBe(false);
  expect(wx.canIUse('login')).toBe(true);
  expect(() => wx.getXrFrameSystem()).toThrow('getXrFrameSystem:fail not support');
  const nfc = wx.getNFCAdapter();
  expect(typeof nfc.startDiscovery).toBe('function');
  await new Promise<void>((resolve) =>
    nfc.startDiscovery({ fail: (r: any) => (expect(r.errMsg).toBe('startDiscovery:fail not support'), resolve()) }),
  );
});
