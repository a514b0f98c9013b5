/**
 * The Device's files: every byte the mini program reads or writes goes through
 * here, after PathScheme has placed the path inside the sandbox.
 *
 * Areas (see paths.ts): user files (`wxfile://usr`, the only writable area),
 * temp files (created only by APIs: choosers, downloads, compressImage), saved
 * files (`saveFile` moves a temp file there) and the read-only code package.
 * User and saved files share one quota (200 MB by default, configurable).
 *
 * Every operation takes wx paths and throws FsError (documented errno + message).
 * Symlinks: PathScheme refuses a path whose existing part leads out of its area;
 * files are then opened with O_NOFOLLOW so a link swapped in after resolution is
 * not followed (an in-area link is re-checked through realpath and opened at its
 * target). The mini program itself cannot create links.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { digestFd } from './hash-thread';
import { FsError } from './fs-error';
import { PathScheme, type ResolvedPath } from './paths';
import { readCentralDirectory, readEntryData, type ZipEntry } from './zip';

export const DEFAULT_QUOTA_BYTES = 200 * 1024 * 1024;
/** readFile refuses more than this in one call (wx-api-semantics §4.2/§4.3, errno 1300202). */
export const MAX_READ_BYTES = 100 * 1024 * 1024;
/** Open fds per Device before `excced max concurrent fd limit` — the client's limit is UNCONFIRMED. */
export const MAX_OPEN_FDS = 1024;

/** A writer's claim on the user + saved quota while it fills a file (SandboxFiles.reserveQuota). */
export interface QuotaReservation {
  /** Claims `bytes` more; throws the quota FsError (claiming nothing) when they do not fit. */
  grow(bytes: number): void;
  /** Checks once more, runs `move` (the file lands in the user area) and turns the claim into usage. */
  commit(move: () => void): void;
  /** Gives the claim back (the transfer failed; its bytes are discarded). */
  release(): void;
}

export interface SandboxFilesOptions {
  /** Bytes allowed for user + saved files together (default 200 MB). */
  quotaBytes?: number;
}

/** What `stat` reports, before the runtime turns it into a client Stats object. */
export interface FileStatInfo {
  mode: number;
  size: number;
  /** Seconds. See statInfo() for why this is not the host atime. */
  lastAccessedTime: number;
  /** Seconds (UNIX timestamp; the unit is UNCONFIRMED, research §4.2). */
  lastModifiedTime: number;
  isFile: boolean;
  isDirectory: boolean;
}

/** The open flags of `FileSystemManager.open` (Node semantics) → host flags. */
const OPEN_FLAGS: Record<string, { flags: number; read: boolean; write: boolean }> = (() => {
  const c = fs.constants;
  const W = c.O_WRONLY | c.O_CREAT;
  const RW = c.O_RDWR | c.O_CREAT;
  return {
    r: { flags: c.O_RDONLY, read: true, write: false },
    'r+': { flags: c.O_RDWR, read: true, write: true },
    w: { flags: W | c.O_TRUNC, read: false, write: true },
    wx: { flags: W | c.O_TRUNC | c.O_EXCL, read: false, write: true },
    'w+': { flags: RW | c.O_TRUNC, read: true, write: true },
    'wx+': { flags: RW | c.O_TRUNC | c.O_EXCL, read: true, write: true },
    a: { flags: W | c.O_APPEND, read: false, write: true },
    ax: { flags: W | c.O_APPEND | c.O_EXCL, read: false, write: true },
    'a+': { flags: RW | c.O_APPEND, read: true, write: true },
    'ax+': { flags: RW | c.O_APPEND | c.O_EXCL, read: true, write: true },
    as: { flags: W | c.O_APPEND | c.O_SYNC, read: false, write: true },
    'as+': { flags: RW | c.O_APPEND | c.O_SYNC, read: true, write: true },
  };
})();

interface OpenFile {
  hostFd: number;
  read: boolean;
  write: boolean;
  r: ResolvedPath;
}

/** Translates a Node fs error about `r` into the client's FsError. */
export function fsErrorOf(err: unknown, r: Pick<ResolvedPath, 'wxPath'>): FsError {
  if (err instanceof FsError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return FsError.noEntry(r.wxPath);
    case 'EEXIST':
      return FsError.exists(r.wxPath);
    case 'ENOTDIR':
      return FsError.notDirectory(r.wxPath);
    case 'EISDIR':
      return FsError.isDirectory(r.wxPath);
    case 'ENOTEMPTY':
      return FsError.notEmpty(r.wxPath);
    case 'EACCES':
    case 'EPERM':
      return FsError.readOnly(r.wxPath);
    case 'ENAMETOOLONG':
      return FsError.nameTooLong(r.wxPath);
    case 'EBADF':
      return FsError.badFd();
    case 'EINVAL':
      return FsError.invalid();
    case 'ELOOP':
      return FsError.outside(r.wxPath);
    default:
      return new FsError(1300201, `system error ${(err as Error | undefined)?.message ?? ''}`.trim());
  }
}

/** Runs a host fs call, translating its errors for `r`. */
function host<T>(r: Pick<ResolvedPath, 'wxPath'>, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw fsErrorOf(err, r);
  }
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * Stat fields as the client reports them. lastAccessedTime is derived from the
 * modification time, not the host atime: Linux relatime moves atime on the first
 * read after a write, and cos-wx-sdk-v5 uses the stat fields as its resume-cache
 * key (research cos-vod-protocol §1.4), so a read must not change them.
 */
function statInfo(st: fs.Stats): FileStatInfo {
  return {
    mode: st.mode,
    size: st.size,
    lastAccessedTime: seconds(st.mtimeMs),
    lastModifiedTime: seconds(st.mtimeMs),
    isFile: st.isFile(),
    isDirectory: st.isDirectory(),
  };
}

export class SandboxFiles {
  readonly quotaBytes: number;
  /** Per-call readFile limit; tests may lower it. */
  maxReadBytes = MAX_READ_BYTES;
  private readonly fds = new Map<string, OpenFile>();
  private nextFd = 1;
  /** In-flight quota claims (reserveQuota). */
  private readonly reservations = new Set<{ bytes: number }>();
  /** Bumped by every change to usage that goes through here; keys usedCache. */
  private generation = 0;
  private usedCache: { generation: number; bytes: number } | undefined;

  constructor(
    readonly paths: PathScheme,
    options: SandboxFilesOptions = {},
  ) {
    this.quotaBytes = options.quotaBytes ?? DEFAULT_QUOTA_BYTES;
    for (const dir of [paths.layout.user, paths.layout.temp, paths.layout.saved]) fs.mkdirSync(dir, { recursive: true });
  }

  /** A fresh temp file name: `tmp_<32 hex>.<ext>` (ext without dot; none when empty). */
  newTempName(ext: string): string {
    return newName('tmp_', ext);
  }

  /** Creates a temp file from bytes or by copying a host file; returns its wx path. */
  createTempFile(ext: string, source: Uint8Array | { copyFrom: string }): string {
    const name = this.newTempName(ext);
    const hostPath = path.join(this.paths.layout.temp, name);
    if (source instanceof Uint8Array) fs.writeFileSync(hostPath, source, { flag: 'wx' });
    else fs.copyFileSync(source.copyFrom, hostPath, fs.constants.COPYFILE_EXCL);
    return this.paths.tempPath(name);
  }

  /**
   * Reserves a temp file to be filled by a stream (downloads). The caller writes to
   * `hostPath` and calls `discard()` when the transfer fails, so no half file stays.
   */
  reserveTempFile(ext: string): { wxPath: string; hostPath: string; discard(): void } {
    const name = this.newTempName(ext);
    const hostPath = path.join(this.paths.layout.temp, name);
    return {
      wxPath: this.paths.tempPath(name),
      hostPath,
      discard: () => fs.rmSync(hostPath, { force: true }),
    };
  }

  /** Resolves a path for reading and checks that it is an existing regular file. */
  resolveFile(wxPath: unknown): ResolvedPath & { size: number } {
    const r = this.paths.resolve(wxPath);
    const st = host(r, () => fs.statSync(followInside(r)));
    if (st.isDirectory()) throw FsError.illegalOnDirectory(r.wxPath);
    if (!st.isFile()) throw FsError.noEntry(r.wxPath);
    return { ...r, size: st.size };
  }

  /** A stream of a file's bytes (inclusive `end`, as fs.createReadStream). Never buffers the file. */
  openReadStream(wxPath: unknown, range: { start?: number; end?: number; highWaterMark?: number } = {}): fs.ReadStream {
    const r = this.resolveFile(wxPath);
    const fd = this.openHost(r, fs.constants.O_RDONLY);
    return fs.createReadStream(r.hostPath, { ...range, fd });
  }

  /** Bytes used by user + saved files as stored now (without in-flight reservations). */
  usedBytes(): number {
    const bytes = duBytes(this.paths.layout.user) + duBytes(this.paths.layout.saved);
    this.usedCache = { generation: this.generation, bytes };
    return bytes;
  }

  /** Bytes claimed by writers still filling a file (see reserveQuota). */
  reservedBytes(): number {
    let n = 0;
    for (const r of this.reservations) n += r.bytes;
    return n;
  }

  /**
   * Throws the quota FsError when adding `extra` bytes would exceed the quota, counting
   * what is stored and every in-flight reservation. The caller writes right after, in
   * the same tick, so the check and the write cannot be split by another writer.
   */
  assertQuota(extra: number): void {
    if (extra > 0 && this.usedBytes() + this.reservedBytes() + extra > this.quotaBytes) throw FsError.quota();
    this.generation++; // the write that follows changes usage: a cached measure is stale
  }

  /**
   * One quota account for a writer that fills a user-area file over time (downloads
   * with `filePath`, streamed into a temp part and renamed into place): `grow` claims
   * bytes as they arrive, checked against what is stored plus every other writer's
   * claim; `release` gives them back on failure; `commit` moves the file into place
   * and turns the claim into real usage in the same tick, so there is no moment where
   * the bytes are counted twice or not at all. `replaces` is the host path the file
   * will replace: its size at each check is credited (replacing counts only growth).
   *
   * The synchronous writers (writeFile, copyFile, saveFile, unzip, fd writes...) check
   * through assertQuota, which counts these claims too: one accounting for all writers.
   */
  reserveQuota(replaces?: string): QuotaReservation {
    const claim = { bytes: 0 };
    this.reservations.add(claim);
    const credit = (): number => {
      if (replaces === undefined) return 0;
      try {
        const st = fs.lstatSync(replaces);
        return st.isFile() ? st.size : 0;
      } catch {
        return 0;
      }
    };
    const check = (more: number) => {
      if (!this.reservations.has(claim)) throw new Error('quota reservation used after commit or release');
      if (this.cachedUsedBytes() + this.reservedBytes() + more - credit() > this.quotaBytes) throw FsError.quota();
    };
    return {
      grow: (bytes: number) => {
        check(bytes);
        claim.bytes += bytes;
      },
      commit: (move: () => void) => {
        // Usage may have changed since the last chunk (another writer, an external
        // change): checked once more with a fresh measure before the file lands.
        this.generation++;
        check(0);
        move();
        this.reservations.delete(claim);
        this.generation++;
      },
      release: () => {
        this.reservations.delete(claim);
      },
    };
  }

  /**
   * usedBytes without walking the tree again when no write went through here since the
   * last walk (a reservation checks per chunk; a walk per chunk would be slow).
   */
  private cachedUsedBytes(): number {
    const c = this.usedCache;
    return c && c.generation === this.generation ? c.bytes : this.usedBytes();
  }

  // ---- FileSystemManager operations -------------------------------------------------

  /** `access`: the path exists (file or directory). */
  access(wxPath: unknown): void {
    const r = this.paths.resolve(wxPath);
    host(r, () => fs.statSync(followInside(r)));
  }

  /** `stat`: one entry, or with `recursive` on a directory every entry below it (paths relative, `/`-rooted). */
  stat(wxPath: unknown, recursive = false): FileStatInfo | Array<{ path: string; stats: FileStatInfo }> {
    const r = this.paths.resolve(wxPath);
    const st = host(r, () => fs.statSync(followInside(r)));
    if (!recursive || !st.isDirectory()) return statInfo(st);
    // Current typings: an array of {path, stats}, the directory itself first as "/"
    // (the older docs' object keyed by relative path is not offered).
    const out: Array<{ path: string; stats: FileStatInfo }> = [{ path: '/', stats: statInfo(st) }];
    const walk = (dir: string, rel: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isSymbolicLink()) continue; // never followed out of the tree
        const p = path.join(dir, e.name);
        const relPath = `${rel}/${e.name}`;
        const est = fs.statSync(p);
        out.push({ path: relPath, stats: statInfo(est) });
        if (est.isDirectory()) walk(p, relPath);
      }
    };
    host(r, () => walk(r.hostPath, ''));
    return out;
  }

  /** `readdir`: entry names of a directory. */
  readdir(wxPath: unknown): string[] {
    const r = this.paths.resolve(wxPath);
    const st = host(r, () => fs.statSync(followInside(r)));
    if (!st.isDirectory()) throw FsError.notDirectory(r.wxPath);
    return host(r, () => fs.readdirSync(followInside(r)));
  }

  /** `mkdir`: in the user area; `recursive` creates missing parents and accepts an existing directory. */
  mkdir(wxPath: unknown, recursive = false): void {
    const r = this.paths.resolveWritable(wxPath);
    if (!recursive && fs.existsSync(r.hostPath)) throw FsError.exists(r.wxPath);
    host(r, () => fs.mkdirSync(r.hostPath, { recursive }));
  }

  /** `rmdir`: a directory of the user area (not the area root); `recursive` removes its content. */
  rmdir(wxPath: unknown, recursive = false): void {
    const r = this.paths.resolveWritable(wxPath);
    if (r.relative === '') throw FsError.readOnly(r.wxPath);
    const st = host(r, () => fs.lstatSync(r.hostPath));
    if (!st.isDirectory()) throw FsError.notDirectory(r.wxPath);
    // rmSync never follows symlinks inside the tree: it unlinks them.
    this.generation++;
    host(r, () => (recursive ? fs.rmSync(r.hostPath, { recursive: true }) : fs.rmdirSync(r.hostPath)));
  }

  /** `unlink`: a file of the user area. */
  unlink(wxPath: unknown): void {
    const r = this.paths.resolveWritable(wxPath);
    const st = host(r, () => fs.lstatSync(r.hostPath));
    if (st.isDirectory()) throw FsError.illegalOnDirectory(r.wxPath, 'unlink');
    this.generation++;
    host(r, () => fs.unlinkSync(r.hostPath));
  }

  /**
   * `readFile`: bytes `[position, position+length)` (both optional, checked per §4.2).
   * `alloc` lets the caller provide the memory (the runtime reads straight into an
   * ArrayBuffer of the user's realm instead of copying a Buffer into one).
   */
  readFile<T extends Uint8Array = Buffer>(wxPath: unknown, position?: number, length?: number, alloc?: (bytes: number) => T): T {
    const r = this.resolveFile(wxPath);
    const size = r.size;
    if (position !== undefined && (!Number.isInteger(position) || position < 0 || (position >= size && !(position === 0 && size === 0)))) {
      throw FsError.positionRange();
    }
    const start = position ?? 0;
    if (length !== undefined && (!Number.isInteger(length) || length < 1 || length > size || start + length > size)) {
      throw FsError.lengthRange();
    }
    const len = length ?? size - start;
    if (len > this.maxReadBytes) throw FsError.quota();
    const fd = this.openHost(r, fs.constants.O_RDONLY);
    try {
      const buf = alloc ? alloc(len) : (Buffer.alloc(len) as unknown as T);
      let got = 0;
      while (got < len) {
        const n = fs.readSync(fd, buf, got, len - got, start + got);
        if (n === 0) break;
        got += n;
      }
      // A file that shrank under us: the bytes that are there (copied when the caller owns the memory).
      return got === len ? buf : alloc ? (buf.slice(0, got) as T) : (buf.subarray(0, got) as T);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** `writeFile` (replace) or `appendFile` (append; the file must exist, as on the client). */
  writeFile(wxPath: unknown, data: Uint8Array, append = false): void {
    const r = this.paths.resolveWritable(wxPath);
    const old = existingSize(r);
    if (old === 'dir') throw FsError.isDirectory(r.wxPath);
    if (append && old === undefined) throw FsError.noEntry(r.wxPath);
    this.assertQuota(append ? data.byteLength : data.byteLength - (old ?? 0));
    const c = fs.constants;
    const fd = this.openHost(r, c.O_WRONLY | c.O_CREAT | (append ? c.O_APPEND : c.O_TRUNC));
    try {
      host(r, () => writeAll(fd, data, append ? null : 0));
    } finally {
      fs.closeSync(fd);
    }
  }

  /** `copyFile`: src readable anywhere, dest in the user area; copied in chunks, never buffered whole. */
  copyFile(srcPath: unknown, destPath: unknown): void {
    const src = this.resolveFile(srcPath);
    const dest = this.paths.resolveWritable(destPath);
    const old = existingSize(dest);
    if (old === 'dir') throw FsError.isDirectory(dest.wxPath);
    // Copying a file onto itself would truncate it before reading: nothing to do.
    if (sameFile(src.hostPath, dest.hostPath)) return;
    this.assertQuota(src.size - (old ?? 0));
    const c = fs.constants;
    const inFd = this.openHost(src, c.O_RDONLY);
    try {
      const outFd = this.openHost(dest, c.O_WRONLY | c.O_CREAT | c.O_TRUNC);
      try {
        const chunk = Buffer.alloc(1 << 20);
        for (;;) {
          const n = fs.readSync(inFd, chunk, 0, chunk.length, null);
          if (n === 0) break;
          host(dest, () => writeAll(outFd, chunk.subarray(0, n), null));
        }
      } finally {
        fs.closeSync(outFd);
      }
    } finally {
      fs.closeSync(inFd);
    }
  }

  /** `rename`: both ends in the user area (files or directories, Node semantics). */
  rename(oldPath: unknown, newPath: unknown): void {
    const from = this.paths.resolveWritable(oldPath);
    const to = this.paths.resolveWritable(newPath);
    if (from.relative === '' || to.relative === '') throw FsError.readOnly(from.relative === '' ? from.wxPath : to.wxPath);
    host(from, () => fs.lstatSync(from.hostPath));
    this.generation++; // may replace a file
    host(to, () => fs.renameSync(from.hostPath, to.hostPath));
  }

  /** `truncate`: to `length` bytes (extending pads with NUL bytes). */
  truncate(wxPath: unknown, length: number): void {
    const r = this.paths.resolveWritable(wxPath);
    if (!Number.isInteger(length) || length < 0) throw FsError.lengthRange();
    const old = existingSize(r);
    if (old === 'dir') throw FsError.illegalOnDirectory(r.wxPath);
    if (old === undefined) throw FsError.noEntry(r.wxPath);
    this.assertQuota(length - old);
    const fd = this.openHost(r, fs.constants.O_WRONLY);
    try {
      host(r, () => fs.ftruncateSync(fd, length));
    } finally {
      fs.closeSync(fd);
    }
  }

  /**
   * `getFileInfo`: size and hex digest (md5 | sha1 | sha256), the digest computed on
   * the hash thread from an fd this side opened with the sandbox's checks, so a
   * large file does not stop the event loop (timers, progress, the servers) while
   * it is hashed — the phone's file thread does not block its JS thread either.
   */
  fileInfoAsync(wxPath: unknown, algorithm: 'md5' | 'sha1' | 'sha256' = 'md5'): Promise<{ size: number; digest: string }> {
    // path checks and the open happen now (and throw now); only the hashing waits
    const r = this.resolveFile(wxPath);
    const fd = this.openHost(r, fs.constants.O_RDONLY);
    let size: number;
    try {
      size = host(r, () => fs.fstatSync(fd).size);
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
    return digestFd(fd, size, algorithm)
      .then((digest) => ({ size, digest: digest.toString('hex') }))
      .finally(() => fs.closeSync(fd));
  }

  /**
   * `saveFile`: MOVES a temp file (or a user file) to `store_<32 hex>.<ext>`, or to
   * `filePath` in the user area when given. The source path is invalid afterwards.
   */
  saveFile(tempFilePath: unknown, filePath?: unknown): string {
    let src: ResolvedPath & { size: number };
    try {
      src = this.resolveFile(tempFilePath);
    } catch (err) {
      if (err instanceof FsError && err.errno === 1300002) throw FsError.tempMissing();
      throw err;
    }
    if (src.area === 'saved' || src.area === 'package') throw FsError.readOnly(src.wxPath);
    let dest: ResolvedPath;
    let wxDest: string;
    if (filePath === undefined) {
      const name = newName('store_', path.extname(src.relative));
      dest = this.paths.resolve(this.paths.savedPath(name));
      wxDest = dest.wxPath;
    } else {
      dest = this.paths.resolveWritable(filePath);
      wxDest = dest.wxPath;
      if (existingSize(dest) === 'dir') throw FsError.isDirectory(dest.wxPath);
    }
    // A move within user+saved does not grow usage; from temp it does.
    const extra = src.area === 'temp' ? src.size - sizeOr0(dest) : 0;
    this.assertQuota(extra);
    host(dest, () => fs.renameSync(src.hostPath, dest.hostPath));
    // createTime of a saved file is when it was saved (the file's mtime, seconds).
    const now = new Date();
    host(dest, () => fs.utimesSync(dest.hostPath, now, now));
    return wxDest;
  }

  /** `getSavedFileList`: every saved file with size and createTime (seconds). */
  savedFileList(): Array<{ filePath: string; size: number; createTime: number }> {
    const dir = this.paths.layout.saved;
    const out: Array<{ filePath: string; size: number; createTime: number }> = [];
    for (const name of fs.readdirSync(dir).sort()) {
      const st = fs.lstatSync(path.join(dir, name));
      if (!st.isFile()) continue;
      out.push({ filePath: this.paths.savedPath(name), size: st.size, createTime: seconds(st.mtimeMs) });
    }
    return out;
  }

  /** `getSavedFileInfo`: a saved file's size and createTime (seconds). */
  savedFileInfo(wxPath: unknown): { size: number; createTime: number } {
    const r = this.resolveSaved(wxPath);
    const st = host(r, () => fs.statSync(followInside(r)));
    return { size: st.size, createTime: seconds(st.mtimeMs) };
  }

  /** `removeSavedFile`: deletes a saved file (only saved files). */
  removeSavedFile(wxPath: unknown): void {
    const r = this.resolveSaved(wxPath);
    this.generation++;
    host(r, () => fs.unlinkSync(r.hostPath));
  }

  /** `readCompressedFile`: a brotli file's decompressed bytes. */
  readCompressedFile(wxPath: unknown): Buffer {
    const r = this.resolveFile(wxPath);
    if (r.size > this.maxReadBytes) throw FsError.quota();
    const raw = this.readFile(wxPath);
    try {
      return zlib.brotliDecompressSync(raw, { maxOutputLength: this.maxReadBytes });
    } catch {
      throw FsError.brotli();
    }
  }

  /** `unzip`: extracts every entry of a zip into `targetPath` (user area; created when missing). */
  unzip(zipFilePath: unknown, targetPath: unknown): void {
    const z = this.resolveFile(zipFilePath);
    const target = this.paths.resolveWritable(targetPath);
    if (existingSize(target) !== undefined && existingSize(target) !== 'dir') throw FsError.notDirectory(target.wxPath);
    this.withZip(z, (fd, entries) => {
      // Refuse the whole archive before writing anything when an entry would land
      // outside the target ("zip slip"): absolute names, `..`, backslashes, NUL.
      const plan: Array<{ e: ZipEntry; dest: ResolvedPath }> = [];
      for (const e of entries) {
        const segs = e.name.split('/').filter((s) => s !== '' && s !== '.');
        if (e.name.startsWith('/') || e.name.includes('\\') || e.name.includes('\0') || segs.includes('..'))
          throw FsError.unzipEntry(e.name);
        if (segs.length === 0) continue;
        plan.push({ e, dest: this.paths.resolveWritable(`${target.wxPath}/${segs.join('/')}`) });
      }
      this.assertQuota(plan.reduce((n, p) => n + (p.e.isDirectory ? 0 : p.e.size), 0));
      host(target, () => fs.mkdirSync(target.hostPath, { recursive: true }));
      for (const { e, dest } of plan) {
        if (e.isDirectory) {
          host(dest, () => fs.mkdirSync(dest.hostPath, { recursive: true }));
          continue;
        }
        const data = readEntryData(fd, z.size, e);
        host(dest, () => fs.mkdirSync(path.dirname(dest.hostPath), { recursive: true }));
        // Re-resolve after creating parents: a link planted inside the target is refused.
        const again = this.paths.resolveWritable(dest.wxPath);
        const out = this.openHost(again, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC);
        try {
          host(again, () => writeAll(out, data, 0));
        } finally {
          fs.closeSync(out);
        }
      }
    });
  }

  /**
   * `readZipEntry`: the bytes of named entries (or 'all' files). Each result is
   * `{data}` or `{error}`; a missing entry fails only that entry.
   */
  readZipEntries(
    zipFilePath: unknown,
    wanted: 'all' | Array<{ path: string; position?: number; length?: number }>,
  ): Map<string, { data: Buffer } | { error: FsError }> {
    const z = this.resolveFile(zipFilePath);
    const out = new Map<string, { data: Buffer } | { error: FsError }>();
    this.withZip(z, (fd, entries) => {
      let held = 0;
      const byName = new Map(entries.map((e) => [e.name, e]));
      const list = wanted === 'all' ? entries.filter((e) => !e.isDirectory).map((e) => ({ path: e.name })) : wanted;
      for (const w of list) {
        const e = byName.get(w.path) ?? byName.get(w.path.replace(/^\/+/, ''));
        if (!e || e.isDirectory) {
          out.set(w.path, { error: FsError.noEntry(w.path) });
          continue;
        }
        if (e.size > this.maxReadBytes) {
          out.set(w.path, { error: FsError.quota() }); // the readFile limit applies per entry
          continue;
        }
        // …and to the whole answer: the entries held at once never exceed it either
        if (held + e.size > this.maxReadBytes) {
          out.set(w.path, { error: FsError.quota() });
          continue;
        }
        try {
          let data = readEntryData(fd, z.size, e);
          const { position, length } = w as { position?: number; length?: number };
          if (position !== undefined || length !== undefined) {
            const start = position ?? 0;
            if (!Number.isInteger(start) || start < 0 || (start >= data.length && data.length > 0)) throw FsError.positionRange();
            const len = length ?? data.length - start;
            if (!Number.isInteger(len) || len < 0 || start + len > data.length) throw FsError.lengthRange();
            data = data.subarray(start, start + len);
          }
          held += data.length;
          out.set(w.path, { data });
        } catch (err) {
          out.set(w.path, { error: err instanceof FsError ? err : FsError.unzipEntry(w.path) });
        }
      }
    });
    return out;
  }

  // ---- fds ---------------------------------------------------------------------------

  /** `open`: returns the client's fd, a string. */
  open(wxPath: unknown, flag = 'r'): string {
    const spec = Object.prototype.hasOwnProperty.call(OPEN_FLAGS, flag) ? OPEN_FLAGS[flag] : undefined;
    if (!spec) throw FsError.invalidFlag();
    const r = this.paths.resolve(wxPath);
    if (spec.write && !r.writable) throw FsError.flagPermission();
    if (this.fds.size >= MAX_OPEN_FDS) throw FsError.tooManyFds();
    if (existingSize(r) === 'dir') throw FsError.illegalOnDirectory(r.wxPath);
    const hostFd = this.openHost(r, spec.flags);
    const fd = String(this.nextFd++);
    this.fds.set(fd, { hostFd, read: spec.read, write: spec.write, r });
    return fd;
  }

  close(fd: string): void {
    const f = this.fd(fd);
    this.fds.delete(fd);
    fs.closeSync(f.hostFd);
  }

  fstat(fd: string): FileStatInfo {
    return statInfo(fs.fstatSync(this.fd(fd).hostFd));
  }

  ftruncate(fd: string, length: number): void {
    const f = this.fd(fd);
    if (!f.write) throw FsError.fdPermission();
    if (!Number.isInteger(length) || length < 0) throw FsError.lengthRange();
    this.assertQuota(length - fs.fstatSync(f.hostFd).size);
    host(f.r, () => fs.ftruncateSync(f.hostFd, length));
  }

  /**
   * `read`: into `target[offset, offset+length)` from `position` (null = the fd's
   * current position, which then advances — Node semantics).
   */
  read(fd: string, target: Buffer, offset: number, length: number, position: number | null): number {
    const f = this.fd(fd);
    if (!f.read) throw FsError.fdPermission();
    if (!Number.isInteger(offset) || offset < 0 || offset > target.length) throw FsError.offsetRange();
    if (!Number.isInteger(length) || length < 0 || offset + length > target.length) throw FsError.lengthRange();
    if (position !== null && (!Number.isInteger(position) || position < 0)) throw FsError.positionRange();
    if (length === 0) return 0;
    return host(f.r, () => fs.readSync(f.hostFd, target, offset, length, position));
  }

  /** `write`: bytes at `position` (null = current position; `a*` flags always append). */
  write(fd: string, data: Uint8Array, position: number | null): number {
    const f = this.fd(fd);
    if (!f.write) throw FsError.fdPermission();
    if (position !== null && (!Number.isInteger(position) || position < 0)) throw FsError.positionRange();
    const size = fs.fstatSync(f.hostFd).size;
    // Charged the file's logical growth, holes included: a 1-byte write at 10 GiB makes a
    // 10 GiB file (sparse on the host, but usedBytes and the phone count its length).
    // With a null position the fd's offset is at most the size, so growth ≤ the bytes written.
    const end = position === null ? size + data.byteLength : position + data.byteLength;
    this.assertQuota(end - size);
    return host(f.r, () => fs.writeSync(f.hostFd, data, 0, data.byteLength, position));
  }

  /** Closes every fd still open (Device disposal). */
  closeAll(): void {
    for (const [fd, f] of this.fds) {
      this.fds.delete(fd);
      try {
        fs.closeSync(f.hostFd);
      } catch {
        // already gone
      }
    }
  }

  // ---- helpers -----------------------------------------------------------------------

  private fd(fd: string): OpenFile {
    const f = this.fds.get(fd);
    if (!f) throw FsError.badFd();
    return f;
  }

  private resolveSaved(wxPath: unknown): ResolvedPath {
    const r = this.paths.resolve(wxPath);
    if (r.area !== 'saved') throw FsError.noEntry(r.wxPath);
    const st = host(r, () => fs.lstatSync(r.hostPath));
    if (!st.isFile()) throw FsError.noEntry(r.wxPath);
    return r;
  }

  private withZip(z: ResolvedPath & { size: number }, fn: (fd: number, entries: ZipEntry[]) => void): void {
    const fd = this.openHost(z, fs.constants.O_RDONLY);
    try {
      fn(fd, readCentralDirectory(fd, z.size));
    } finally {
      fs.closeSync(fd);
    }
  }

  /**
   * Opens a resolved path without following a symlink in its last component. An
   * in-area link (resolve already checked where it points) is opened at its
   * realpath, after checking that again.
   */
  private openHost(r: ResolvedPath, flags: number): number {
    const nofollow = fs.constants.O_NOFOLLOW;
    try {
      return fs.openSync(r.hostPath, flags | nofollow, 0o644);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ELOOP' && code !== 'EMLINK') throw fsErrorOf(err, r);
    }
    let real: string;
    let realRoot: string;
    try {
      real = fs.realpathSync(r.hostPath);
      realRoot = fs.realpathSync(r.root);
    } catch {
      throw FsError.outside(r.wxPath);
    }
    if (!isInside(realRoot, real)) throw FsError.outside(r.wxPath);
    return host(r, () => fs.openSync(real, flags | nofollow, 0o644));
  }
}

/**
 * The host path to follow for `r`: itself, or — when its last component is a
 * symlink (one that appeared after resolution, or an in-area link) — the link's
 * target after checking again that it is inside the area. Never a path outside.
 */
function followInside(r: ResolvedPath): string {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(r.hostPath);
  } catch {
    return r.hostPath; // missing: the caller's fs call reports ENOENT
  }
  if (!st.isSymbolicLink()) return r.hostPath;
  try {
    const real = fs.realpathSync(r.hostPath);
    if (isInside(fs.realpathSync(r.root), real)) return real;
  } catch {
    // dangling: refused below
  }
  throw FsError.outside(r.wxPath);
}

function newName(prefix: string, ext: string): string {
  const clean = ext
    .replace(/^\./, '')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 16)
    .toLowerCase();
  const hex = crypto.randomBytes(16).toString('hex');
  return clean ? `${prefix}${hex}.${clean}` : `${prefix}${hex}`;
}

/** Size of an existing file, 'dir' for a directory, undefined when missing. */
function existingSize(r: ResolvedPath): number | 'dir' | undefined {
  try {
    const st = fs.statSync(r.hostPath);
    return st.isDirectory() ? 'dir' : st.size;
  } catch {
    return undefined;
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

function sizeOr0(r: ResolvedPath): number {
  const s = existingSize(r);
  return typeof s === 'number' ? s : 0;
}

function writeAll(fd: number, data: Uint8Array, position: number | null): void {
  let done = 0;
  while (done < data.byteLength) {
    const n = fs.writeSync(fd, data, done, data.byteLength - done, position === null ? null : position + done);
    done += n;
  }
}

function duBytes(dir: string): number {
  let total = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += duBytes(p);
    else if (e.isFile()) total += fs.statSync(p).size;
  }
  return total;
}
