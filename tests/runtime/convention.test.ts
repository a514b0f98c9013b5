/**
 * The calling convention, exercised through real wx APIs on the jest
 * environment's Device (storage is the simplest family that uses every path).
 */
declare const wx: any;
declare const mpsim: any;

describe('calling convention', () => {
  test('success then complete, asynchronously, with errMsg <api>:ok', async () => {
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      const ret = wx.setStorage({
        key: 'k',
        data: 1,
        success: (r: any) => order.push(`success:${r.errMsg}`),
        fail: () => order.push('fail'),
        complete: (r: any) => {
          order.push(`complete:${r.errMsg}`);
          resolve();
        },
      });
      expect(ret).toBeUndefined();
      order.push('returned');
    });
    expect(order).toEqual(['returned', 'success:setStorage:ok', 'complete:setStorage:ok']);
  });

  test('fail then complete with the documented reason', async () => {
    const res: any[] = [];
    await new Promise<void>((resolve) => wx.getStorage({ key: 'missing', fail: (r: any) => res.push(r), complete: () => resolve() }));
    expect(res).toEqual([{ errMsg: 'getStorage:fail data not found' }]);
  });

  test('promise style only when no callback key is present', async () => {
    await expect(wx.setStorage({ key: 'p', data: 'v' })).resolves.toEqual({ errMsg: 'setStorage:ok' });
    await expect(wx.getStorage({ key: 'p' })).resolves.toEqual({ errMsg: 'getStorage:ok', data: 'v' });
    await expect(wx.getStorage({ key: 'nope' })).rejects.toEqual({ errMsg: 'getStorage:fail data not found' });
    // presence of the key decides, not its value
    expect(wx.getStorage({ key: 'p', success: undefined })).toBeUndefined();
  });

  test('promises belong to the test realm', () => {
    const p = wx.setStorage({ key: 'r', data: 1 });
    expect(p).toBeInstanceOf(Promise);
    return p;
  });

  test.each([
    [{}, 'parameter.key should be String instead of Undefined;'],
    [{ key: 1 }, 'parameter.key should be String instead of Number;'],
    [{ key: null }, 'parameter.key should be String instead of Null;'],
    [{ key: ['a'] }, 'parameter.key should be String instead of Array;'],
    [{ key: {} }, 'parameter.key should be String instead of Object;'],
    [{ key: () => 1 }, 'parameter.key should be String instead of Function;'],
    [{ key: new ArrayBuffer(1) }, 'parameter.key should be String instead of ArrayBuffer;'],
  ])('parameter error for %p', async (opts, tail) => {
    await expect(wx.getStorage(opts)).rejects.toEqual({ errMsg: `getStorage:fail parameter error: ${tail}`, errno: 1001 });
  });

  test('a non-object argument is a parameter error, not a crash', async () => {
    await expect(wx.getStorage('k')).rejects.toMatchObject({
      errMsg: 'getStorage:fail parameter error: parameter should be Object instead of String;',
    });
  });

  test('an exception in a user callback is reported, and the runtime keeps working', async () => {
    const errors: string[] = [];
    wx.onError((msg: string) => errors.push(msg));
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await new Promise<void>((resolve) =>
      wx.setStorage({
        key: 'x',
        data: 1,
        success: () => {
          throw new Error('user bug');
        },
        complete: () => resolve(),
      }),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^user bug;at api setStorage success callback function/);
    expect(spy).toHaveBeenCalledWith(expect.stringMatching(/^thirdScriptError\nuser bug;/));
    spy.mockRestore();
    await expect(wx.getStorage({ key: 'x' })).resolves.toMatchObject({ data: 1 });
  });

  test('sync APIs throw an Error whose message is the errMsg', () => {
    expect(() => wx.setStorageSync(1, 2)).toThrow(
      new Error('setStorageSync:fail parameter error: parameter.key should be String instead of Number;'),
    );
    let thrown: any;
    try {
      wx.getStorageInfoSync.call(null);
      wx.setStorageSync();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown.errno).toBe(1001);
  });

  test('mpsim.idle() resolves once nothing is in flight', async () => {
    let done = false;
    wx.setStorage({ key: 'i', data: 1, complete: () => (done = true) });
    await mpsim.idle();
    expect(done).toBe(true);
  });
});
