/**
 * Digests of files computed on a worker thread that reads the bytes from the file
 * (the page cache): the object stores' MD5 of a body as it is being written
 * (`fileMd5`), and `getFileInfo`'s digest of a sandbox file (`digestFd`).
 *
 * Why: MD5 was a third of the object store's CPU on a large PUT (profiled), all on
 * the thread that also reads the socket and, in tests and `mpsim run`, runs the
 * phone's JavaScript. Reading back from the file means no bytes are copied through
 * messages and a slow hasher never holds request data in memory; the writer only
 * says "written up to N" and, at the end, asks for the digest.
 *
 * One worker per process, started on first use, unref'd (never keeps a process
 * alive; a request in flight does). Jobs are independent: a hung upload never
 * delays another's digest. If the worker cannot start or dies, hashing falls back
 * to the calling thread (reading the file), with the same result.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';

// Plain JS evaluated in the worker: no file to locate from dist/, ts-node or jest.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { createHash } = require('node:crypto');
const jobs = new Map();
const buf = Buffer.allocUnsafe(1024 * 1024);
function pump(job, upTo) {
  while (job.pos < upTo) {
    const n = fs.readSync(job.fd, buf, 0, Math.min(buf.length, upTo - job.pos), job.pos);
    if (n <= 0) throw new Error('file shorter than written (' + job.pos + ' < ' + upTo + ')');
    job.hash.update(buf.subarray(0, n));
    job.pos += n;
  }
}
function drop(id) {
  const job = jobs.get(id);
  if (!job) return;
  jobs.delete(id);
  if (job.own) try { fs.closeSync(job.fd); } catch (e) {}
}
parentPort.on('message', (m) => {
  try {
    if (m.t === 'open') {
      // a caller-owned fd (m.fd) is read, never closed here
      const own = m.fd === undefined;
      jobs.set(m.id, { fd: own ? fs.openSync(m.file, 'r') : m.fd, own, pos: 0, hash: createHash(m.alg || 'md5') });
    } else if (m.t === 'adv' || m.t === 'end') {
      const job = jobs.get(m.id);
      if (!job) {
        if (m.t === 'end') parentPort.postMessage({ id: m.id, error: 'no such job (it failed earlier)' });
        return;
      }
      pump(job, m.n);
      if (m.t === 'end') {
        const digest = job.hash.digest();
        drop(m.id);
        parentPort.postMessage({ id: m.id, digest });
      }
    } else if (m.t === 'cancel') {
      drop(m.id);
    }
  } catch (err) {
    drop(m.id);
    // an 'adv' that failed is reported when the digest is asked for ('end' finds no job)
    if (m.t === 'end') parentPort.postMessage({ id: m.id, error: String((err && err.message) || err) });
  }
});
`;

interface Waiter {
  resolve(d: Buffer): void;
  reject(e: Error): void;
}

let worker: Worker | undefined;
let unavailable = false;
let nextId = 0;
/** Jobs whose digest was asked for and not answered yet. */
const waiting = new Map<number, Waiter>();
/** Jobs opened and not yet answered or cancelled. */
let active = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
/**
 * An idle worker is ended after this long (a new one starts on the next job, in
 * ~30 ms): jest loads this module once per test file that imports the simulator,
 * and a worker per test file must not outlive its file.
 */
const IDLE_MS = 2000;

function jobStarted(): void {
  active++;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
}

function jobEnded(): void {
  active = Math.max(0, active - 1);
  if (active > 0 || !worker) return;
  idleTimer = setTimeout(() => {
    idleTimer = undefined;
    if (active > 0 || !worker) return;
    const w = worker;
    worker = undefined; // not `unavailable`: the next job starts a fresh one
    void w.terminate();
  }, IDLE_MS);
  idleTimer.unref?.();
}

function getWorker(): Worker | undefined {
  if (worker || unavailable) return worker;
  try {
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.on('message', (m: { id: number; digest?: Uint8Array; error?: string }) => {
      const waiter = waiting.get(m.id);
      if (!waiter) return;
      waiting.delete(m.id);
      if (waiting.size === 0) w.unref();
      if (m.error !== undefined) waiter.reject(new Error(`md5 worker: ${m.error}`));
      else waiter.resolve(Buffer.from(m.digest!));
    });
    const dead = (err: Error) => {
      if (worker !== w) return;
      worker = undefined;
      unavailable = true;
      for (const [id, waiter] of waiting) {
        waiting.delete(id);
        waiter.reject(err);
      }
    };
    w.on('error', dead);
    w.on('exit', (code) => dead(new Error(`md5 worker exited (${code})`)));
    w.unref(); // after the listeners; ref'd only while a digest is owed
    worker = w;
  } catch {
    unavailable = true;
  }
  return worker;
}

/** Whether a worker thread is running now (for tests). */
export function hashThreadRunning(): boolean {
  return worker !== undefined;
}

/**
 * Digest of the first `size` bytes of an open fd on this thread (no worker, or it
 * died); the reads go through the thread pool, so a large file still does not
 * stop the event loop for its whole length.
 */
async function digestFdHere(fd: number, size: number, algorithm: string): Promise<Buffer> {
  const h = createHash(algorithm);
  const buf = Buffer.allocUnsafe(Math.min(1024 * 1024, Math.max(1, size)));
  const readAt = (pos: number) =>
    new Promise<number>((resolve, reject) =>
      fs.read(fd, buf, 0, Math.min(buf.length, size - pos), pos, (e, n) => (e ? reject(e) : resolve(n))),
    );
  for (let pos = 0; pos < size;) {
    const n = await readAt(pos);
    if (n <= 0) break;
    h.update(buf.subarray(0, n));
    pos += n;
  }
  return h.digest();
}

/** The same for a file by path. */
async function md5OfFileHere(file: string, size: number): Promise<Buffer> {
  const fh = await fs.promises.open(file, 'r');
  try {
    return await digestFdHere(fh.fd, size, 'md5');
  } finally {
    await fh.close();
  }
}

/** Sends the end of a job and waits for its digest (the worker is ref'd meanwhile). */
function ask(w: Worker, id: number, size: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    if (w !== worker) return reject(new Error('md5 worker gone')); // died since the job opened
    waiting.set(id, { resolve, reject });
    w.ref(); // a digest is owed: stay alive until it comes
    w.postMessage({ t: 'end', id, n: size });
  });
}

/**
 * Digest (md5, sha1, sha256) of the first `size` bytes of a file the caller opened
 * and keeps open until this settles: the sandbox opens it with its own checks, the
 * worker only reads the fd. Falls back to this thread when no worker runs.
 */
export function digestFd(fd: number, size: number, algorithm: 'md5' | 'sha1' | 'sha256'): Promise<Buffer> {
  const w = getWorker();
  if (!w) return digestFdHere(fd, size, algorithm);
  const id = ++nextId;
  jobStarted();
  w.postMessage({ t: 'open', id, fd, alg: algorithm });
  return ask(w, id, size)
    .catch(() => digestFdHere(fd, size, algorithm))
    .finally(jobEnded);
}

/** The MD5 of a file as it is written: call `written(n)` as bytes land, then `finish(size)`. */
export interface FileMd5 {
  /** The file holds at least `n` bytes now (monotonic). */
  written(n: number): void;
  /** The file is complete at `size` bytes: its MD5. */
  finish(size: number): Promise<Buffer>;
  /** The write failed: forget the job (call before unlinking the file). */
  cancel(): void;
}

/** Starts hashing `file` (it must exist already) off the calling thread. */
export function fileMd5(file: string): FileMd5 {
  const w = getWorker();
  if (!w) {
    return { written: () => undefined, finish: (size) => md5OfFileHere(file, size), cancel: () => undefined };
  }
  const id = ++nextId;
  jobStarted();
  w.postMessage({ t: 'open', id, file, alg: 'md5' });
  let told = 0;
  let ended = false;
  const end = () => {
    if (!ended) jobEnded();
    ended = true;
  };
  return {
    written(n) {
      // batch the notices: one per MiB is plenty for the reader to keep up
      if (n - told < 1024 * 1024) return;
      told = n;
      if (w === worker) w.postMessage({ t: 'adv', id, n });
    },
    finish(size) {
      // the worker failed or is gone: hash here, same answer
      return ask(w, id, size)
        .catch(() => md5OfFileHere(file, size))
        .finally(end);
    },
    cancel() {
      if (w === worker) w.postMessage({ t: 'cancel', id });
      end();
    },
  };
}

/** MD5 of the first `size` bytes of a complete file, off the calling thread. */
export function md5OfFile(file: string, size: number): Promise<Buffer> {
  return fileMd5(file).finish(size);
}
