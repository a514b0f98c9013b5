/**
 * MD5 of a file being written, computed on a worker thread that reads the bytes
 * back from the file (the page cache) as the writer reports them written.
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
  try { fs.closeSync(job.fd); } catch (e) {}
}
parentPort.on('message', (m) => {
  try {
    if (m.t === 'open') {
      jobs.set(m.id, { fd: fs.openSync(m.file, 'r'), pos: 0, hash: createHash('md5') });
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

/** Hashes the file on this thread (no worker, or it died). */
async function md5OfFileHere(file: string, size: number): Promise<Buffer> {
  const h = createHash('md5');
  if (size > 0)
    for await (const c of fs.createReadStream(file, { start: 0, end: size - 1, highWaterMark: 1024 * 1024 })) h.update(c as Buffer);
  return h.digest();
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
  w.postMessage({ t: 'open', id, file });
  let told = 0;
  return {
    written(n) {
      // batch the notices: one per MiB is plenty for the reader to keep up
      if (n - told < 1024 * 1024) return;
      told = n;
      worker?.postMessage({ t: 'adv', id, n });
    },
    finish(size) {
      const current = worker;
      if (!current) return md5OfFileHere(file, size);
      return new Promise<Buffer>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        current.ref(); // a digest is owed: stay alive until it comes
        current.postMessage({ t: 'end', id, n: size });
      }).catch(() => md5OfFileHere(file, size)); // the worker died: hash here, same answer
    },
    cancel() {
      worker?.postMessage({ t: 'cancel', id });
    },
  };
}
