/**
 * mpsim.calls / override / restore: every call recorded with its arguments and
 * outcome; overrides answer through the calling convention (errMsg, complete,
 * promise) and restore brings the real simulation back.
 */
export {};

declare const wx: any;
declare const mpsim: any;

afterEach(() => {
  mpsim.restore();
  mpsim.clearCalls();
});

test('calls records arguments and outcome of async, sync, task and listener APIs', async () => {
  await wx.setClipboardData({ data: 'hello' });
  await wx.getClipboardData();
  await wx.getLocation({ type: 'x' }).catch(() => undefined);
  wx.reportEvent('buy', { n: 1 });
  const fn = () => undefined;
  wx.onAppShow(fn);
  const [set] = mpsim.calls('setClipboardData');
  expect(set).toMatchObject({
    name: 'setClipboardData',
    args: [{ data: 'hello' }],
    status: 'ok',
    result: { errMsg: 'setClipboardData:ok' },
  });
  expect(mpsim.calls('getClipboardData')[0].result).toEqual({ errMsg: 'getClipboardData:ok', data: 'hello' });
  expect(mpsim.calls('getLocation')[0]).toMatchObject({ status: 'fail' });
  expect(mpsim.calls('getLocation')[0].result.errMsg).toMatch(/^getLocation:fail parameter error/);
  expect(mpsim.calls('reportEvent')[0]).toMatchObject({ args: ['buy', { n: 1 }], status: 'ok' });
  expect(mpsim.calls('onAppShow')[0].args[0]).toBe(fn);
  await new Promise<void>((resolve) => wx.request({ url: 'https://echo.mpsim.test/status/204', complete: () => resolve() }));
  await mpsim.idle();
  const [req] = mpsim.calls('request');
  expect(req.status).toBe('ok');
  expect(req.result).toMatchObject({ errMsg: 'request:ok', statusCode: 204 });
});

test('override with a result: success, complete and the promise get it with the errMsg', async () => {
  mpsim.override('getLocation', { latitude: 1, longitude: 2 });
  const seen: string[] = [];
  await new Promise<void>((resolve) =>
    wx.getLocation({
      success: (r: any) => seen.push(`success ${r.errMsg} ${r.latitude}`),
      complete: () => (seen.push('complete'), resolve()),
    }),
  );
  expect(seen).toEqual(['success getLocation:ok 1', 'complete']);
  await expect(wx.getLocation()).resolves.toEqual({ errMsg: 'getLocation:ok', latitude: 1, longitude: 2 });
  expect(mpsim.calls('getLocation').every((c: any) => c.overridden)).toBe(true);
});

test('override with a function: gets the options; throwing or a fail errMsg fails through the convention', async () => {
  const got: any[] = [];
  mpsim.override('scanCode', (o: any) => (got.push(o), { result: 'abc', scanType: 'QR_CODE' }));
  await expect(wx.scanCode({ onlyFromCamera: true })).resolves.toEqual({ errMsg: 'scanCode:ok', result: 'abc', scanType: 'QR_CODE' });
  expect(got).toEqual([{ onlyFromCamera: true }]);
  mpsim.override('scanCode', () => {
    throw new Error('cancel');
  });
  await expect(wx.scanCode()).rejects.toEqual({ errMsg: 'scanCode:fail cancel' });
  mpsim.override('login', { errMsg: 'login:fail timeout' });
  await expect(wx.login()).rejects.toEqual({ errMsg: 'login:fail timeout' });
  // validation stays the client's
  await expect(wx.scanCode({ onlyFromCamera: 'yes' })).rejects.toMatchObject({ errno: 1001 });
});

test('override of sync and task APIs; restore brings the simulation back', async () => {
  mpsim.override('getSystemInfoSync', { brand: 'X' });
  expect(wx.getSystemInfoSync()).toEqual({ brand: 'X' });
  mpsim.override('request', { statusCode: 200, data: { mocked: true } });
  const r: any = await new Promise((resolve) => wx.request({ url: 'https://nowhere.example/', success: resolve }));
  expect(r).toEqual({ errMsg: 'request:ok', statusCode: 200, data: { mocked: true } });
  expect(mpsim.network.requests.some((x: any) => x.url === 'https://nowhere.example/')).toBe(false);
  mpsim.override('getStorageSync', () => {
    throw new Error('boom');
  });
  expect(() => wx.getStorageSync('k')).toThrow(/^getStorageSync:fail boom$/);
  mpsim.restore('getSystemInfoSync');
  expect(wx.getSystemInfoSync().brand).toBe('mpsim');
  mpsim.restore();
  const f: any = await new Promise((resolve) => wx.request({ url: 'https://nowhere.example/', fail: resolve }));
  expect(f.errMsg).toMatch(/^request:fail/);
});

test('bad input to the control surface throws a clear TypeError', () => {
  expect(() => mpsim.override('', 1)).toThrow(/name must be a non-empty string/);
  expect(() => mpsim.override(undefined, 1)).toThrow(/name must be a non-empty string/);
});
