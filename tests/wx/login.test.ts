/**
 * wx.login end to end: the mini program sends its code to an app server (a real
 * HTTP handler behind the cloud's listener, reached by wx.request over HTTPS),
 * which calls https://api.weixin.qq.com/sns/jscode2session over real HTTPS — to
 * the cloud's port with SNI api.weixin.qq.com and the simulator CA, as a real
 * server configured with `--resolve` would — and answers openid/session_key.
 * Errors as WeChat documents them: 40029, 40163, 40125, 40013; expiry by clock.
 */
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSimulator, type Simulator } from '../../index';
import { createWeChatServer, DEFAULT_APP_SECRET, type WeChatServer } from '../../simulator/servers/wechat';
import type { LocalServer } from '../../simulator/servers/types';
import { createDecipheriv, createHash } from 'node:crypto';

let sim: Simulator;
let wx: any;
let secret = DEFAULT_APP_SECRET;
let skew = 0;
let wechat: WeChatServer;

/** GET jscode2session over real HTTPS to the simulator's cloud. */
function jscode2session(query: Record<string, string>): Promise<any> {
  const cloud = sim.cloud!;
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port: cloud.port,
        servername: 'api.weixin.qq.com',
        ca: cloud.caCert,
        headers: { host: 'api.weixin.qq.com' },
        path: `/sns/jscode2session?${new URLSearchParams(query)}`,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The developer's app server: POST /login { code } → its own exchange with WeChat. */
const appServer: LocalServer = {
  name: 'test-app',
  hosts: ['myapp.test'],
  handle(req: IncomingMessage, res: ServerResponse) {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const { code } = JSON.parse(body || '{}');
      const r = await jscode2session({ appid: sim.device.system.appId, secret, js_code: code, grant_type: 'authorization_code' });
      const text = JSON.stringify(r.body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(text);
    });
  },
};

beforeAll(async () => {
  sim = await createSimulator();
  wechat = createWeChatServer({ clock: () => Date.now() + skew });
  sim.cloud!.mount(wechat);
  sim.cloud!.mount(appServer);
  wx = sim.wx;
});
afterAll(() => sim.dispose());
afterEach(() => {
  secret = DEFAULT_APP_SECRET;
  skew = 0;
});

const login = (): Promise<string> => wx.login().then((r: any) => r.code);
const send = (code: string): Promise<any> =>
  new Promise((resolve, reject) =>
    wx.request({ url: 'https://myapp.test/login', method: 'POST', data: { code }, success: (r: any) => resolve(r.data), fail: reject }),
  );

test('login → app server → jscode2session → openid and session_key; checkSession ok', async () => {
  const code = await login();
  expect(code).toMatch(/^[0-9A-Za-z]{32}$/);
  const r = await send(code);
  expect(Object.keys(r).sort()).toEqual(['openid', 'session_key']);
  expect(r.openid).toBe(sim.mpsim.wechat.openid);
  expect(r.openid).toMatch(/^o[\w-]{27}$/);
  expect(Buffer.from(r.session_key, 'base64')).toHaveLength(16);
  expect(r.session_key).toBe(sim.mpsim.wechat.sessionKey);
  await expect(wx.checkSession()).resolves.toEqual({ errMsg: 'checkSession:ok' });
  // the same user gets the same openid at the next login, a fresh session_key
  const again = await send(await login());
  expect(again.openid).toBe(r.openid);
  expect(again.session_key).not.toBe(r.session_key);
});

test('a reused code answers 40163 code been used', async () => {
  const code = await login();
  await send(code);
  const r = await send(code);
  expect(r.errcode).toBe(40163);
  expect(r.errmsg).toMatch(/^code been used, rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
});

test('a wrong secret answers 40125 invalid appsecret; a made-up code 40029', async () => {
  secret = 'wrong';
  expect((await send(await login())).errcode).toBe(40125);
  secret = DEFAULT_APP_SECRET;
  const r = await send('0'.repeat(32));
  expect(r).toMatchObject({ errcode: 40029 });
  expect(r.errmsg).toMatch(/^invalid code, rid: /);
});

test('a code older than 5 minutes answers 40029 invalid code', async () => {
  const code = await login();
  skew = 5 * 60 * 1000 + 1000;
  expect((await send(code)).errcode).toBe(40029);
});

test('missing parameters and an unknown grant type answer their documented errcodes', async () => {
  const appid = sim.device.system.appId;
  expect((await jscode2session({ secret, js_code: 'x', grant_type: 'authorization_code' })).body.errcode).toBe(41002);
  expect((await jscode2session({ appid, js_code: 'x', grant_type: 'authorization_code' })).body.errcode).toBe(41004);
  expect((await jscode2session({ appid, secret, grant_type: 'authorization_code' })).body.errcode).toBe(41008);
  expect((await jscode2session({ appid, secret, js_code: 'x', grant_type: 'client_credential' })).body.errcode).toBe(40002);
  const r = await jscode2session({ appid, secret, js_code: 'x' });
  expect(r.status).toBe(200);
});

test('expired session: checkSession fails until the next login and exchange', async () => {
  await send(await login());
  sim.mpsim.wechat.expireSession();
  await expect(wx.checkSession()).rejects.toEqual({ errMsg: 'checkSession:fail session time out' });
  await send(await login());
  await expect(wx.checkSession()).resolves.toEqual({ errMsg: 'checkSession:ok' });
});

test('getUserInfo: signature and encryptedData verify with the session_key the app server got', async () => {
  const { session_key, openid } = await send(await login());
  const r = await wx.getUserInfo();
  expect(r.signature).toBe(
    createHash('sha1')
      .update(r.rawData + session_key)
      .digest('hex'),
  );
  const d = createDecipheriv('aes-128-cbc', Buffer.from(session_key, 'base64'), Buffer.from(r.iv, 'base64'));
  const plain = JSON.parse(Buffer.concat([d.update(Buffer.from(r.encryptedData, 'base64')), d.final()]).toString('utf8'));
  expect(plain).toMatchObject({ openId: openid, nickName: '微信用户', watermark: { appid: sim.device.system.appId } });
});

test('scripted failures: failNext answers 45011 once', async () => {
  sim.mpsim.wechat.failNext(1, 45011);
  expect((await send(await login())).errcode).toBe(45011);
  expect((await send(await login())).openid).toBeDefined();
});
