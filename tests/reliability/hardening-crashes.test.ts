/**
 * Issue 13, crashes: nothing from outside (a request to a routed server, a header
 * user code sets) and nothing user code throws may end the process.
 *
 * Raw requests go to a Cloud's plain HTTP listener with a Host header — what one
 * curl against `mpsim serve` sends; the phone's own requests go through wx.request.
 */
import * as http from 'node:http';
import { Cloud } from '../../simulator/cloud';
import { createEchoServer } from '../../simulator/servers/echo';
import { describeEscapes, watchEscapes } from '../helpers/reliability';
import { call } from '../network/helpers';

declare const mpsim: any;

const escaped = watchEscapes();
afterEach(() => mpsim.network.reset());

function raw(port: number, host: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = http.request({ host: '127.0.0.1', port, path, headers: { host, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end();
  });
}

describe('item 1: echo /status/:code outside 200..599 answers 400, never throws', () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await Cloud.start({ servers: [createEchoServer()] });
  });
  afterAll(() => cloud.close());

  test.each(['000', '099', '100', '101', '102', '103', '199', '600', '999'])(
    'raw GET /status/%s → 400 invalid status code',
    async (code) => {
      const res = await raw(cloud.httpPort, 'echo.mpsim.test', `/status/${code}`);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toEqual({ error: 'invalid status code', status: code });
    },
  );

  test('the server still answers afterwards, and in-range codes are unchanged', async () => {
    expect((await raw(cloud.httpPort, 'echo.mpsim.test', '/status/418')).status).toBe(418);
    expect((await raw(cloud.httpPort, 'echo.mpsim.test', '/status/200')).status).toBe(200);
  });

  test('a server writing an invalid status or header value from an event callback answers 500 (guard for every server)', async () => {
    const evil = {
      name: 'evil',
      hosts: ['evil.mpsim.test'],
      handle(req: http.IncomingMessage, res: http.ServerResponse) {
        req.resume();
        req.on('end', () => {
          if (req.url === '/status') res.writeHead(42);
          else if (req.url === '/header') res.setHeader('Location', 'a\r\nb');
          else res.writeHead(200, { 'Content-Type': 'text/\u4e2d' });
          res.end('never');
        });
      },
    };
    cloud.mount(evil);
    for (const path of ['/status', '/header', '/head']) {
      const res = await raw(cloud.httpPort, 'evil.mpsim.test', path);
      expect(res.status).toBe(500);
      expect(res.body).toMatch(/^mpsim: the server could not send its answer/);
    }
  });

  test('wx.request to /status/101 and /status/000 fails nothing: 400 with the JSON body', async () => {
    for (const code of ['000', '101', '103']) {
      const { ok, res } = await call('request', { url: `https://echo.mpsim.test/status/${code}` });
      expect(ok).toBe(true);
      expect(res.statusCode).toBe(400);
    }
  });

  test('failNext refuses a 1xx status (not a final response)', () => {
    expect(() => mpsim.network.failNext(1, { status: 101 })).toThrow('status must be 200..599');
  });
});

describe('item 2: x-mpsim-fault is the control surface alone', () => {
  let cloud: Cloud;
  let echo: ReturnType<typeof createEchoServer>;
  beforeAll(async () => {
    echo = createEchoServer();
    cloud = await Cloud.start({ servers: [echo] });
  });
  afterAll(() => cloud.close());

  test.each(['status=000', 'status=503', 'hang', 'reset', 'x status=503', `${'0'.repeat(32)} status=503`])(
    'an outside client sending "x-mpsim-fault: %s" gets the real answer and the server never sees the header',
    async (value) => {
      const res = await raw(cloud.httpPort, 'echo.mpsim.test', '/headers', { 'x-mpsim-fault': value });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).headers['x-mpsim-fault']).toBeUndefined();
    },
  );

  test.each(['status=000', 'status=503', 'hang', 'X-MPSIM-FAULT'])(
    'wx.request with header x-mpsim-fault: %s is answered by the server',
    async (value) => {
      const { ok, res } = await call('request', {
        url: 'https://echo.mpsim.test/headers',
        header: { 'X-Mpsim-Fault': value, 'x-mpsim-fault': value },
      });
      expect(ok).toBe(true);
      expect(res.statusCode).toBe(200);
      expect(res.data.headers['x-mpsim-fault']).toBeUndefined();
    },
  );

  test('the control surface still injects faults', async () => {
    mpsim.network.failNext(1, { status: 503 }, { host: 'echo.mpsim.test' });
    const { res } = await call('request', { url: 'https://echo.mpsim.test/anything', header: { 'x-mpsim-fault': 'status=500' } });
    expect(res.statusCode).toBe(503);
  });
});

afterAll(() => expect(describeEscapes(escaped)).toEqual([]));
