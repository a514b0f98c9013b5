/**
 * The Device's files: every byte the mini program reads or writes goes through
 * here, after PathScheme has placed the path inside the sandbox.
 *
 * Areas (see paths.ts): user files (`wxfile://usr`, the only writable area),
 * temp files (created only by APIs: choosers, downloads, compressImage), saved
 * files (`saveFile` moves a temp file there) and the read-only code package.
 * User and saved files share one quota (200 MB by default, configurable).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FsError } from './fs-error';
import { PathScheme, type ResolvedPath } from './paths';

export const DEFAULT_QUOTA_BYTES = 200 * 1024 * 1024;

export interface SandboxFilesOptions {
  /** Bytes allowed for user + saved files together (default 200 MB). */
  quotaBytes?: number;
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

export class SandboxFiles {
  readonly quotaBytes: number;

  constructor(
    readonly paths: PathScheme,
    options: SandboxFilesOptions = {},
  ) {
    this.quotaBytes = options.quotaBytes ?? DEFAULT_QUOTA_BYTES;
    for (const dir of [paths.layout.user, paths.layout.temp, paths.layout.saved]) fs.mkdirSync(dir, { recursive: true });
  }

  /** A fresh temp file name: `tmp_<32 hex>.<ext>` (ext without dot; none when empty). */
  newTempName(ext: string): string {
    const clean = ext.replace(/^\./, '').replace(/[^A-Za-z0-9]/g, '').slice(0, 16).toLowerCase();
    const hex = crypto.randomBytes(16).toString('hex');
    return clean ? `tmp_${hex}.${clean}` : `tmp_${hex}`;
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
    let st: fs.Stats;
    try {
      st = fs.statSync(r.hostPath);
    } catch (err) {
      throw fsErrorOf(err, r);
    }
    if (st.isDirectory()) throw new FsError(1301003, `illegal operation on a directory, open ${r.wxPath}`);
    if (!st.isFile()) throw FsError.noEntry(r.wxPath);
    return { ...r, size: st.size };
  }

  /** A stream of a file's bytes (inclusive `end`, as fs.createReadStream). Never buffers the file. */
  openReadStream(wxPath: unknown, range: { start?: number; end?: number; highWaterMark?: number } = {}): fs.ReadStream {
    const r = this.resolveFile(wxPath);
    return fs.createReadStream(r.hostPath, range);
  }

  /** Bytes used by user + saved files (the quota's numerator). */
  usedBytes(): number {
    return duBytes(this.paths.layout.user) + duBytes(this.paths.layout.saved);
  }

  /** Throws the quota FsError when adding `extra` bytes would exceed the quota. */
  assertQuota(extra: number): void {
    if (extra > 0 && this.usedBytes() + extra > this.quotaBytes) throw FsError.quota();
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
