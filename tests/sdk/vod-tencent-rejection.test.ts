/**
 * jest-environment.ts: an unhandled rejection in mini-program code (the test
 * file's realm) is logged as on the phone — host.reportUnhandledRejection —
 * instead of failing the test file. vod-wx-sdk-v2 relies on it (its
 * `Promise.all(uploads).then(cb)` has no catch, research §0.5).
 *
 * @jest-environment-options {"mpsim": {"unhandledRejections": "log"}}
 */
declare const wx: any;
export {};

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('unhandled rejections under the mpsim jest environment', () => {
  it('an SDK-style Promise.all(...).then(cb) rejection reaches wx.onUnhandledRejection and the test goes on', async () => {
    const seen: any[] = [];
    const listener = (r: any) => seen.push(r);
    wx.onUnhandledRejection(listener);
    try {
      const failing = new Promise<void>((_resolve, reject) => setTimeout(() => reject(), 5));
      Promise.all([failing, Promise.resolve()]).then(() => undefined);
      for (let i = 0; i < 100 && seen.length === 0; i++) await tick();
      expect(seen).toHaveLength(1);
      expect(seen[0].reason).toBeUndefined();
      expect(seen[0].promise).toBeInstanceOf(Promise);
    } finally {
      wx.offUnhandledRejection(listener);
    }
  });

  it('without a listener it is logged as "Uncaught (in promise)" on the console', async () => {
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
    try {
      Promise.reject('sdk bug').then(() => undefined);
      for (let i = 0; i < 100 && errors.length === 0; i++) await tick();
      expect(errors[0]).toMatch(/^Uncaught \(in promise\) .*sdk bug/);
    } finally {
      spy.mockRestore();
    }
  });
});
