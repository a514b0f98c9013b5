/**
 * @jest-environment-options {"mpsim": {"app": {"networkTimeout": {"request": 250}}, "system": {"platform": "devtools"}, "quotaBytes": 50000}}
 *
 * The CA, routing and the Cloud as other tools use them (a plain node:https
 * client trusting only `caCertPath`), plus app-level settings of the runtime.
 */
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { Cloud } from '../../simulator/cloud';
import { CertificateAuthority } from '../../simulator/network/ca';
import { hostMatches, RoutingTable } from '../../simulator/network/routing';
import { call, server } from './helpers';

declare const mpsim: any;

describe('routing patterns', () => {
  test.each([
    ['test.url', 'test.url', true],
    ['test.url', 'TEST.URL:443', true],
    ['*.cos.*.myqcloud.com', 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com', true],
    ['*.cos.*.myqcloud.com', 'a.b.cos.ap-beijing.myqcloud.com', false],
    ['*.cos.*.myqcloud.com', 'cos.ap-beijing.myqcloud.com', false],
    ['*.example.com', 'example.com', false],
  ])('%s matches %s → %s', (pattern, host, expected) => {
    expect(hostMatches(pattern, host)).toBe(expected);
  });

  test('later routes win; removal restores', () => {
    const t = new RoutingTable();
    const a = server('a', ['*.x.test'], () => undefined);
    const b = server('b', [], () => undefined);
    t.mount(a);
    const remove = t.add('one.x.test', b);
    expect(t.match('one.x.test')).toBe(b);
    expect(t.match('two.x.test')).toBe(a);
    remove();
    expect(t.match('one.x.test')).toBe(a);
    expect(t.match('x.test')).toBeUndefined();
  });
});

describe('CA', () => {
  test('created once in the cache dir (concurrent loads agree) and reused; leaves carry the host as SAN', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-ca-'));
    try {
      const [a, b] = await Promise.all([CertificateAuthority.load(dir), CertificateAuthority.load(dir)]);
      expect(a.root.cert).toBe(b.root.cert);
      const again = await CertificateAuthority.load(dir);
      expect(again.root.cert).toBe(a.root.cert);
      expect(fs.readFileSync(again.certPath!, 'utf8')).toBe(a.root.cert);
      expect(fs.readdirSync(dir).sort()).toEqual(['ca-bundle.pem', 'ca-cert.pem']);
      const leaf = new X509Certificate((await a.issue('examplebucket-1250000000.cos.ap-beijing.myqcloud.com')).cert);
      expect(leaf.subjectAltName).toBe('DNS:examplebucket-1250000000.cos.ap-beijing.myqcloud.com');
      expect(leaf.verify(new X509Certificate(a.root.cert).publicKey)).toBe(true);
      expect(leaf.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
      const expired = new X509Certificate((await a.issue('x.test', 'expired')).cert);
      expect(new Date(expired.validTo).getTime()).toBeLessThan(Date.now());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unusable cache dir falls back to a per-user tmp dir', async () => {
    // A path below a regular file cannot be created, even by root.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-ro-')), 'file');
    fs.writeFileSync(file, 'x');
    try {
      const ca = await CertificateAuthority.load(path.join(file, 'sub'));
      expect(ca.certPath!.startsWith(path.join(os.tmpdir(), 'mpsim-cache-'))).toBe(true);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

describe('Cloud for other clients', () => {
  test('a wildcard route (COS virtual host) gets its own certificate and keeps Host', async () => {
    const cloud = await Cloud.start({
      servers: [server('cosish', ['*.cos.*.myqcloud.com'], (req, res) => res.end(String(req.headers.host)))],
    });
    try {
      const host = 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com';
      const body = await new Promise<string>((resolve, reject) => {
        const req = https.request(
          { host: '127.0.0.1', port: cloud.port, servername: host, headers: { host }, ca: cloud.caCert, agent: false },
          (res) => {
            let s = '';
            res.on('data', (c) => (s += c));
            res.on('end', () => resolve(s));
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(body).toBe(host);
    } finally {
      await cloud.close();
    }
  });

  test('a node:https client trusting only caCertPath reaches a routed host by SNI + Host', async () => {
    const cloud = await Cloud.start();
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const req = https.request(
          {
            host: '127.0.0.1',
            port: cloud.port,
            servername: 'test.url',
            headers: { host: 'test.url' },
            path: '/anything?q=1',
            ca: fs.readFileSync(cloud.caCertPath!),
            agent: false,
          },
          (res) => {
            let s = '';
            res.on('data', (c) => (s += c));
            res.on('end', () => resolve(s));
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(JSON.parse(body)).toMatchObject({ method: 'GET', rawQuery: 'q=1', headers: { host: 'test.url' } });
      expect(cloud.servers.echo?.name).toBe('echo');
    } finally {
      await cloud.close();
    }
  });

  test('an unrouted SNI name fails the handshake', async () => {
    const cloud = await Cloud.start({ servers: [] });
    try {
      const err = await new Promise<Error>((resolve) => {
        const req = https.request({ host: '127.0.0.1', port: cloud.port, servername: 'test.url', ca: cloud.caCert, agent: false }, () =>
          resolve(new Error('answered')),
        );
        req.on('error', resolve);
        req.end();
      });
      expect(err.message).not.toBe('answered');
    } finally {
      await cloud.close();
    }
  });
});

describe('app-level settings', () => {
  test('app.json networkTimeout.request applies when the call gives none', async () => {
    const { res } = await call('request', { url: 'https://echo.mpsim.test/delay/3000' });
    expect(res.errMsg).toBe('request:fail timeout');
  });

  test('Referer version is `devtools` on the devtools platform', async () => {
    const { res } = await call('request', { url: 'https://echo.mpsim.test/headers' });
    expect(res.data.headers.referer).toMatch(/^https:\/\/servicewechat\.com\/[^/]+\/devtools\/page-frame\.html$/);
  });

  test('a download into the user area respects the files quota and leaves nothing', async () => {
    const { ok, res } = await call('downloadFile', { url: 'https://echo.mpsim.test/bytes/100000', filePath: 'wxfile://usr/q.bin' });
    expect(ok).toBe(false);
    expect(res.errMsg).toMatch(/^downloadFile:fail .*exceeded/);
    expect(fs.existsSync(mpsim.device.toHostPath('wxfile://usr/q.bin'))).toBe(false);
    const small = await call('downloadFile', { url: 'https://echo.mpsim.test/bytes/1000', filePath: 'wxfile://usr/q.bin' });
    expect(small.ok).toBe(true);
  });

  test('mpsim.network.mount adds a server on its own hosts', async () => {
    mpsim.network.mount(server('extra', ['*.extra.test'], (_q, r) => r.end('extra')));
    const { res } = await call('request', { url: 'https://a.extra.test/' });
    expect(res.data).toBe('extra');
    expect(mpsim.network.servers.extra.name).toBe('extra');
  });
});
