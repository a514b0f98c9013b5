/**
 * VODUpload's own UTF-8 / Base64 / SHA-1 / HMAC-SHA1 (a phone has no Node
 * crypto) checked against Node's implementations on fixed and random inputs.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { base64Decode, base64Encode, hmacSha1, hmacSha1Base64, sha1, utf8Decode, utf8Encode, uuid4 } from '../../sdk/vod-upload/crypto';
import { rpcEncode, signRpc } from '../../sdk/vod-upload/vod';
import { ossStringToSign } from '../../sdk/vod-upload/oss';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test.each(['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'a'.repeat(1000), '中文 ünïcødé 🎬'])(
  'sha1(%j) matches node',
  (s) => {
    expect(hex(sha1(utf8Encode(s)))).toBe(createHash('sha1').update(s, 'utf8').digest('hex'));
  },
);

test('sha1 and hmac on random bytes of every length 0..200', () => {
  for (let n = 0; n <= 200; n++) {
    const msg = randomBytes(n);
    const key = randomBytes(n % 90);
    expect(hex(sha1(msg))).toBe(createHash('sha1').update(msg).digest('hex'));
    expect(hex(hmacSha1(key, msg))).toBe(createHmac('sha1', key).update(msg).digest('hex'));
  }
});

test('hmacSha1Base64 with a long key', () => {
  const key = 'k'.repeat(100);
  expect(hmacSha1Base64(key, 'msg')).toBe(createHmac('sha1', key).update('msg').digest('base64'));
});

test('utf8 and base64 round-trip like Buffer', () => {
  for (const s of ['', 'a', 'ab', 'abc', '{"Vod":{"Title":"测试"}}', '🎬x', '\u0000\u007f\u0080\u07ff\u0800\uffff']) {
    const bytes = utf8Encode(s);
    expect(Buffer.from(bytes).equals(Buffer.from(s, 'utf8'))).toBe(true);
    expect(utf8Decode(bytes)).toBe(s);
    expect(base64Encode(bytes)).toBe(Buffer.from(s, 'utf8').toString('base64'));
    expect(utf8Decode(base64Decode(base64Encode(bytes)))).toBe(s);
  }
  expect(() => base64Decode('not*base64')).toThrow('invalid base64');
});

test('uuid4 has the v4 shape', () => {
  expect(uuid4()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('RPC signature matches an independent computation with node crypto (research aliyun §2.4)', () => {
  const params = { Action: 'CreateUploadVideo', Title: "a b*c~d!'()", AccessKeyId: 'STS.x', Format: 'JSON' };
  const q = signRpc(params, 'secret');
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${rpcEncode(k)}=${rpcEncode((params as Record<string, string>)[k])}`)
    .join('&');
  const expected = createHmac('sha1', 'secret&')
    .update(`GET&%2F&${encodeURIComponent(canonical).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())}`)
    .digest('base64');
  expect(q).toBe(`${canonical}&Signature=${rpcEncode(expected)}`);
  expect(rpcEncode("a b*c~d!'()")).toBe('a%20b%2Ac~d%21%27%28%29');
});

test('OSS V1 string to sign: sorted lower-cased x-oss headers, then the resource', () => {
  expect(
    ossStringToSign(
      'PUT',
      '',
      'application/octet-stream',
      'D',
      { 'X-OSS-Security-Token': ' t ', 'x-oss-date': 'D' },
      '/b/o?partNumber=1&uploadId=u',
    ),
  ).toBe('PUT\n\napplication/octet-stream\nD\nx-oss-date:D\nx-oss-security-token:t\n/b/o?partNumber=1&uploadId=u');
});
