/**
 * What the reliability suites check around every case: that it ends (bounded),
 * that no exception or rejection escaped to the process, and that the process's
 * open fds come back (/proc/self/fd counts both ends of every loopback connection,
 * so the Cloud's sockets too).
 */
import * as fs from 'node:fs';

export const openFds = (): number => fs.readdirSync('/proc/self/fd').length;

/** Open fds once sockets had time to close: polls for up to 3 s until ≤ `before + slack` (pooled keep-alive connections may stay). */
export async function settledFds(before: number, slack = 4): Promise<number> {
  let fds = openFds();
  for (let i = 0; i < 30 && fds > before + slack; i++) {
    await new Promise((r) => setTimeout(r, 100));
    fds = openFds();
  }
  return fds;
}

/** `p`, or `onHang()` after `ms` — the guard timer cleared either way (a pending one keeps jest alive). */
export function bounded<T>(p: Promise<T>, ms: number, onHang: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(onHang()), ms)));
  return Promise.race([p, hung]).finally(() => clearTimeout(timer));
}

/**
 * Collects every uncaught exception and unhandled rejection that reaches the
 * process while the file's tests run (hooks registered here); the returned array
 * fills as they come.
 */
export function watchEscapes(): unknown[] {
  const escaped: unknown[] = [];
  const onEscape = (e: unknown) => escaped.push(e);
  beforeAll(() => {
    process.on('uncaughtException', onEscape);
    process.on('unhandledRejection', onEscape);
  });
  afterAll(() => {
    process.off('uncaughtException', onEscape);
    process.off('unhandledRejection', onEscape);
  });
  return escaped;
}

/** Stacks (or values) of what escaped, for a readable `toEqual([])`. */
export const describeEscapes = (escaped: unknown[]): string[] => escaped.map((e) => String((e as Error)?.stack ?? e));
