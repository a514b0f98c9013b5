/**
 * mpsim's own temp dirs (a phone's sandbox, the default cloud's server stores): named
 * `mpsim-<kind>-<pid>-<random>` under the OS temp dir, so one left behind by a process that
 * died without cleaning up (SIGKILL, an OOM-killed jest worker) can be recognised and swept
 * by the next process that starts a simulator. Server stores are created lazily — a phone
 * that never talks to COS makes no COS dir.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const NAME = /^mpsim-(?:device|cos|oss|vod-aliyun)-(\d+)-[0-9a-f]{12}$/;

/** A fresh, not yet created path for a temp dir of `kind` owned by this process. */
export function tempDirPath(kind: 'device' | 'cos' | 'oss' | 'vod-aliyun'): string {
  return path.join(os.tmpdir(), `mpsim-${kind}-${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
}

/** Creates a temp dir of `kind` now (a phone's sandbox is needed at once). */
export function makeTempDir(kind: 'device' | 'cos' | 'oss' | 'vod-aliyun'): string {
  const dir = tempDirPath(kind);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** True while process `pid` exists (EPERM: it exists but is another user's). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let swept = false;

/**
 * Removes mpsim temp dirs whose process is gone (once per process; never throws). Only
 * names of the form above, only dirs owned by this user.
 */
export function sweepStaleTempDirs(tmp = os.tmpdir()): string[] {
  if (swept && tmp === os.tmpdir()) return [];
  if (tmp === os.tmpdir()) swept = true;
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(tmp);
  } catch {
    return removed;
  }
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    const dir = path.join(tmp, name);
    try {
      const st = fs.lstatSync(dir);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // raced with its owner or another sweeper: fine
    }
  }
  return removed;
}

/**
 * `create()` on first property access: an object whose construction makes directories is
 * only built once something uses it.
 */
export function lazyObject<T extends object>(create: () => T): T {
  let real: T | undefined;
  const get = () => (real ??= create());
  return new Proxy({} as T, {
    get: (_t, prop) => {
      const r = get();
      const v = Reflect.get(r, prop, r) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(r) : v;
    },
    set: (_t, prop, value) => Reflect.set(get(), prop, value),
    has: (_t, prop) => Reflect.has(get(), prop),
  });
}
