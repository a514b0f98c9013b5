/**
 * The object stores' off-thread MD5 (simulator/hash-thread.ts): digests equal
 * node's for files written in steps, jobs are independent (one never finished does
 * not hold up another), a cancelled job leaves the worker usable, and a job whose
 * file went away still ends in an answer (the calling thread's fallback).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { digestFd, fileMd5, hashThreadRunning, md5OfFile } from '../../simulator/hash-thread';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-md5w-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
let n = 0;
const fresh = () => {
  const f = path.join(dir, `f${n++}`);
  fs.writeFileSync(f, '');
  return f;
};
const bytes = (size: number, seed: number) => {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * seed + (i >> 9)) & 0xff;
  return b;
};

test('a file written in steps, told as it grows: the same digest as node; empty and small files too', async () => {
  for (const size of [0, 1, 1000, 3 * 1024 * 1024 + 17]) {
    const f = fresh();
    const data = bytes(size, 7 + size);
    const h = fileMd5(f);
    const fd = fs.openSync(f, 'w');
    for (let off = 0; off < size; off += 256 * 1024) {
      const piece = data.subarray(off, off + 256 * 1024);
      fs.writeSync(fd, piece, 0, piece.length, off);
      h.written(off + piece.length);
    }
    fs.closeSync(fd);
    expect((await h.finish(size)).toString('hex')).toBe(md5(data));
  }
});

test('jobs are independent: one never finished does not hold up another', async () => {
  const stuck = fileMd5(fresh()); // an upload that hangs: never finished
  const f = fresh();
  const data = bytes(2 * 1024 * 1024, 3);
  fs.writeFileSync(f, data);
  const h = fileMd5(f);
  h.written(data.length);
  expect((await h.finish(data.length)).toString('hex')).toBe(md5(data));
  stuck.cancel(); // the hung request is finally torn down
});

test('many jobs at once, interleaved', async () => {
  const jobs = Array.from({ length: 12 }, (_, i) => {
    const f = fresh();
    const data = bytes(300_000 + i * 70_000, i + 2);
    return { f, data, h: fileMd5(f) };
  });
  for (const j of jobs) fs.writeFileSync(j.f, j.data);
  const got = await Promise.all(jobs.map((j) => j.h.finish(j.data.length)));
  expect(got.map((d) => d.toString('hex'))).toEqual(jobs.map((j) => md5(j.data)));
});

test('a cancelled job (upload aborted, file removed) leaves the worker usable', async () => {
  const f = fresh();
  fs.writeFileSync(f, bytes(2 * 1024 * 1024, 5));
  const h = fileMd5(f);
  h.written(2 * 1024 * 1024);
  h.cancel();
  fs.rmSync(f);
  const g = fresh();
  const data = bytes(123_456, 9);
  fs.writeFileSync(g, data);
  const k = fileMd5(g);
  expect((await k.finish(data.length)).toString('hex')).toBe(md5(data));
});

test('a file shorter than announced still gets an answer (the fallback hashes what is there)', async () => {
  const f = fresh();
  const data = bytes(5000, 11);
  fs.writeFileSync(f, data);
  const h = fileMd5(f);
  // the worker cannot read 10000 bytes: its error sends the job to the calling thread's fallback
  await expect(h.finish(10000).then((d) => d.toString('hex'))).resolves.toBe(md5(data));
});

test('md5OfFile: the first `size` bytes of a complete file (the APPEND etag, VOD Commit)', async () => {
  const f = fresh();
  const data = bytes(3 * 1024 * 1024 + 5, 17);
  fs.writeFileSync(f, data);
  expect((await md5OfFile(f, data.length)).toString('hex')).toBe(md5(data));
  expect((await md5OfFile(f, 1000)).toString('hex')).toBe(md5(data.subarray(0, 1000)));
  expect((await md5OfFile(f, 0)).toString('hex')).toBe(md5(Buffer.alloc(0)));
});

test('digestFd: md5 / sha1 / sha256 of an fd the caller keeps open', async () => {
  const f = fresh();
  const data = bytes(2 * 1024 * 1024 + 3, 13);
  fs.writeFileSync(f, data);
  const fd = fs.openSync(f, 'r');
  try {
    for (const alg of ['md5', 'sha1', 'sha256'] as const) {
      expect((await digestFd(fd, data.length, alg)).toString('hex')).toBe(createHash(alg).update(data).digest('hex'));
    }
    expect(fs.fstatSync(fd).size).toBe(data.length); // still open: the worker never closes a caller's fd
  } finally {
    fs.closeSync(fd);
  }
});

test('an idle worker ends after 2 s (an open job keeps it) and the next job starts a fresh one', async () => {
  const f = fresh();
  const data = bytes(100_000, 17);
  fs.writeFileSync(f, data);
  const h = fileMd5(f);
  expect(hashThreadRunning()).toBe(true);
  const open = fileMd5(f); // an upload still in flight
  expect((await h.finish(data.length)).toString('hex')).toBe(md5(data));
  await new Promise((r) => setTimeout(r, 2300));
  expect(hashThreadRunning()).toBe(true);
  open.cancel();
  await new Promise((r) => setTimeout(r, 2300));
  expect(hashThreadRunning()).toBe(false);
  const again = fileMd5(f);
  expect((await again.finish(data.length)).toString('hex')).toBe(md5(data));
});
