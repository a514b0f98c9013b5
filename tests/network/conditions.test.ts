/**
 * Network conditions and transport guarantees: offline, failNext, reset,
 * latency, throttle, hang, certificates, the 10-task queue, no leaked fds.
 */
import * as fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import { Cloud } from '../../simulator/cloud';
import { Device } from '../../simulator/device';
import { call, server, sleep } from './helpers';

declare const mpsim: any;

const ECHO = 'https://echo.mpsim.test';

afterEach(() => mpsim.network.reset());

test('offline: requests fail without being sent; getNetworkType-facing connectivity says none; online again works', async () => {
  mpsim.network.offline();
  const before = mpsim.network.requests.length;
  const { ok, res } = await call('request', { url: `${ECHO}/anything` });
  expect(ok).toBe(false);
  expect(res.errMsg).toBe('request:fail fail:network interrupted error');
  expect(res.errno).toBe(600003);
  expect(mpsim.network.requests.length).toBe(before);
  mpsim.network.online();
  expect((await call('request', { url: `${ECHO}/anything` })).ok).toBe(true);
});

test('going offline cuts a request in flight', async () => {
  const pending = call('request', { url: `${ECHO}/delay/3000` });
  await sleep(100);
  mpsim.network.offline();
  const { ok, res } = await pending;
  expect(ok).toBe(false);
  expect(res.errMsg).toBe('request:fail fail:network interrupted error');
});

test('failNext(n, {status}) answers the next n matching requests, then normal service', async () => {
  mpsim.network.failNext(2, { status: 503 }, { host: 'echo.mpsim.test' });
  const other = await call('request', { url: 'https://test.url/anything' });
  expect(other.res.statusCode).toBe(200);
  const a = await call('request', { url: `${ECHO}/anything` });
  const b = await call('request', { url: `${ECHO}/anything` });
  const c = await call('request', { url: `${ECHO}/anything` });
  expect([a.res.statusCode, b.res.statusCode, c.res.statusCode]).toEqual([503, 503, 200]);
  expect(a.res.data).toBe('mpsim: injected status 503');
  // The injected header never reaches a server.
  expect(c.res.data.headers['x-mpsim-fault']).toBeUndefined();
});

test('failNext reset mid-body: a request body cut half way → fail before any server sees it', async () => {
  mpsim.network.failNext(1, { reset: 'mid-body' });
  const body = new Uint8Array(2 * 1024 * 1024).buffer;
  const { ok, res } = await call('request', { url: `${ECHO}/anything`, method: 'PUT', data: body });
  expect(ok).toBe(false);
  expect(res.errMsg).toBe('request:fail net::ERR_CONNECTION_RESET');
  const seen = mpsim.network.servers.echo.log.filter((r: any) => r.method === 'PUT');
  // The Cloud cut the connection before handing the request to the server.
  expect(seen.length).toBe(0);
  // A response cut half way
  mpsim.network.failNext(1, { reset: 'mid-body' });
  const r = await call('request', { url: `${ECHO}/bytes/100000` });
  expect(r.res.errMsg).toBe('request:fail net::ERR_CONNECTION_RESET');
});

test('latency is added before the request is sent (per host)', async () => {
  mpsim.network.latency(300, { host: '*.mpsim.test' });
  await call('request', { url: `${ECHO}/anything` });
  const rec = mpsim.network.requests[mpsim.network.requests.length - 1];
  expect(rec.endedAt - rec.startedAt).toBeGreaterThanOrEqual(290);
});

test('throttle caps the upload rate so progress is observable', async () => {
  const p = 'wxfile://usr/throttle.bin';
  fs.writeFileSync(mpsim.device.toHostPath(p), Buffer.alloc(512 * 1024, 1));
  mpsim.network.throttle({ upload: 1024 * 1024 });
  const events: number[] = [];
  const { ok } = await call('uploadFile', { url: 'https://test.url/upload', filePath: p, name: 'f' }, (t) =>
    t.onProgressUpdate((e: any) => events.push(e.progress)),
  );
  expect(ok).toBe(true);
  expect(events.length).toBeGreaterThan(10);
  const rec = mpsim.network.requests[mpsim.network.requests.length - 1];
  // 512 KiB at 1 MiB/s: at least ~0.45 s (a lower bound set by the throttle, not a speed claim).
  expect(rec.endedAt - rec.startedAt).toBeGreaterThanOrEqual(450);
});

test('hang → no response until the timeout', async () => {
  mpsim.network.hang({ host: 'echo.mpsim.test' });
  const { res } = await call('request', { url: `${ECHO}/anything`, timeout: 250 });
  expect(res.errMsg).toBe('request:fail timeout');
});

test('untrusted and expired certificates fail the handshake', async () => {
  mpsim.network.certificate('test.url', 'untrusted');
  const a = await call('request', { url: 'https://test.url/anything' });
  expect(a.res.errMsg).toBe('request:fail net::ERR_CERT_AUTHORITY_INVALID');
  mpsim.network.certificate('test.url', 'expired');
  const b = await call('uploadFile', { url: 'https://test.url/upload', filePath: 'wxfile://usr/throttle.bin', name: 'f' });
  expect(b.res.errMsg).toBe('uploadFile:fail net::ERR_CERT_DATE_INVALID');
  mpsim.network.certificate('test.url', 'valid');
  expect((await call('request', { url: 'https://test.url/anything' })).ok).toBe(true);
});

test('the 11th concurrent task queues and runs once one finishes', async () => {
  const held: ServerResponse[] = [];
  mpsim.network.route(
    'hold.mpsim.test',
    server('hold', [], (req, res) => {
      req.resume();
      held.push(res);
    }),
  );
  const tasks = Array.from({ length: 11 }, (_, i) =>
    i % 2 === 0 ? call('request', { url: `https://hold.mpsim.test/${i}` }) : call('downloadFile', { url: `https://hold.mpsim.test/${i}` }),
  );
  for (let i = 0; i < 100 && held.length < 10; i++) await sleep(20);
  await sleep(100);
  expect(held.length).toBe(10);
  held[0].end('done');
  for (let i = 0; i < 100 && held.length < 11; i++) await sleep(20);
  expect(held.length).toBe(11);
  for (const r of held.slice(1)) r.end('ok');
  const results = await Promise.all(tasks);
  expect(results.every((r) => r.ok)).toBe(true);
});

test('maxConcurrent and per-api queues are configurable', async () => {
  const held: ServerResponse[] = [];
  mpsim.network.route(
    'hold2.mpsim.test',
    server('hold2', [], (req, res) => (req.resume(), held.push(res))),
  );
  mpsim.network.rules({ maxConcurrent: 1, concurrency: 'per-api' });
  const a = call('request', { url: 'https://hold2.mpsim.test/a' });
  const b = call('request', { url: 'https://hold2.mpsim.test/b' });
  const c = call('downloadFile', { url: 'https://hold2.mpsim.test/c' });
  for (let i = 0; i < 100 && held.length < 2; i++) await sleep(20);
  await sleep(100);
  expect(held.length).toBe(2); // one request + one download; the second request waits
  for (let i = 0; i < 3; i++) {
    held[i].end('x');
    for (let j = 0; j < 50 && held.length < Math.min(3, i + 3); j++) await sleep(20);
  }
  expect((await Promise.all([a, b, c])).every((r) => r.ok)).toBe(true);
});

test('no leaked sockets or fds: a Device + Cloud pair returns to the fd baseline after dispose', async () => {
  const count = () => fs.readdirSync('/proc/self/fd').length;
  const round = async () => {
    const cloud = await Cloud.start();
    const device = new Device({ defaultAlbum: false });
    device.network.attach(cloud);
    const net = device.network;
    const drain = async (res: { body: AsyncIterable<Buffer> }) => {
      for await (const _ of res.body) void _;
    };
    const controller = new AbortController();
    const p = 'wxfile://usr/f.bin';
    fs.writeFileSync(device.toHostPath(p), Buffer.alloc(100000, 7));
    const mp = net.multipartUpload({ filePath: p, name: 'f', fields: [['a', '1']], boundary: 'b0undary', onFileBytes: () => undefined });
    await Promise.all([
      net.exchange({ api: 'request', method: 'GET', url: `${ECHO}/anything`, headers: {}, redirect: 'follow', controller }).then(drain),
      net
        .exchange({
          api: 'uploadFile',
          method: 'POST',
          url: 'https://test.url/upload',
          headers: { 'content-type': mp.contentType },
          body: mp.body,
          redirect: 'follow',
          controller,
        })
        .then(drain),
      net
        .exchange({ api: 'downloadFile', method: 'GET', url: `${ECHO}/bytes/70000`, headers: {}, redirect: 'follow', controller })
        .then(async (res) => {
          const t = net.downloadTarget(undefined, 'bin');
          await net.writeBody(res.body, t, 1e9, () => undefined);
        }),
    ]);
    // One left hanging on the server and cut by dispose.
    net.conditions.hang();
    const hung = net
      .exchange({ api: 'request', method: 'GET', url: `${ECHO}/anything`, headers: {}, redirect: 'follow', controller })
      .catch((e) => e);
    await sleep(50);
    await device.dispose();
    await cloud.close();
    expect(await hung).toBeInstanceOf(Error);
  };
  await round(); // warm-up: module loading and the CA file are one-time costs
  await sleep(50);
  const before = count();
  await round();
  await sleep(100);
  expect(count()).toBe(before);
});
