/**
 * The phone's key/value storage for one mini program (wx.setStorage & co).
 *
 * Limits (wx-api-semantics §5): one key ≤ 1 MB, all keys ≤ 10 MB; sizes are
 * counted as the UTF-8 bytes of key + serialised value. Values keep their type
 * (strings, numbers, booleans, null, objects, arrays, Date) through a type tag.
 * Everything is persisted to `<sandbox>/storage.json` (written atomically) so a
 * second Device opened on the same sandbox sees it — resume-after-restart tests
 * depend on that.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DEFAULT_STORAGE_KEY_LIMIT = 1024 * 1024;
export const DEFAULT_STORAGE_TOTAL_LIMIT = 10 * 1024 * 1024;

export interface StorageOptions {
  perKeyBytes?: number;
  totalBytes?: number;
}

/** What is stored for one key: the value's kind and its JSON text. */
export interface StoredEntry {
  t: 'json' | 'date' | 'undefined';
  v: string;
}

export class StorageLimitError extends Error {
  constructor(readonly scope: 'key' | 'total') {
    super(scope === 'key' ? 'exceed max size' : 'exceed storage max size');
  }
}

export class StorageValueError extends Error {}

export class DeviceStorage {
  readonly perKeyBytes: number;
  readonly totalBytes: number;
  private readonly entries = new Map<string, StoredEntry>();

  constructor(
    private readonly file: string,
    options: StorageOptions = {},
  ) {
    this.perKeyBytes = options.perKeyBytes ?? DEFAULT_STORAGE_KEY_LIMIT;
    this.totalBytes = options.totalBytes ?? DEFAULT_STORAGE_TOTAL_LIMIT;
    this.load();
  }

  private load(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return;
    }
    try {
      const obj = JSON.parse(text) as Record<string, StoredEntry>;
      for (const [k, e] of Object.entries(obj)) if (e && typeof e.v === 'string') this.entries.set(k, e);
    } catch {
      // A corrupt storage file is treated like a fresh install (the phone would do no better).
    }
  }

  private persist(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.entries)));
    fs.renameSync(tmp, this.file);
  }

  private static encode(value: unknown): StoredEntry {
    if (value === undefined) return { t: 'undefined', v: '' };
    if (Object.prototype.toString.call(value) === '[object Date]') {
      return { t: 'date', v: JSON.stringify((value as Date).getTime()) };
    }
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
      throw new StorageValueError(`data type ${typeof value} is not supported`);
    }
    let v: string | undefined;
    try {
      v = JSON.stringify(value);
    } catch (err) {
      throw new StorageValueError((err as Error).message);
    }
    if (v === undefined) throw new StorageValueError('data is not serializable');
    return { t: 'json', v };
  }

  private static sizeOf(key: string, e: StoredEntry): number {
    return Buffer.byteLength(key) + Buffer.byteLength(e.v);
  }

  set(key: string, value: unknown): void {
    const e = DeviceStorage.encode(value);
    const size = DeviceStorage.sizeOf(key, e);
    if (size > this.perKeyBytes) throw new StorageLimitError('key');
    const old = this.entries.get(key);
    const total = this.currentBytes() - (old ? DeviceStorage.sizeOf(key, old) : 0) + size;
    if (total > this.totalBytes) throw new StorageLimitError('total');
    this.entries.set(key, e);
    this.persist();
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * The stored value decoded with the given realm's JSON and Date (a fresh copy each
   * time, so mutating it does not change what is stored).
   */
  get(key: string, realm: { JSON: JSON; Date: DateConstructor } = globalThis): { found: boolean; value: unknown } {
    const e = this.entries.get(key);
    if (!e) return { found: false, value: undefined };
    if (e.t === 'undefined') return { found: true, value: undefined };
    if (e.t === 'date') return { found: true, value: new realm.Date(JSON.parse(e.v) as number) };
    return { found: true, value: realm.JSON.parse(e.v) as unknown };
  }

  remove(key: string): void {
    if (this.entries.delete(key)) this.persist();
  }

  clear(): void {
    this.entries.clear();
    this.persist();
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  currentBytes(): number {
    let n = 0;
    for (const [k, e] of this.entries) n += DeviceStorage.sizeOf(k, e);
    return n;
  }
}
