/**
 * OSS V1 signatures: the signer against an independent reference written
 * from research §3.2/§3.4, and the OSS server's verifier against tampered
 * requests (each must answer 403 with the OSS code), STS tokens and expiry.
 */
import { createHmac } from 'node:crypto';
import { createOssServer, type OssServer } from '../../simulator/servers/oss';
import { ossStringToSign, signOssPolicy, signOssRequest } from '../../simulator/signing/oss';
import {
  AK,
  BUCKET,
  HOST,
  SK,
  T0,
  errorOf,
  keyPath,
  listen,
  md5b64,
  ossSend,
  policyFor,
  postForm,
  send,
  testClock,
  type Started,
} from './oss-helpers';

// ---------------------------------------------------------------- reference (research §3.4, written independently)

function refAuthorization(
  id: string,
  secret: string,
  verb: string,
  headers: Record<string, string>,
  bucket: string,
  key: string,
  subs: [string, string | null][],
): string {
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
  const ossHeaders = Object.keys(lower)
    .filter((k) => k.startsWith('x-oss-'))
    .sort()
    .map((k) => `${k}:${lower[k]!.trim()}\n`)
    .join('');
  const sorted = [...subs].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const resource = `/${bucket}/${key}` + (sorted.length ? '?' + sorted.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join('&') : '');
  const date = lower['x-oss-date'] ?? lower['date'] ?? '';
  const sts = `${verb}\n${lower['content-md5'] ?? ''}\n${lower['content-type'] ?? ''}\n${date}\n${ossHeaders}${resource}`;
  return `OSS ${id}:${createHmac('sha1', secret).update(sts).digest('base64')}`;
}

describe('V1 signer matches the reference', () => {
  const date = new Date(T0).toUTCString();
  it.each([
    ['PUT', { Date: date, 'Content-Type': 'video/mp4', 'Content-MD5': md5b64('x') }, 'sv/a b/c.mp4', [] as [string, string | null][]],
    [
      'POST',
      { Date: date, 'x-oss-date': date, 'X-OSS-Security-Token': ' CAIStoken ' },
      'k',
      [['uploads', null]] as [string, string | null][],
    ],
    [
      'PUT',
      { Date: date, 'x-oss-meta-b': '2', 'x-oss-meta-a': '1' },
      'k',
      [
        ['uploadId', 'U1'],
        ['partNumber', '7'],
      ] as [string, string | null][],
    ],
    ['GET', { Date: date }, '中文/ключ.txt', [['uploadId', 'abc']] as [string, string | null][]],
  ])('%s %s', (verb, headers, key, subs) => {
    const query: Record<string, string> = { unsigned: 'x' };
    for (const [k, v] of subs) query[k] = v ?? '';
    const a = signOssRequest({ method: verb, bucket: 'bkt', key, query, headers, accessKeyId: 'id', accessKeySecret: 'secret' });
    expect(a).toBe(refAuthorization('id', 'secret', verb, headers, 'bkt', key, subs));
  });

  it('uses x-oss-date in the date slot when both are present', () => {
    const s = ossStringToSign({ method: 'get', bucket: 'b', key: 'k', headers: { Date: 'A', 'x-oss-date': 'B' } });
    expect(s).toBe('GET\n\n\nB\nx-oss-date:B\n/b/k');
  });

  it('signs a policy as base64(hmac-sha1(secret, policyBase64))', () => {
    const p = Buffer.from('{"expiration":"2030-01-01T00:00:00.000Z","conditions":[]}').toString('base64');
    expect(signOssPolicy('sk', p)).toBe(createHmac('sha1', 'sk').update(p).digest('base64'));
  });
});

describe('OSS server verifies signatures', () => {
  const clock = testClock();
  let oss: OssServer;
  let s: Started;
  beforeAll(async () => {
    oss = createOssServer({ clock: clock.fn });
    s = await listen(oss);
  });
  afterAll(() => s.stop());
  beforeEach(() => {
    clock.now = T0;
  });

  async function expect403(p: Promise<{ status: number; text: string }>, code: string): Promise<Record<string, string>> {
    const r = await p;
    const e = errorOf(r.text);
    expect({ status: r.status, code: e.Code }).toEqual({ status: 403, code });
    expect(e.RequestId).toMatch(/^[0-9A-F]{24}$/);
    expect(e.HostId).toMatch(/\.oss-cn-shanghai\.aliyuncs\.com$/);
    return e;
  }

  it('accepts a correctly signed PutObject and GetObject (reference-signed too)', async () => {
    const body = Buffer.from('hello oss');
    const put = await ossSend(s.port, {
      method: 'PUT',
      key: 'a/b.txt',
      body,
      date: clock.now,
      headers: { 'content-type': 'text/plain', 'content-md5': md5b64(body) },
    });
    expect(put.status).toBe(200);
    const date = new Date(clock.now).toUTCString();
    const authorization = refAuthorization(AK, SK, 'GET', { Date: date }, BUCKET, 'a/b.txt', []);
    const get = await send(s.port, { host: HOST, path: '/a/b.txt', headers: { date, authorization } });
    expect(get.status).toBe(200);
    expect(get.text).toBe('hello oss');
  });

  const body = Buffer.from('tamper');
  const base = () => ({
    method: 'PUT',
    key: 't.txt',
    body,
    date: clock.now,
    headers: { 'content-type': 'text/plain', 'content-md5': md5b64(body), 'x-oss-meta-a': '1' } as Record<string, string | number>,
  });

  it.each<[string, (r: { path: string; headers: Record<string, string | number>; method: string; host: string }) => void]>([
    ['changed verb', (r) => (r.method = 'DELETE')],
    ['changed Content-MD5', (r) => (r.headers['content-md5'] = md5b64('other'))],
    ['changed Content-Type', (r) => (r.headers['content-type'] = 'text/html')],
    ['changed Date', (r) => (r.headers.date = new Date(T0 + 1000).toUTCString())],
    ['changed x-oss-meta header', (r) => (r.headers['x-oss-meta-a'] = '2')],
    ['added x-oss header', (r) => (r.headers['x-oss-meta-z'] = 'new')],
    ['changed object key (resource)', (r) => (r.path = '/u.txt')],
    ['changed bucket (host)', (r) => (r.host = `other-bucket.oss-cn-shanghai.aliyuncs.com`)],
    ['added sub-resource', (r) => (r.path += '?acl')],
  ])('%s → SignatureDoesNotMatch', async (_name, tamper) => {
    const e = await expect403(ossSend(s.port, { ...base(), tamper }), 'SignatureDoesNotMatch');
    expect(e.OSSAccessKeyId).toBe(AK);
    expect(e.StringToSign).toBeDefined();
  });

  it('wrong AccessKeySecret → SignatureDoesNotMatch', async () => {
    await expect403(ossSend(s.port, { ...base(), secret: 'not-the-secret' }), 'SignatureDoesNotMatch');
  });

  it('unknown AccessKeyId → InvalidAccessKeyId', async () => {
    await expect403(ossSend(s.port, { ...base(), accessKeyId: 'LTAInobody' }), 'InvalidAccessKeyId');
  });

  it('a Date 16 minutes off → RequestTimeTooSkewed; 14 minutes is fine', async () => {
    const e = await expect403(ossSend(s.port, { ...base(), date: T0 - 16 * 60 * 1000 }), 'RequestTimeTooSkewed');
    expect(e.MaxAllowedSkewMilliseconds).toBe('900000');
    expect((await ossSend(s.port, { ...base(), date: T0 + 14 * 60 * 1000 })).status).toBe(200);
  });

  it('no Date at all → AccessDenied; no Authorization → AccessDenied', async () => {
    await expect403(ossSend(s.port, { ...base(), tamper: (r) => delete r.headers.date }), 'AccessDenied');
    await expect403(send(s.port, { method: 'PUT', host: HOST, path: '/t.txt', body }), 'AccessDenied');
  });

  it('STS key: missing token → InvalidAccessKeyId, forged token → InvalidSecurityToken, expired → SecurityTokenExpired', async () => {
    const sts = oss.authority.issueSts({ durationSeconds: 60 });
    const withSts = { ...base(), accessKeyId: sts.AccessKeyId, secret: sts.AccessKeySecret };
    expect((await ossSend(s.port, { ...withSts, token: sts.SecurityToken })).status).toBe(200);
    await expect403(ossSend(s.port, withSts), 'InvalidAccessKeyId');
    await expect403(ossSend(s.port, { ...withSts, token: sts.SecurityToken + 'x' }), 'InvalidSecurityToken');
    // A token changed after signing breaks the signature first (it is a signed x-oss header).
    await expect403(
      ossSend(s.port, { ...withSts, token: sts.SecurityToken, tamper: (r) => (r.headers['x-oss-security-token'] = 'CAISforged') }),
      'InvalidSecurityToken',
    );
    clock.now = T0 + 61 * 1000;
    const e = await expect403(ossSend(s.port, { ...withSts, date: clock.now, token: sts.SecurityToken }), 'SecurityTokenExpired');
    expect(e.Message).toBe('The security token you provided has expired.');
    expect(e.SecurityToken).toBe(sts.SecurityToken);
  });

  it('expireCredentialsNow() kills every issued STS key at once', async () => {
    const sts = oss.authority.issueSts({ durationSeconds: 3000 });
    const o = { ...base(), accessKeyId: sts.AccessKeyId, secret: sts.AccessKeySecret, token: sts.SecurityToken };
    expect((await ossSend(s.port, o)).status).toBe(200);
    oss.expireCredentialsNow();
    await expect403(ossSend(s.port, o), 'SecurityTokenExpired');
    // Permanent keys are untouched.
    expect((await ossSend(s.port, base())).status).toBe(200);
  });

  it('a credential scoped to one object may not write another → AccessDenied', async () => {
    const sts = oss.authority.issueSts({ scope: { bucket: BUCKET, keys: ['mine.mp4'] } });
    const o = { method: 'PUT', body, date: clock.now, accessKeyId: sts.AccessKeyId, secret: sts.AccessKeySecret, token: sts.SecurityToken };
    expect((await ossSend(s.port, { ...o, key: 'mine.mp4' })).status).toBe(200);
    await expect403(ossSend(s.port, { ...o, key: 'theirs.mp4' }), 'AccessDenied');
  });

  it('presigned URL: valid works, expired → AccessDenied, tampered → SignatureDoesNotMatch', async () => {
    const expires = String(Math.floor(T0 / 1000) + 60);
    const sig = createHmac('sha1', SK).update(`GET\n\n\n${expires}\n/${BUCKET}/a/b.txt`).digest('base64');
    const q = `OSSAccessKeyId=${AK}&Expires=${expires}&Signature=${encodeURIComponent(sig)}`;
    expect((await send(s.port, { host: HOST, path: `/a/b.txt?${q}` })).text).toBe('hello oss');
    await expect403(send(s.port, { host: HOST, path: `/a/b.tx?${q}` }), 'SignatureDoesNotMatch');
    clock.now = T0 + 120 * 1000;
    await expect403(send(s.port, { host: HOST, path: `/a/b.txt?${q}` }), 'AccessDenied');
  });

  // ------------------------------------------------------------ PostObject policy

  const content = Buffer.from('posted bytes');
  function form(o: {
    secret?: string;
    exp?: number;
    conditions?: unknown[];
    key?: string;
    drop?: string[];
    id?: string;
    token?: string;
    policyOverride?: string;
  }): [string, string][] {
    const { policy, signature } = policyFor(
      o.secret ?? SK,
      o.exp ?? T0 + 5 * 60 * 1000,
      o.conditions ?? [['content-length-range', 0, 1048576000]],
    );
    const f: [string, string][] = [
      ['key', o.key ?? 'post/a.bin'],
      ['policy', o.policyOverride ?? policy],
      ['OSSAccessKeyId', o.id ?? AK],
      ['success_action_status', '200'],
      ['signature', signature],
    ];
    if (o.token) f.push(['x-oss-security-token', o.token]);
    return f.filter(([k]) => !(o.drop ?? []).includes(k));
  }

  it('a valid policy form is accepted', async () => {
    const r = await postForm(s.port, form({}), content);
    expect(r.status).toBe(200);
    expect(r.headers.etag).toBe(`"${Buffer.from(md5b64(content), 'base64').toString('hex').toUpperCase()}"`);
  });

  it('expired policy → AccessDenied "Policy expired."', async () => {
    const e = await expect403(postForm(s.port, form({ exp: T0 - 1000 }), content), 'AccessDenied');
    expect(e.Message).toBe('Invalid according to Policy: Policy expired.');
  });

  it('signature over a different policy → SignatureDoesNotMatch', async () => {
    const other = policyFor(SK, T0 + 60000, [['content-length-range', 0, 1]]).policy;
    await expect403(postForm(s.port, form({ policyOverride: other }), content), 'SignatureDoesNotMatch');
  });

  it('policy signed with a wrong secret → SignatureDoesNotMatch', async () => {
    await expect403(postForm(s.port, form({ secret: 'wrong' }), content), 'SignatureDoesNotMatch');
  });

  it('bucket condition mismatch → AccessDenied Policy Condition failed', async () => {
    const e = await expect403(postForm(s.port, form({ conditions: [{ bucket: 'someone-else' }] }), content), 'AccessDenied');
    expect(e.Message).toContain('Policy Condition failed');
  });

  it('key condition mismatch (starts-with and eq) → AccessDenied', async () => {
    await expect403(postForm(s.port, form({ conditions: [['starts-with', '$key', 'user/']] }), content), 'AccessDenied');
    await expect403(postForm(s.port, form({ conditions: [['eq', '$key', 'post/b.bin']] }), content), 'AccessDenied');
    expect(
      (
        await postForm(
          s.port,
          form({
            conditions: [
              ['starts-with', '$key', 'post/'],
              ['eq', '$bucket', BUCKET],
            ],
          }),
          content,
        )
      ).status,
    ).toBe(200);
  });

  it.each(['signature', 'policy', 'OSSAccessKeyId'])('missing %s → AccessDenied', async (field) => {
    await expect403(postForm(s.port, form({ drop: [field] }), content), 'AccessDenied');
  });

  it('content-length-range exceeded → 400 EntityTooLarge (UNCONFIRMED code), nothing stored', async () => {
    const r = await postForm(s.port, form({ key: 'post/big.bin', conditions: [['content-length-range', 0, 5]] }), content);
    expect(r.status).toBe(400);
    expect(errorOf(r.text).Code).toBe('EntityTooLarge');
    expect(oss.store.head(BUCKET, 'post/big.bin')).toBeUndefined();
    const small = await postForm(s.port, form({ key: 'post/small.bin', conditions: [['content-length-range', 100, 200]] }), content);
    expect(errorOf(small.text).Code).toBe('EntityTooSmall');
  });

  it('STS form: missing token, forged token, expired token', async () => {
    const sts = oss.authority.issueSts({ durationSeconds: 10 });
    const f = (token?: string) => form({ id: sts.AccessKeyId, secret: sts.AccessKeySecret, token });
    expect((await postForm(s.port, f(sts.SecurityToken), content)).status).toBe(200);
    await expect403(postForm(s.port, f(), content), 'InvalidAccessKeyId');
    await expect403(postForm(s.port, f('CAISforged'), content), 'InvalidSecurityToken');
    clock.now = T0 + 11000;
    await expect403(postForm(s.port, f(sts.SecurityToken), content), 'SecurityTokenExpired');
  });

  it('anonymous form → AccessDenied; HEAD errors carry x-oss-err instead of a body', async () => {
    await expect403(postForm(s.port, [['key', 'x']], content), 'AccessDenied');
    const h = await send(s.port, { method: 'HEAD', host: HOST, path: keyPath('nope') });
    expect(h.status).toBe(403);
    expect(h.body.length).toBe(0);
    expect(errorOf(Buffer.from(String(h.headers['x-oss-err']), 'base64').toString()).Code).toBe('AccessDenied');
  });
});
