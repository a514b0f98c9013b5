/**
 * The phone's photo album and the scripted user who picks from it.
 * (Skeleton: media generation and probing are completed in the choosers work.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type MediaKind = 'image' | 'video';

export interface AlbumItem {
  /** Position in the album (0-based), what `mpsim.user.pick([...])` refers to. */
  index: number;
  name: string;
  kind: MediaKind;
  /** Where the bytes live on the host (inside the Device's sandbox dir). */
  hostPath: string;
  size: number;
}

export class Album {
  private readonly items: AlbumItem[] = [];

  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  list(): readonly AlbumItem[] {
    return this.items;
  }

  /** Adds a file (host path) or bytes to the album. */
  add(fileOrBytes: string | Uint8Array, options: { name?: string } = {}): AlbumItem {
    const name = options.name ?? (typeof fileOrBytes === 'string' ? path.basename(fileOrBytes) : `IMG_${this.items.length}.jpg`);
    const hostPath = path.join(this.dir, `${this.items.length}_${name.replace(/[^\w.-]/g, '_')}`);
    if (typeof fileOrBytes === 'string') fs.copyFileSync(fileOrBytes, hostPath);
    else fs.writeFileSync(hostPath, fileOrBytes);
    const item: AlbumItem = { index: this.items.length, name, kind: /\.(mp4|mov|m4v)$/i.test(name) ? 'video' : 'image', hostPath, size: fs.statSync(hostPath).size };
    this.items.push(item);
    return item;
  }
}

export type UserAction = { kind: 'default' } | { kind: 'pick'; indexes: number[] } | { kind: 'cancel' };

/** What the simulated user does at the next chooser. */
export class UserScript {
  private readonly queue: UserAction[] = [];

  pick(indexes: number[]): void {
    this.queue.push({ kind: 'pick', indexes: [...indexes] });
  }

  cancelNext(): void {
    this.queue.push({ kind: 'cancel' });
  }

  /** Takes the next scripted action (the default: pick the first `count` items). */
  next(): UserAction {
    return this.queue.shift() ?? { kind: 'default' };
  }
}
