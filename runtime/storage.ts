/**
 * wx.setStorage / getStorage / removeStorage / clearStorage / getStorageInfo,
 * batchSetStorage / batchGetStorage and their Sync forms, on the Device's storage.
 *
 * errMsg choices (wx-api-semantics §5, OBS): `getStorage:fail data not found`;
 * `getStorageSync` of a missing key returns `''`; over a limit:
 * `setStorage:fail exceed max size` (one key over 1 MB) and
 * `setStorage:fail exceed storage max size` (total over 10 MB) — the exact client
 * text is UNCONFIRMED; the limits are configurable per Device.
 */
import { StorageLimitError, StorageValueError } from '../simulator/storage';
import { ApiError, arrayOf, defineAsync, defineSync, type ParamRules } from './convention';
import type { RuntimeHost } from './host';
import { isPlainObject } from './realm';

function storageError(err: unknown): never {
  if (err instanceof StorageLimitError || err instanceof StorageValueError) throw new ApiError(err.message);
  throw err;
}

export function installStorage(host: RuntimeHost, wx: Record<string, unknown>): void {
  const storage = host.device.storage;
  const set = (key: string, data: unknown) => {
    try {
      storage.set(key, data);
    } catch (err) {
      storageError(err);
    }
  };
  const get = (key: string) => storage.get(key, host.realm);
  const info = () => ({
    keys: storage.keys(),
    currentSize: Math.ceil(storage.currentBytes() / 1024),
    limitSize: Math.floor(storage.totalBytes / 1024),
  });

  const keyRule: ParamRules = { key: { type: 'String', required: true } };

  wx.setStorage = defineAsync(host, 'setStorage', { params: keyRule }, (o: { key: string; data: unknown }) => {
    set(o.key, o.data);
    return {};
  });
  wx.getStorage = defineAsync(host, 'getStorage', { params: keyRule }, (o: { key: string }) => {
    const r = get(o.key);
    if (!r.found) throw new ApiError('data not found');
    return { data: r.value };
  });
  wx.removeStorage = defineAsync(host, 'removeStorage', { params: keyRule }, (o: { key: string }) => {
    storage.remove(o.key);
    return {};
  });
  wx.clearStorage = defineAsync(host, 'clearStorage', {}, () => {
    storage.clear();
    return {};
  });
  wx.getStorageInfo = defineAsync(host, 'getStorageInfo', {}, () => info());

  const kvListRule: ParamRules = {
    kvList: {
      type: 'Array',
      required: true,
      check: arrayOf('kvList', '{key: String, value: Any}', (kv) => isPlainObject(kv) && typeof kv.key === 'string') as (
        v: never,
      ) => string | undefined,
    },
  };
  const keyListRule: ParamRules = {
    keyList: {
      type: 'Array',
      required: true,
      check: arrayOf('keyList', 'String', (k) => typeof k === 'string') as (v: never) => string | undefined,
    },
  };
  const batchSet = (kvList: Array<{ key: string; value: unknown }>) => {
    for (const kv of kvList) set(kv.key, kv.value);
  };
  const batchGet = (keyList: string[]) => keyList.map((k) => (get(k).found ? get(k).value : ''));

  wx.batchSetStorage = defineAsync(
    host,
    'batchSetStorage',
    { params: kvListRule },
    (o: { kvList: Array<{ key: string; value: unknown }> }) => {
      batchSet(o.kvList);
      return {};
    },
  );
  wx.batchGetStorage = defineAsync(host, 'batchGetStorage', { params: keyListRule }, (o: { keyList: string[] }) => ({
    dataList: batchGet(o.keyList),
  }));

  wx.setStorageSync = defineSync(
    host,
    'setStorageSync',
    [{ name: 'key', type: 'String', required: true }],
    (key: string, data: unknown) => {
      set(key, data);
    },
  );
  // A missing key gives '' (what app code and both Tencent SDKs rely on).
  wx.getStorageSync = defineSync(host, 'getStorageSync', [{ name: 'key', type: 'String', required: true }], (key: string) => {
    const r = get(key);
    return r.found ? r.value : '';
  });
  wx.removeStorageSync = defineSync(host, 'removeStorageSync', [{ name: 'key', type: 'String', required: true }], (key: string) => {
    storage.remove(key);
  });
  wx.clearStorageSync = defineSync(host, 'clearStorageSync', [], () => {
    storage.clear();
  });
  wx.getStorageInfoSync = defineSync(host, 'getStorageInfoSync', [], () => info());
  wx.batchSetStorageSync = defineSync(
    host,
    'batchSetStorageSync',
    [{ name: 'kvList', ...kvListRule.kvList }],
    (kvList: Array<{ key: string; value: unknown }>) => {
      batchSet(kvList);
    },
  );
  wx.batchGetStorageSync = defineSync(host, 'batchGetStorageSync', [{ name: 'keyList', ...keyListRule.keyList }], (keyList: string[]) =>
    batchGet(keyList),
  );
}
