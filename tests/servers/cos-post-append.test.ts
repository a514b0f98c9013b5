/**
 * POST Object (the SDK's form upload and the documented policy form) and
 * APPEND Object over real sockets.
 */
import { createHash } from 'node:crypto';
import { createCosServer, type CosServer } from '../../simulator/servers/cos';
import { DEFAULT_ACCOUNT, signPolicy, signRequest } from '../../simulator/signing';
import { BUCKET, HOST, listen, send, sendSigned, type Started } from './cos-helpers';

const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

let skew = 0;
let cos: CosServer;
let s: Started;
beforeAll(async () => {
  cos = createCosServer({ clock: () => Date.now() + skew });
  s = await listen(cos);
});
afterAll(() => s.stop());
afterEach(() => {
  skew = 0;
});

/** A multipart/form-data body with the fields in order and the file last. */
function form(fields: [string, string][], file?: { name?: string; filename: string; data: Buffer; type?: string }) {
  const boundary = '----mpsimBoundary' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of fields) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name ?? 'file'}"; filename="${file.filename}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The Signature the SDK puts in the form: post, '/', no params, host only. */
const postSignature = (o: { secretId?: string; secretKey?: string; host?: string } = {}) =>
  signRequest({
    secretId: o.secretId ?? DEFAULT_ACCOUNT.secretId,
    secretKey: o.secretKey ?? DEFAULT_ACCOUNT.secretKey,
    method: 'post',
    pathname: '/',
    headers: { host: o.host ?? HOST },
  });

function postForm(fields: [string, string][], file?: Parameters<typeof form>[1], headers: Record<string, string> = {}) {
  const f = form(fields, file);
  return send(s.port, { method: 'POST', path: '/', body: f.body, headers: { 'content-type': f.contentType, ...headers } });
}

describe('POST Object (form upload as cos-wx-sdk-v5 sends it)', () => {
  it('stores the file under key (with ${filename}), meta and Content-Type; success_action_status=200 → 200 empty + ETag', async () => {
    const data = Buffer.from('posted bytes');
    const sig = postSignature();
    const r = await postForm(
      [
        ['key', 'uploads/${filename}'],
        ['success_action_status', '200'],
        ['Signature', sig],
        ['x-cos-meta-from', 'form'],
        ['Cache-Control', 'no-cache'],
        ['Content-Type', 'image/png'],
      ],
      { filename: 'photo.png', data },
      { authorization: sig },
    );
    expect(r.status).toBe(200);
    expect(r.body.length).toBe(0);
    expect(r.headers.etag).toBe(`"${md5(data)}"`);
    const h = await sendSigned(s.port, { method: 'HEAD', path: '/uploads/photo.png' });
    expect(h.status).toBe(200);
    expect([h.headers['content-type'], h.headers['x-cos-meta-from'], h.headers['cache-control']]).toEqual([
      'image/png',
      'form',
      'no-cache',
    ]);
    expect((await sendSigned(s.port, { path: '/uploads/photo.png' })).body.equals(data)).toBe(true);
  });

  it('success_action_status=201 → PostResponse XML; default → 204', async () => {
    const r = await postForm(
      [
        ['key', 'p201.txt'],
        ['success_action_status', '201'],
        ['Signature', postSignature()],
        ['Content-Type', ''],
      ],
      { filename: 'x', data: Buffer.from('1') },
    );
    expect(r.status).toBe(201);
    expect(tag(r.text, 'Key')).toBe('p201.txt');
    expect(tag(r.text, 'Bucket')).toBe(BUCKET);
    const d = await postForm(
      [
        ['key', 'p204.txt'],
        ['Signature', postSignature()],
      ],
      { filename: 'x', data: Buffer.from('2') },
    );
    expect(d.status).toBe(204);
  });

  it('accepts STS keys with x-cos-security-token in the form', async () => {
    const sts = cos.authority.issueSts();
    const sig = postSignature({ secretId: sts.credentials.tmpSecretId, secretKey: sts.credentials.tmpSecretKey });
    const ok = await postForm(
      [
        ['key', 'sts.txt'],
        ['Signature', sig],
        ['x-cos-security-token', sts.credentials.sessionToken],
      ],
      { filename: 'x', data: Buffer.from('s') },
    );
    expect(ok.status).toBe(204);
    const bad = await postForm(
      [
        ['key', 'sts2.txt'],
        ['Signature', sig],
        ['x-cos-security-token', 'wrong'],
      ],
      { filename: 'x', data: Buffer.from('s') },
    );
    expect([bad.status, tag(bad.text, 'Code')]).toEqual([403, 'AccessDenied']);
  });

  it('rejects a tampered signature, a missing key, a missing file and a non-form body', async () => {
    const t = await postForm(
      [
        ['key', 'bad.txt'],
        ['Signature', postSignature({ secretKey: 'x' })],
      ],
      { filename: 'x', data: Buffer.from('b') },
    );
    expect([t.status, tag(t.text, 'Code')]).toEqual([403, 'SignatureDoesNotMatch']);
    const other = await postForm(
      [
        ['key', 'bad.txt'],
        ['Signature', postSignature({ host: 'elsewhere.cos.ap-beijing.myqcloud.com' })],
      ],
      { filename: 'x', data: Buffer.from('b') },
    );
    expect(other.status).toBe(403);
    const unsigned = await postForm([['key', 'bad.txt']], { filename: 'x', data: Buffer.from('b') });
    expect([unsigned.status, tag(unsigned.text, 'Code')]).toEqual([403, 'AccessDenied']);
    const nokey = await postForm([['Signature', postSignature()]], { filename: 'x', data: Buffer.from('b') });
    expect([nokey.status, tag(nokey.text, 'Code')]).toEqual([400, 'InvalidArgument']);
    const nofile = await postForm([
      ['key', 'bad.txt'],
      ['Signature', postSignature()],
    ]);
    expect([nofile.status, tag(nofile.text, 'Code')]).toEqual([400, 'InvalidArgument']);
    const notform = await send(s.port, {
      method: 'POST',
      path: '/',
      body: 'key=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(notform.status).toBe(400);
    expect((await sendSigned(s.port, { method: 'HEAD', path: '/bad.txt' })).status).toBe(404);
  });
});

describe('POST Object with a policy (documented form)', () => {
  function policyFields(o: { expiration?: string; conditions?: unknown[]; secretKey?: string; keyTime?: string } = {}): [string, string][] {
    const now = Math.floor(Date.now() / 1000);
    const keyTime = o.keyTime ?? `${now - 1};${now + 600}`;
    const policy = JSON.stringify({
      expiration: o.expiration ?? new Date(Date.now() + 600_000).toISOString(),
      conditions: o.conditions ?? [{ bucket: BUCKET }, ['starts-with', '$key', 'user/'], ['content-length-range', 1, 10]],
    });
    return [
      ['policy', Buffer.from(policy).toString('base64')],
      ['q-sign-algorithm', 'sha1'],
      ['q-ak', DEFAULT_ACCOUNT.secretId],
      ['q-key-time', keyTime],
      ['q-signature', signPolicy(o.secretKey ?? DEFAULT_ACCOUNT.secretKey, keyTime, policy)],
    ];
  }
  const file = (n: number) => ({ filename: 'f.bin', data: Buffer.alloc(n, 1) });

  it('accepts a valid policy upload', async () => {
    const r = await postForm([['key', 'user/ok.bin'], ...policyFields()], file(5));
    expect(r.status).toBe(204);
    expect(cos.store.head(BUCKET, 'user/ok.bin')?.size).toBe(5);
  });

  it.each([
    ['wrong secret', () => policyFields({ secretKey: 'nope' }), 'user/a.bin', 5, 403, 'SignatureDoesNotMatch'],
    ['expired policy', () => policyFields({ expiration: new Date(Date.now() - 1000).toISOString() }), 'user/a.bin', 5, 403, 'AccessDenied'],
    ['key outside starts-with', () => policyFields(), 'other/a.bin', 5, 403, 'AccessDenied'],
    [
      'wrong bucket condition',
      () => policyFields({ conditions: [{ bucket: 'someone-1250000000' }] }),
      'user/a.bin',
      5,
      403,
      'AccessDenied',
    ],
    ['file above content-length-range', () => policyFields(), 'user/a.bin', 11, 400, 'EntityTooLarge'],
    [
      'file below content-length-range',
      () => policyFields({ conditions: [['content-length-range', 3, 10]] }),
      'user/a.bin',
      2,
      400,
      'EntityTooSmall',
    ],
  ] as const)('%s', async (_n, fields, key, size, status, code) => {
    const r = await postForm([['key', key], ...fields()], file(size));
    expect([r.status, tag(r.text, 'Code')]).toEqual([status, code]);
    expect(cos.store.head(BUCKET, key)).toBeUndefined();
  });

  it('a missing policy field → 403', async () => {
    const r = await postForm([['key', 'user/m.bin'], ...policyFields().filter(([k]) => k !== 'q-signature')], file(3));
    expect(r.status).toBe(403);
  });
});

describe('APPEND Object', () => {
  const append = (key: string, position: number | string | undefined, body: string) =>
    sendSigned(s.port, { method: 'POST', path: `/${key}?append${position === undefined ? '' : `&position=${position}`}`, body });

  it('position 0 creates an appendable object; the next append continues at x-cos-next-append-position', async () => {
    const a = await append('log.txt', 0, 'hello ');
    expect(a.status).toBe(200);
    expect(a.headers['x-cos-next-append-position']).toBe('6');
    const b = await append('log.txt', 6, 'world');
    expect(b.headers['x-cos-next-append-position']).toBe('11');
    expect(b.headers.etag).toBe(`"${md5('hello world')}"`);
    const h = await sendSigned(s.port, { method: 'HEAD', path: '/log.txt' });
    expect([h.headers['x-cos-object-type'], h.headers['x-cos-next-append-position'], h.headers['content-length']]).toEqual([
      'appendable',
      '11',
      '11',
    ]);
    expect((await sendSigned(s.port, { path: '/log.txt' })).text).toBe('hello world');
  });

  it('a wrong position → 409 PositionNotEqualToLength and the object is unchanged', async () => {
    await append('pos.txt', 0, 'abc');
    for (const p of [0, 2, 4]) {
      const r = await append('pos.txt', p, 'X');
      expect([r.status, tag(r.text, 'Code')]).toEqual([409, 'PositionNotEqualToLength']);
    }
    const fresh = await append('never.txt', 3, 'X');
    expect(fresh.status).toBe(409);
    expect((await sendSigned(s.port, { path: '/pos.txt' })).text).toBe('abc');
  });

  it('a normal object is not appendable → 409 ObjectNotAppendable; missing position → 400', async () => {
    await sendSigned(s.port, { method: 'PUT', path: '/normal.txt', body: 'n' });
    const r = await append('normal.txt', 1, 'x');
    expect([r.status, tag(r.text, 'Code')]).toEqual([409, 'ObjectNotAppendable']);
    const np = await append('np.txt', undefined, 'x');
    expect([np.status, tag(np.text, 'Code')]).toEqual([400, 'InvalidArgument']);
    const neg = await append('np.txt', -1, 'x');
    expect(neg.status).toBe(400);
  });

  it('a PUT replaces an appendable object with a normal one', async () => {
    await append('replaced.txt', 0, 'aa');
    await sendSigned(s.port, { method: 'PUT', path: '/replaced.txt', body: 'b' });
    const h = await sendSigned(s.port, { method: 'HEAD', path: '/replaced.txt' });
    expect([h.headers['x-cos-object-type'], h.headers['x-cos-next-append-position']]).toEqual(['normal', undefined]);
  });
});
