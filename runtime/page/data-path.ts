/**
 * setData path keys (`a.b[0].c`), data cloning and the 1024 kB limit.
 */
import type { Realm } from '../realm';

export type PathSegment = string | number;

/** A malformed setData key (`a..b`, `a[x]`). */
export class DataPathError extends Error {}

/**
 * Parses a setData key: `a.b[0].c` → ['a','b',0,'c']. Dots separate names and
 * `[n]` indexes arrays, as the client does; `[` inside a name is not allowed.
 */
export function parseDataPath(key: string): PathSegment[] {
  const out: PathSegment[] = [];
  let i = 0;
  let name = '';
  let expectName = true;
  while (i < key.length) {
    const c = key[i];
    if (c === '.') {
      if (expectName && !name) throw new DataPathError(`bad data path "${key}"`);
      if (name) out.push(name);
      name = '';
      expectName = true;
      i++;
    } else if (c === '[') {
      if (name) out.push(name);
      else if (out.length === 0) throw new DataPathError(`bad data path "${key}"`);
      name = '';
      const close = key.indexOf(']', i);
      const idx = key.slice(i + 1, close);
      if (close < 0 || !/^\d+$/.test(idx)) throw new DataPathError(`bad data path "${key}": index must be a number`);
      out.push(Number(idx));
      i = close + 1;
      expectName = false;
      if (i < key.length && key[i] !== '.' && key[i] !== '[') throw new DataPathError(`bad data path "${key}"`);
    } else {
      name += c;
      i++;
    }
  }
  if (name) out.push(name);
  else if (expectName) throw new DataPathError(`bad data path "${key}"`);
  return out;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Sets `value` at `path` inside `root`, creating objects/arrays (in `realm`) on the way. */
export function setAtPath(root: Record<string, unknown>, path: PathSegment[], value: unknown, realm: Realm): void {
  let cur: Record<string | number, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i];
    if (typeof seg === 'string' && FORBIDDEN.has(seg)) throw new DataPathError(`bad data path segment "${seg}"`);
    let next = cur[seg];
    if (next === null || typeof next !== 'object') {
      next = typeof path[i + 1] === 'number' ? new realm.Array() : new realm.Object();
      cur[seg] = next;
    }
    cur = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (typeof last === 'string' && FORBIDDEN.has(last)) throw new DataPathError(`bad data path segment "${last}"`);
  cur[last] = value;
}

export function getAtPath(root: unknown, path: PathSegment[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Object.prototype.hasOwnProperty.call(cur, seg) ? (cur as Record<string | number, unknown>)[seg] : undefined;
  }
  return cur;
}

/**
 * Deep copy of JSON-like data that keeps each value's realm (arrays via
 * `slice(0,0)`, objects via their own prototype), so `instanceof Array` in the
 * test realm still holds for a page's initial data. Functions, Dates and other
 * class instances are kept by reference.
 */
export function cloneData<T>(v: T): T {
  if (Array.isArray(v)) {
    const out = v.slice(0, 0);
    for (const item of v) out.push(cloneData(item));
    return out as T;
  }
  if (v && typeof v === 'object' && Object.prototype.toString.call(v) === '[object Object]') {
    const proto = Object.getPrototypeOf(v) as object | null;
    if (proto !== null && Object.getPrototypeOf(proto) !== null) return v;
    const out = Object.create(proto) as Record<string, unknown>;
    for (const k of Object.keys(v)) out[k] = cloneData((v as Record<string, unknown>)[k]);
    return out as T;
  }
  return v;
}

/** Bytes setData would send to the view layer (its JSON form). */
export function dataSize(data: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(data) ?? '', 'utf8');
  } catch {
    return 0;
  }
}

/** The client's per-call limit: 1024 kB (wx-api-semantics §8.6). */
export const SET_DATA_LIMIT = 1024 * 1024;

/** True when observer path `watch` (segments, may end in '**') is touched by a set of `changed`. */
export function pathTouches(watch: PathSegment[], changed: PathSegment[]): boolean {
  const deep = watch[watch.length - 1] === '**';
  const w = deep ? watch.slice(0, -1) : watch;
  const n = Math.min(w.length, changed.length);
  for (let i = 0; i < n; i++) if (String(w[i]) !== String(changed[i])) return false;
  // changed is a prefix of watch (a parent was replaced), or watch is a prefix of changed
  // (something inside changed: only reported for `**` or when exactly equal).
  if (changed.length <= w.length) return true;
  return deep;
}
