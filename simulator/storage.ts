/**
 * The phone's key/value storage for one mini program (wx.setStorage & co).
 *
 * Limits (wx-api-semantics §5): one key ≤ 1 MB, all keys ≤ 10 MB; sizes are
 * counted as the UTF-8 bytes of key + serialised value. Values keep their type
 * (strings, numbers, booleans, null, objects, arrays, Date) through a type tag.
 * Everything is persisted under the sandbox so a second Device opened on the same
 * sandbox sees it — resume-after-restart tests depend on that: `storage.json`, a
 * snapshot written atomically (temp + rename), and `storage.log`, a journal with one
 * JSON line per change since the snapshot. A change is one append (a process killed
 * right after setStorageSync still has it on disk); the journal is folded into a
 * new snapshot once it outgrows it. Rewriting the snapshot on every change cost
 * ~0.8 ms per setStorageSync (a rename over an existing file makes ext4 flush),
 * which SDKs saving a checkpoint per uploaded part paid hundreds of times.
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
  /** The journal next to the snapshot (`storage.log` for `storage.json`). */
  private readonly logFile: string;
  /** Bytes in the journal (when to fold). */
  private logBytes = 0;
  /** Key + value bytes of every entry (the limits' measure), kept up to date. */
  private liveBytes = 0;

  constructor(
    private readonly file: string,
    options: StorageOptions = {},
  ) {
    this.perKeyBytes = options.perKeyBytes ?? DEFAULT_STORAGE_KEY_LIMIT;
    this.totalBytes = options.totalBytes ?? DEFAULT_STORAGE_TOTAL_LIMIT;
    this.logFile = file.replace(/(\.json)?$/, '.log');
    this.load();
  }

  private load(): void {
    try {
      const text = fs.readFileSync(this.file, 'utf8');
      const obj = JSON.parse(text) as Record<string, StoredEntry>;
      for (const [k, e] of Object.entries(obj)) if (DeviceStorage.isEntry(e)) this.put(k, e);
    } catch {
      // No snapshot, or a corrupt one: a fresh install (the phone would do no better).
    }
    let log: string;
    try {
      log = fs.readFileSync(this.logFile, 'utf8');
    } catch {
      return;
    }
    this.logBytes = Buffer.byteLength(log);
    // Replay in order; a torn last line (killed mid-append) ends the replay.
    let intact = true;
    for (const line of log.split('\n')) {
      if (!line) continue;
      let op: unknown;
      try {
        op = JSON.parse(line);
      } catch {
        intact = false;
        break;
      }
      if (Array.isArray(op) && op[0] === 's' && typeof op[1] === 'string' && DeviceStorage.isEntry(op[2])) this.put(op[1], op[2]);
      else if (Array.isArray(op) && op[0] === 'r' && typeof op[1] === 'string') this.drop(op[1]);
      else if (Array.isArray(op) && op[0] === 'c') this.wipe();
      else {
        intact = false;
        break;
      }
    }
    // Fold a damaged journal at once: lines appended after a torn one would be lost.
    if (!intact) this.snapshot();
  }

  // The only three mutations of `entries`, keeping `liveBytes` true.
  private put(key: string, e: StoredEntry): void {
    const old = this.entries.get(key);
    if (old) this.liveBytes -= DeviceStorage.sizeOf(key, old);
    this.entries.set(key, e);
    this.liveBytes += DeviceStorage.sizeOf(key, e);
  }
  private drop(key: string): boolean {
    const old = this.entries.get(key);
    if (!old) return false;
    this.entries.delete(key);
    this.liveBytes -= DeviceStorage.sizeOf(key, old);
    return true;
  }
  private wipe(): void {
    this.entries.clear();
    this.liveBytes = 0;
  }

  private static isEntry(e: unknown): e is StoredEntry {
    return !!e && typeof (e as StoredEntry).v === 'string' && ['json', 'date', 'undefined'].includes((e as StoredEntry).t);
  }

  /** Records one change: an append to the journal, folded into the snapshot once it outgrows it. */
  private persist(op: ['s', string, StoredEntry] | ['r', string] | ['c']): void {
    const line = JSON.stringify(op) + '\n';
    const bytes = Buffer.byteLength(line);
    // fold when the journal outgrows twice what is stored now (and 256 KiB)
    if (this.logBytes + bytes > Math.max(256 * 1024, 2 * this.liveBytes)) return this.snapshot();
    fs.appendFileSync(this.logFile, line);
    this.logBytes += bytes;
  }

  /** Writes the whole state as the snapshot (atomically) and empties the journal. */
  private snapshot(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const text = JSON.stringify(Object.fromEntries(this.entries));
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, this.file);
    // Killed here, the journal replays over a snapshot that already holds it: same state.
    fs.rmSync(this.logFile, { force: true });
    this.logBytes = 0;
  }

  private static encode(value: unknown): StoredEntry {
    if (value === undefined) return { t: 'undefined', v: '' };
    if (Object.prototype.toString.call(value) === '[object Date]') {
      // an Invalid Date stays invalid (JSON would turn NaN into null, i.e. 1970-01-01)
      const time = (value as Date).getTime();
      return { t: 'date', v: Number.isNaN(time) ? '"NaN"' : JSON.stringify(time) };
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
    const total = this.liveBytes - (old ? DeviceStorage.sizeOf(key, old) : 0) + size;
    if (total > this.totalBytes) throw new StorageLimitError('total');
    this.put(key, e);
    this.persist(['s', key, e]);
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
    if (e.t === 'date') {
      const time = JSON.parse(e.v) as number | 'NaN';
      return { found: true, value: new realm.Date(time === 'NaN' ? NaN : time) };
    }
    return { found: true, value: realm.JSON.parse(e.v) as unknown };
  }

  remove(key: string): void {
    if (this.drop(key)) this.persist(['r', key]);
  }

  clear(): void {
    this.wipe();
    this.persist(['c']);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  currentBytes(): number {
    return this.liveBytes;
  }
}
