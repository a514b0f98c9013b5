/**
 * The phone's photo album and the scripted user who picks from it.
 *
 * Album files live in `<sandbox>/album/`, which no wx path reaches: mini-program
 * code only ever sees the temp copies a chooser hands out. Every item is probed
 * when added (kind, MIME type, pixel size, EXIF orientation, video duration);
 * anything that is not a readable image or MP4/MOV video is refused.
 *
 * The user: by default a chooser picks the first `count` items of the kind(s) it
 * accepts; `pick(indexes)` scripts the next chooser's exact selection and
 * `cancelNext()` makes the next chooser fail with `<api>:fail cancel`. A scripted
 * pick that the chooser cannot honour (no such item, wrong kind, too many, ...)
 * fails that chooser with a reason starting `mpsim:` (see PickError).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultMedia, videoThumbnail } from './media/defaults';
import { probeBytes, probeFile, type MediaKind } from './media/probe';

export type { MediaKind } from './media/probe';

export interface AlbumItem {
  /** Position in the album (0-based), what `mpsim.user.pick([...])` refers to. */
  index: number;
  name: string;
  kind: MediaKind;
  /** Where the bytes live on the host (inside the Device's sandbox dir, outside every wx path). */
  hostPath: string;
  /** Bytes. */
  size: number;
  /** Pixels (raw, before EXIF rotation; for videos the track's presentation size). */
  width: number;
  height: number;
  /** Videos: seconds. */
  duration?: number;
  /** `image/jpeg`, `image/png`, `video/mp4`, ... */
  mime: string;
  /** Probed format: image-size's type (`jpg`, `png`, `gif`, ...) or `mp4` / `mov`. */
  format: string;
  /** Images: EXIF orientation 1..8 (1 when absent). */
  exifOrientation?: number;
  /** Unix seconds when the item was added (chooseMessageFile's `time`). */
  time: number;
  /** True for the built-in default media. */
  builtin: boolean;
}

export interface AlbumOptions {
  /** Fill the album with the built-in media (simulator/media/defaults.ts). Default false here; Device defaults to true. */
  defaultMedia?: boolean;
  /** Clock for `time` (ms since epoch); default Date.now. */
  now?: () => number;
}

export class Album {
  private readonly items: AlbumItem[] = [];
  private readonly now: () => number;
  /** Default media not yet written: filled on first use, so a Device that never touches its album (and `mpsim run` startup) pays nothing. */
  private defaultsPending: boolean;

  constructor(
    readonly dir: string,
    options: AlbumOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    fs.mkdirSync(dir, { recursive: true });
    this.defaultsPending = options.defaultMedia === true;
  }

  private fill(): void {
    if (!this.defaultsPending) return;
    this.defaultsPending = false;
    for (const m of defaultMedia()) this.insert(m.bytes, m.name, true);
  }

  /** A snapshot of the items (frozen: a hostPath cannot be redirected from outside). */
  list(): readonly AlbumItem[] {
    this.fill();
    return [...this.items];
  }

  get(index: number): AlbumItem | undefined {
    this.fill();
    return this.items[index];
  }

  /**
   * Adds a host file (copied, never read whole) or bytes to the album. Throws an
   * Error saying why for unreadable files and unknown or corrupt media.
   */
  add(fileOrBytes: string | Uint8Array | ArrayBuffer, options: { name?: string } = {}): AlbumItem {
    if (options === null || typeof options !== 'object') throw new TypeError('mpsim.album.add: options must be an object');
    if (options.name !== undefined && (typeof options.name !== 'string' || !options.name)) {
      throw new TypeError('mpsim.album.add: options.name must be a non-empty string');
    }
    this.fill();
    if (typeof fileOrBytes === 'string') return this.insert({ copyFrom: fileOrBytes }, options.name, false);
    if (ArrayBuffer.isView(fileOrBytes)) {
      return this.insert(new Uint8Array(fileOrBytes.buffer, fileOrBytes.byteOffset, fileOrBytes.byteLength), options.name, false);
    }
    if (Object.prototype.toString.call(fileOrBytes) === '[object ArrayBuffer]')
      return this.insert(new Uint8Array(fileOrBytes), options.name, false);
    throw new TypeError('mpsim.album.add: expected a host file path, a Uint8Array/Buffer or an ArrayBuffer');
  }

  /** The bytes of a real JPEG thumbnail for a video item. */
  thumbnail(item: AlbumItem): Buffer {
    return videoThumbnail({ name: item.name, width: item.width, height: item.height, isDefault: item.builtin && item.format === 'mp4' });
  }

  private insert(source: Uint8Array | { copyFrom: string }, name: string | undefined, builtin: boolean): AlbumItem {
    const what = source instanceof Uint8Array ? 'bytes' : source.copyFrom;
    let info;
    try {
      info = source instanceof Uint8Array ? probeBytes(source) : probeFile(source.copyFrom);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new Error(`mpsim.album.add: cannot add ${what}: ${e.code ? `cannot read the file (${e.code})` : e.message}`, { cause: err });
    }
    const index = this.items.length;
    const seq = String(index + 1).padStart(4, '0');
    const itemName =
      name ??
      (source instanceof Uint8Array ? `${info.kind === 'video' ? 'VID' : 'IMG'}_${seq}.${info.ext}` : path.basename(source.copyFrom));
    const hostPath = path.join(this.dir, `${index}_${itemName.replace(/[^\w.-]/g, '_').slice(0, 120)}`);
    if (source instanceof Uint8Array) fs.writeFileSync(hostPath, source);
    else fs.copyFileSync(source.copyFrom, hostPath);
    const item: AlbumItem = {
      index,
      name: itemName,
      kind: info.kind,
      hostPath,
      size: fs.statSync(hostPath).size,
      width: info.width,
      height: info.height,
      ...(info.kind === 'video' ? { duration: info.duration } : { exifOrientation: info.exifOrientation }),
      mime: info.mime,
      format: info.format,
      time: Math.floor(this.now() / 1000),
      builtin,
    };
    this.items.push(Object.freeze(item));
    return item;
  }
}

export type UserAction = { kind: 'default' } | { kind: 'pick'; indexes: number[] } | { kind: 'cancel' };

/** What a chooser asks the user for. */
export interface ChooseRequest {
  /** Most items the user may pick. */
  count: number;
  /** Kinds the chooser accepts. */
  kinds: readonly MediaKind[];
  /** Whether images and videos may be picked together (chooseMedia `mediaType: ['mix']`). */
  mix: boolean;
  /** Further restriction (chooseMessageFile `extension`), with a description for errors. */
  filter?: { test: (item: AlbumItem) => boolean; describe: string };
}

/** A scripted pick the chooser cannot honour; the chooser fails with this message as reason. */
export class PickError extends Error {}

/** A recorded wx.previewImage call (`mpsim.previews`). */
export interface PreviewRecord {
  urls: string[];
  current: string;
  showmenu: boolean;
  referrerPolicy: string;
}

/** What the simulated user does at the next chooser, and what they were shown. */
export class UserScript {
  private readonly queue: UserAction[] = [];
  /** Every wx.previewImage call, in order. */
  readonly previews: PreviewRecord[] = [];

  /** The next chooser picks exactly these album items (0-based indexes). */
  pick(indexes: number[]): void {
    if (!Array.isArray(indexes) || !indexes.every((i) => Number.isInteger(i) && i >= 0)) {
      throw new TypeError('mpsim.user.pick: expected an array of album indexes (integers >= 0)');
    }
    this.queue.push({ kind: 'pick', indexes: [...indexes] });
  }

  /** The next chooser is cancelled (`<api>:fail cancel`). */
  cancelNext(): void {
    this.queue.push({ kind: 'cancel' });
  }

  /** Takes the next scripted action (the default: pick the first `count` items). */
  next(): UserAction {
    return this.queue.shift() ?? { kind: 'default' };
  }

  /**
   * The user at a chooser: consumes the next action and returns the picked items,
   * or 'cancel'. Throws PickError when a scripted pick does not fit the request.
   */
  choose(album: Album, req: ChooseRequest): AlbumItem[] | 'cancel' {
    const action = this.next();
    if (action.kind === 'cancel') return 'cancel';
    const accepts = (item: AlbumItem) => req.kinds.includes(item.kind) && (!req.filter || req.filter.test(item));
    const wanted = req.kinds.join(' or ');
    if (action.kind === 'default') {
      let eligible = album.list().filter(accepts);
      if (!req.mix && eligible.length) eligible = eligible.filter((i) => i.kind === eligible[0].kind);
      if (!eligible.length && req.count > 0) {
        throw new PickError(`mpsim: the album has no ${wanted}${req.filter ? ` ${req.filter.describe}` : ''} to pick`);
      }
      return eligible.slice(0, req.count);
    }
    const n = album.list().length;
    if (action.indexes.length === 0) throw new PickError('mpsim: user.pick([]) picked nothing');
    if (action.indexes.length > req.count)
      throw new PickError(`mpsim: user.pick picked ${action.indexes.length} items but count is ${req.count}`);
    const picked = action.indexes.map((i) => {
      const item = album.get(i);
      if (!item) throw new PickError(`mpsim: album item ${i} does not exist (the album has ${n} items)`);
      if (!req.kinds.includes(item.kind)) throw new PickError(`mpsim: album item ${i} is a ${item.kind}, this chooser accepts ${wanted}`);
      if (req.filter && !req.filter.test(item)) throw new PickError(`mpsim: album item ${i} (${item.name}) is not ${req.filter.describe}`);
      return item;
    });
    if (!req.mix && new Set(picked.map((i) => i.kind)).size > 1) {
      throw new PickError("mpsim: user.pick mixed images and videos, which needs mediaType ['mix']");
    }
    return picked;
  }
}
