/**
 * The mini program's path scheme and its mapping onto the Device's sandbox dir.
 *
 * | area    | device mode             | devtools mode          | on disk                  | writable |
 * |---------|-------------------------|------------------------|--------------------------|----------|
 * | user    | `wxfile://usr/...`      | `http://usr/...`       | `<sandbox>/usr/...`      | yes      |
 * | temp    | `wxfile://tmp_<hex>.ext`| `http://tmp/<name>`    | `<sandbox>/tmp/<name>`   | no       |
 * | saved   | `wxfile://store_<hex>.ext` | `http://store/<name>` | `<sandbox>/store/<name>` | no     |
 * | package | `/a/b` or `a/b`         | same                   | `<packageDir>/a/b`       | no       |
 *
 * Resolution is lexical first (no `..` may climb out of an area, NUL bytes and
 * unknown schemes are refused, nothing is percent-decoded: `%2e%2e` is a literal
 * file name as on the phone) and then physical: an existing path, or the nearest
 * existing ancestor of a new one, must still be inside the area after following
 * symlinks. Nothing outside the sandbox is ever read or written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FsError } from './fs-error';

export type PathMode = 'device' | 'devtools';
export type Area = 'user' | 'temp' | 'saved' | 'package';

export interface ResolvedPath {
  area: Area;
  /** The path as user code wrote it (used in error messages). */
  wxPath: string;
  /** Absolute host path inside the area's root. */
  hostPath: string;
  /** Root of the area on disk. */
  root: string;
  /** Path relative to the area root, '' for the root itself. */
  relative: string;
  writable: boolean;
}

export interface SandboxLayout {
  root: string;
  user: string;
  temp: string;
  saved: string;
  package?: string;
}

const MAX_PATH = 4096;
const MAX_NAME = 255;

export class PathScheme {
  constructor(
    readonly mode: PathMode,
    readonly layout: SandboxLayout,
  ) {}

  get userDataPath(): string {
    return this.mode === 'device' ? 'wxfile://usr' : 'http://usr';
  }

  /** The wx path of a temp file with the given file name (`tmp_<hex>.<ext>`). */
  tempPath(fileName: string): string {
    return this.mode === 'device' ? `wxfile://${fileName}` : `http://tmp/${fileName}`;
  }

  savedPath(fileName: string): string {
    return this.mode === 'device' ? `wxfile://${fileName}` : `http://store/${fileName}`;
  }

  /** The wx path of a host path inside the user area (used by readdir-like results). */
  userPath(relative: string): string {
    return relative ? `${this.userDataPath}/${relative}` : this.userDataPath;
  }

  /**
   * Resolves a wx path. Throws FsError for anything that is not a path inside one
   * of the areas (never returns a host path outside the sandbox).
   */
  resolve(wxPath: unknown): ResolvedPath {
    if (typeof wxPath !== 'string' || wxPath.length === 0) throw FsError.noEntry(String(wxPath));
    if (wxPath.length > MAX_PATH) throw FsError.nameTooLong(wxPath.slice(0, 64) + '...');
    if (wxPath.includes('\0')) throw FsError.outside(wxPath.replace(/\0/g, '\\0'));

    const { area, rest } = this.splitArea(wxPath);
    const root = this.rootOf(area, wxPath);
    const segments = normalise(rest, wxPath);
    for (const s of segments) if (Buffer.byteLength(s) > MAX_NAME) throw FsError.nameTooLong(wxPath);

    if ((area === 'temp' || area === 'saved') && segments.length !== 1) {
      // Temp and saved files are flat: `wxfile://tmp_x.jpg`, never a directory tree.
      throw FsError.noEntry(wxPath);
    }
    const relative = segments.join('/');
    const hostPath = relative ? path.join(root, ...segments) : root;
    assertInside(root, hostPath, wxPath);
    assertPhysicallyInside(root, hostPath, wxPath);
    return { area, wxPath, hostPath, root, relative, writable: area === 'user' };
  }

  /** Like resolve, but also requires the area to be writable. */
  resolveWritable(wxPath: unknown): ResolvedPath {
    const r = this.resolve(wxPath);
    if (!r.writable) throw FsError.readOnly(r.wxPath);
    return r;
  }

  private splitArea(wxPath: string): { area: Area; rest: string } {
    const device = 'wxfile://';
    const devtools = 'http://';
    // Only the prefix of the current mode names a local file: in device mode
    // `http://usr/a` is a URL (and in devtools mode `wxfile://` is not a scheme the
    // tools know), so the other prefix is refused like any unknown scheme.
    if (wxPath.startsWith(device) && this.mode === 'device') {
      const body = wxPath.slice(device.length);
      if (body === 'usr' || body.startsWith('usr/')) return { area: 'user', rest: body.slice(3) };
      if (body.startsWith('tmp_')) return { area: 'temp', rest: body };
      if (body.startsWith('store_')) return { area: 'saved', rest: body };
      throw FsError.outside(wxPath);
    }
    if (wxPath.startsWith(devtools) && this.mode === 'devtools') {
      const body = wxPath.slice(devtools.length);
      if (body === 'usr' || body.startsWith('usr/')) return { area: 'user', rest: body.slice(3) };
      if (body.startsWith('tmp/')) return { area: 'temp', rest: body.slice(4) };
      if (body.startsWith('store/')) return { area: 'saved', rest: body.slice(6) };
      throw FsError.outside(wxPath);
    }
    // Any other scheme (file:, https:, data:, C:\ ...) is not a local file of the mini program.
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(wxPath)) throw FsError.outside(wxPath);
    if (wxPath.startsWith('\\')) throw FsError.outside(wxPath);
    // Code-package path: `/a/b` and `a/b` are both relative to the project root.
    return { area: 'package', rest: wxPath };
  }

  private rootOf(area: Area, wxPath: string): string {
    switch (area) {
      case 'user':
        return this.layout.user;
      case 'temp':
        return this.layout.temp;
      case 'saved':
        return this.layout.saved;
      case 'package':
        if (!this.layout.package) throw FsError.noEntry(wxPath);
        return this.layout.package;
    }
  }
}

/** Lexical normalisation inside an area: `.` dropped, `..` may not climb above the area root. */
function normalise(rest: string, wxPath: string): string[] {
  const out: string[] = [];
  for (const seg of rest.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) throw FsError.outside(wxPath);
      out.pop();
      continue;
    }
    out.push(seg);
  }
  return out;
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function assertInside(root: string, p: string, wxPath: string): void {
  if (!isInside(root, p)) throw FsError.outside(wxPath);
}

/** Follows symlinks of the path (or of its nearest existing ancestor) and checks the result. */
function assertPhysicallyInside(root: string, hostPath: string, wxPath: string): void {
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    return; // the area does not exist yet: nothing under it can be a link out
  }
  let probe = hostPath;
  for (;;) {
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(probe);
    } catch {
      st = undefined;
    }
    if (st) {
      let real: string;
      try {
        real = fs.realpathSync(probe);
      } catch {
        // A dangling symlink: where it points cannot be checked, so refuse it.
        throw FsError.outside(wxPath);
      }
      if (!isInside(realRoot, real)) throw FsError.outside(wxPath);
      return;
    }
    const parent = path.dirname(probe);
    if (parent === probe || !isInside(root, parent)) return;
    probe = parent;
  }
}
