/**
 * The COS object API Tencent's own SDK test exercises (issue 17 item 2), each through
 * the unmodified cos-wx-sdk-v5 on the default cloud: PUT Object - Copy and Upload
 * Part - Copy (putObjectCopy, sliceCopyFile, x-cos-metadata-directive), DELETE Multiple
 * Objects (quiet mode), bucket and object ACLs (headers, grants, XML, anonymous reads
 * of public-read objects), bucket and object tagging, bucket CORS with the preflight
 * answer under it, GET Bucket versions, and getObjectUrl's options. Bad input goes to a
 * COS server on a real socket with hand-signed requests.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createCosServer } from '../../simulator/servers/cos';
import { stsCosClient } from '../helpers/cos-sdk';
import { BUCKET, HOST, listen, send, sendSigned, type Started } from './cos-helpers';

declare const wx: any;
declare const mpsim: any;

jest.setTimeout(60000);

const REGION = 'ap-beijing';
const MB = 1024 * 1024;
const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
const codeOf = (xml: unknown) => /<Code>([^<]+)<\/Code>/.exec(String(xml))?.[1];
const cosServer = () => mpsim.servers.cos;
let c: any;

beforeAll(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  c = stsCosClient(require('cos-wx-sdk-v5'));
});

const call = <T = any>(method: string, params: Record<string, unknown>): Promise<T> =>
  new Promise((resolve, reject) =>
    c[method]({ Bucket: BUCKET, Region: REGION, ...params }, (err: unknown, data: T) => (err ? reject(err) : resolve(data))),
  );
const fails = (method: string, params: Record<string, unknown>): Promise<any> =>
  call(method, params).then(
    () => {
      throw new Error(`${method} succeeded`);
    },
    (e: unknown) => e,
  );

function request(o: { url: string; method?: string; header?: Record<string, string>; data?: string }): Promise<any> {
  return new Promise((resolve, reject) => wx.request({ dataType: 'text', ...o, success: resolve, fail: reject }));
}

function storedBytes(key: string): Buffer | undefined {
  const rec = cosServer().store.head(BUCKET, key);
  return rec ? fs.readFileSync(cosServer().store.dataPath(BUCKET, rec)) : undefined;
}

const src = `${BUCKET}.cos.${REGION}.myqcloud.com/`;

describe('copy', () => {
  test('putObjectCopy keeps the bytes, ETag and metadata (Copy); Replaced takes the request headers', async () => {
    const body = randomBytes(64 * 1024);
    const put = await call('putObject', {
      Key: 'copy/src.bin',
      Body: new Uint8Array(body).buffer,
      ContentType: 'image/png',
      CacheControl: 'max-age=60',
      Headers: { 'x-cos-meta-who': 'me' },
    });
    const copied = await call('putObjectCopy', { Key: 'copy/dst.bin', CopySource: src + 'copy/src.bin' });
    expect(copied.ETag).toBe(put.ETag);
    expect(copied.LastModified).toMatch(/^\d{4}-\d\d-\d\dT/);
    const head = await call('headObject', { Key: 'copy/dst.bin' });
    expect(head.headers).toMatchObject({ 'content-type': 'image/png', 'cache-control': 'max-age=60', 'x-cos-meta-who': 'me' });
    expect(md5(storedBytes('copy/dst.bin')!)).toBe(md5(body));

    await call('putObjectCopy', {
      Key: 'copy/dst.bin',
      CopySource: src + 'copy/src.bin',
      ContentType: 'text/plain',
      Headers: { 'x-cos-metadata-directive': 'Replaced', 'x-cos-meta-new': '1' },
    });
    const replaced = await call('headObject', { Key: 'copy/dst.bin' });
    expect(replaced.headers['content-type']).toBe('text/plain');
    expect(replaced.headers['x-cos-meta-new']).toBe('1');
    expect(replaced.headers['x-cos-meta-who']).toBeUndefined();
    // the copy is independent of its source
    await call('deleteObject', { Key: 'copy/src.bin' });
    expect(md5(storedBytes('copy/dst.bin')!)).toBe(md5(body));
  });

  test('copy errors: missing source 404 NoSuchKey, a copy onto itself without change 400 InvalidRequest', async () => {
    const missing = await fails('putObjectCopy', { Key: 'copy/x', CopySource: src + 'copy/none' });
    expect([missing.statusCode, missing.error.Code]).toEqual([404, 'NoSuchKey']);
    await call('putObject', { Key: 'copy/self', Body: 'self' });
    const self = await fails('putObjectCopy', { Key: 'copy/self', CopySource: src + 'copy/self' });
    expect([self.statusCode, self.error.Code]).toEqual([400, 'InvalidRequest']);
    const ok = await call('putObjectCopy', {
      Key: 'copy/self',
      CopySource: src + 'copy/self',
      Headers: { 'x-cos-metadata-directive': 'Replaced', 'x-cos-meta-v': '2' },
    });
    expect(ok.statusCode).toBe(200);
  });

  test('sliceCopyFile above CopySliceSize copies part by part (Upload Part - Copy with ranges)', async () => {
    const body = randomBytes(3 * MB + 123);
    await call('putObject', { Key: 'copy/big.bin', Body: new Uint8Array(body).buffer });
    const since = cosServer().log.length;
    const progress: number[] = [];
    const data = await call('sliceCopyFile', {
      Key: 'copy/big-copy.bin',
      CopySource: src + 'copy/big.bin',
      CopySliceSize: MB,
      CopyChunkSize: MB,
      onProgress: (p: { percent: number }) => progress.push(p.percent),
    });
    expect(data.ETag).toMatch(/-4"$/);
    const ops = cosServer()
      .log.slice(since)
      .map((e: { op: string }) => e.op);
    expect(ops.filter((o: string) => o === 'UploadPartCopy')).toHaveLength(4);
    expect(ops).toContain('CompleteMultipartUpload');
    expect(md5(storedBytes('copy/big-copy.bin')!)).toBe(md5(body));
    expect(progress.at(-1)).toBe(1);
  });
});

describe('DELETE Multiple Objects', () => {
  test('lists every key as deleted (missing ones too); quiet mode lists nothing', async () => {
    await call('putObject', { Key: 'multi/1', Body: '1' });
    await call('putObject', { Key: 'multi/中文 2', Body: '2' });
    const r = await call('deleteMultipleObject', { Objects: [{ Key: 'multi/1' }, { Key: 'multi/中文 2' }, { Key: 'multi/none' }] });
    expect(r.Deleted.map((d: { Key: string }) => d.Key).sort()).toEqual(['multi/1', 'multi/none', 'multi/中文 2']);
    expect(r.Error).toEqual([]);
    expect(cosServer().store.head(BUCKET, 'multi/1')).toBeUndefined();
    expect(cosServer().store.head(BUCKET, 'multi/中文 2')).toBeUndefined();
    await call('putObject', { Key: 'multi/3', Body: '3' });
    const quiet = await call('deleteMultipleObject', { Objects: [{ Key: 'multi/3' }], Quiet: true });
    expect(quiet.Deleted).toEqual([]);
    expect(cosServer().store.head(BUCKET, 'multi/3')).toBeUndefined();
  });
});

describe('ACL', () => {
  test('bucket ACL: canned headers, grants and an AccessControlPolicy body read back through getBucketAcl', async () => {
    await call('putBucketAcl', { ACL: 'public-read' });
    let acl = await call('getBucketAcl', {});
    expect(acl.ACL).toBe('public-read');
    expect(acl.Owner.ID).toBe('qcs::cam::uin/100000000001:uin/100000000001');
    await call('putBucketAcl', { ACL: 'private', GrantRead: 'id="1001",id="qcs::cam::uin/1002:uin/1002"' });
    acl = await call('getBucketAcl', {});
    expect(acl.ACL).toBe('private');
    expect(acl.GrantRead).toBe('id="qcs::cam::uin/1001:uin/1001",id="qcs::cam::uin/1002:uin/1002"');
    await call('putBucketAcl', {
      AccessControlPolicy: {
        Owner: { ID: 'qcs::cam::uin/100000000001:uin/100000000001' },
        Grants: [{ Grantee: { ID: 'qcs::cam::uin/10002:uin/10002' }, Permission: 'WRITE' }],
      },
    });
    acl = await call('getBucketAcl', {});
    expect(acl.Grants).toHaveLength(1);
    expect(acl.Grants[0]).toMatchObject({ Grantee: { ID: 'qcs::cam::uin/10002:uin/10002' }, Permission: 'WRITE' });
    await call('putBucketAcl', { ACL: 'private' });
  });

  test('object ACL: public-read lets an unsigned GET through; private and default (bucket private) do not', async () => {
    await call('putObject', { Key: 'acl/pub.txt', Body: 'public bytes', ACL: 'public-read' });
    await call('putObject', { Key: 'acl/priv.txt', Body: 'private bytes' });
    const url = (k: string) => `https://${BUCKET}.cos.${REGION}.myqcloud.com/${k}`;
    const pub = await request({ url: url('acl/pub.txt') });
    expect([pub.statusCode, pub.data]).toEqual([200, 'public bytes']);
    const priv = await request({ url: url('acl/priv.txt') });
    expect([priv.statusCode, codeOf(priv.data)]).toEqual([403, 'AccessDenied']);
    expect((await call('getObjectAcl', { Key: 'acl/pub.txt' })).ACL).toBe('public-read');
    await call('putObjectAcl', { Key: 'acl/pub.txt', ACL: 'private' });
    expect((await request({ url: url('acl/pub.txt') })).statusCode).toBe(403);
    const acl = await call('getObjectAcl', { Key: 'acl/pub.txt' });
    expect([acl.ACL, acl.Grants.length]).toEqual(['private', 1]);
    // an object left at default follows a public-read bucket
    await call('putBucketAcl', { ACL: 'public-read' });
    expect((await request({ url: url('acl/priv.txt') })).statusCode).toBe(200);
    await call('putBucketAcl', { ACL: 'private' });
    const none = await fails('getObjectAcl', { Key: 'acl/none' });
    expect([none.statusCode, none.error.Code]).toEqual([404, 'NoSuchKey']);
  });
});

describe('tagging', () => {
  test('object tags from x-cos-tagging and ?tagging; HEAD counts them; delete empties', async () => {
    await call('putObject', { Key: 'tags/a.txt', Body: 'a', Headers: { 'x-cos-tagging': 'k1=v%201&k2=v2' } });
    expect((await call('headObject', { Key: 'tags/a.txt' })).headers['x-cos-tagging-count']).toBe('2');
    expect((await call('getObjectTagging', { Key: 'tags/a.txt' })).Tags).toEqual([
      { Key: 'k1', Value: 'v 1' },
      { Key: 'k2', Value: 'v2' },
    ]);
    await call('putObjectTagging', { Key: 'tags/a.txt', Tagging: { Tags: [{ Key: 'only', Value: 'one' }] } });
    expect((await call('getObjectTagging', { Key: 'tags/a.txt' })).Tags).toEqual([{ Key: 'only', Value: 'one' }]);
    await call('deleteObjectTagging', { Key: 'tags/a.txt' });
    expect((await call('getObjectTagging', { Key: 'tags/a.txt' })).Tags).toEqual([]);
    expect((await call('headObject', { Key: 'tags/a.txt' })).headers['x-cos-tagging-count']).toBeUndefined();
  });

  test('bucket tags: put, get, delete (then 404 NoSuchTagSet, which the SDK reads as no tags)', async () => {
    await call('putBucketTagging', { Tagging: { Tags: [{ Key: 'env', Value: 'test' }] } });
    expect((await call('getBucketTagging', {})).Tags).toEqual([{ Key: 'env', Value: 'test' }]);
    await call('deleteBucketTagging', {});
    const after = await call('getBucketTagging', {});
    expect([after.statusCode, after.Tags]).toEqual([404, []]);
  });
});

describe('CORS', () => {
  afterAll(() => call('deleteBucketCors', {}));

  test('rules round-trip; a preflight under them is answered by the matching rule or refused 403', async () => {
    const rules = [
      {
        AllowedOrigins: ['https://*.example.com'],
        AllowedMethods: ['GET', 'PUT'],
        AllowedHeaders: ['x-cos-*', 'content-type'],
        ExposeHeaders: ['ETag', 'x-cos-request-id'],
        MaxAgeSeconds: '30',
      },
    ];
    await call('putBucketCors', { CORSConfiguration: { CORSRules: rules } });
    expect((await call('getBucketCors', {})).CORSRules).toEqual(rules);
    const url = `https://${BUCKET}.cos.${REGION}.myqcloud.com/any.txt`;
    const ok = await request({
      url,
      method: 'OPTIONS',
      header: {
        Origin: 'https://app.example.com',
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'x-cos-meta-a, Content-Type',
      },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.header['Access-Control-Allow-Origin']).toBe('https://app.example.com');
    expect(ok.header['Access-Control-Allow-Methods']).toBe('GET,PUT');
    expect(ok.header['Access-Control-Max-Age']).toBe('30');
    for (const header of [
      { Origin: 'https://evil.test', 'Access-Control-Request-Headers': '', 'Access-Control-Request-Method': 'GET' },
      { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'DELETE', 'Access-Control-Request-Headers': '' },
      { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    ]) {
      const no = await request({ url, method: 'OPTIONS', header });
      expect([no.statusCode, codeOf(no.data)]).toEqual([403, 'AccessForbidden']);
    }
    await call('deleteBucketCors', {});
    expect((await call('getBucketCors', {})).CORSRules).toEqual([]);
  });
});

test('listObjectVersions: every object once, VersionId null, IsLatest true', async () => {
  await call('putObject', { Key: 'ver/a', Body: 'a' });
  await call('putObject', { Key: 'ver/b', Body: 'bb' });
  const r = await call('listObjectVersions', { Prefix: 'ver/' });
  expect(r.Versions.map((v: any) => [v.Key, v.VersionId, v.IsLatest, v.Size])).toEqual([
    ['ver/a', 'null', 'true', '1'],
    ['ver/b', 'null', 'true', '2'],
  ]);
  expect(r.DeleteMarkers).toEqual([]);
  expect(r.IsTruncated).toBe('false');
  const page = await call('listObjectVersions', { Prefix: 'ver/', MaxKeys: 1 });
  expect([page.IsTruncated, page.NextKeyMarker, page.Versions.length]).toEqual(['true', 'ver/a', 1]);
});

describe('getObjectUrl', () => {
  const url = (params: Record<string, unknown>) =>
    new Promise<string>((resolve, reject) =>
      c.getObjectUrl({ Bucket: BUCKET, Region: REGION, ...params }, (e: unknown, d: { Url: string }) => (e ? reject(e) : resolve(d.Url))),
    );

  test('signed GET with Expires, Query (response-* overrides) and signed Headers', async () => {
    await call('putObject', { Key: 'url/a.txt', Body: 'hello url' });
    const plain = await url({ Key: 'url/a.txt', Expires: 60 });
    const signTime = /q-sign-time=(\d+)%3B(\d+)|q-sign-time=(\d+);(\d+)/.exec(plain)!;
    expect(Number(signTime[2] ?? signTime[4]) - Number(signTime[1] ?? signTime[3])).toBe(60);
    expect(plain).toContain('x-cos-security-token=');
    const got = await request({ url: plain });
    expect([got.statusCode, got.data]).toEqual([200, 'hello url']);
    const q = await url({ Key: 'url/a.txt', Query: { 'response-content-disposition': 'attachment; filename=a.txt' } });
    const withQuery = await request({ url: q });
    expect(withQuery.header['Content-Disposition']).toBe('attachment; filename=a.txt');
    const h = await url({ Key: 'url/a.txt', Headers: { 'x-cos-meta-check': 'yes' } });
    expect((await request({ url: h, header: { 'x-cos-meta-check': 'yes' } })).statusCode).toBe(200);
    const wrong = await request({ url: h, header: { 'x-cos-meta-check': 'no' } });
    expect([wrong.statusCode, codeOf(wrong.data)]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  test('Method PUT presigns an upload; Sign: false gives the bare URL (403 on a private object)', async () => {
    const put = await url({ Key: 'url/put.txt', Method: 'PUT' });
    expect((await request({ url: put, method: 'PUT', data: 'put by url' })).statusCode).toBe(200);
    expect(storedBytes('url/put.txt')!.toString()).toBe('put by url');
    const bare = await url({ Key: 'url/put.txt', Sign: false });
    expect(bare).toBe(`https://${BUCKET}.cos.${REGION}.myqcloud.com/url/put.txt`);
    expect((await request({ url: bare })).statusCode).toBe(403);
    const tampered = await request({ url: put.replace('url/put.txt', 'url/other.txt'), method: 'PUT', data: 'x' });
    expect([tampered.statusCode, codeOf(tampered.data)]).toEqual([403, 'SignatureDoesNotMatch']);
  });
});

describe('bad input (raw requests)', () => {
  let s: Started;
  beforeAll(async () => {
    s = await listen(createCosServer());
    expect((await sendSigned(s.port, { method: 'PUT', path: '/src.txt', body: 'source' })).status).toBe(200);
  });
  afterAll(() => s.stop());
  const expectError = async (o: Parameters<typeof sendSigned>[1], status: number, code: string) => {
    const r = await sendSigned(s.port, o);
    expect([o.method, o.path, r.status, codeOf(r.text)]).toEqual([o.method, o.path, status, code]);
  };

  test('copy: malformed source, foreign bucket, bad directive, bad range', async () => {
    await expectError({ method: 'PUT', path: '/d.txt', headers: { 'x-cos-copy-source': 'no-slash' } }, 400, 'InvalidArgument');
    await expectError(
      { method: 'PUT', path: '/d.txt', headers: { 'x-cos-copy-source': 'bad_bucket.cos.x.myqcloud.com/a' } },
      400,
      'InvalidArgument',
    );
    await expectError({ method: 'PUT', path: '/d.txt', headers: { 'x-cos-copy-source': `${HOST}/%E0%A4%A` } }, 400, 'InvalidArgument');
    await expectError(
      { method: 'PUT', path: '/d.txt', headers: { 'x-cos-copy-source': 'other-1300000000.cos.ap-beijing.myqcloud.com/src.txt' } },
      403,
      'AccessDenied',
    );
    await expectError(
      { method: 'PUT', path: '/d.txt', headers: { 'x-cos-copy-source': `${HOST}/src.txt`, 'x-cos-metadata-directive': 'Merge' } },
      400,
      'InvalidArgument',
    );
    await expectError(
      { method: 'PUT', path: '/d.txt', headers: { 'x-cos-copy-source': `${HOST}/src.txt`, 'x-cos-copy-source-If-Match': '"nope"' } },
      412,
      'PreconditionFailed',
    );
    await expectError(
      { method: 'PUT', path: '/d.txt', headers: { 'x-cos-copy-source': `${HOST}/src.txt?versionId=v1` } },
      404,
      'NoSuchVersion',
    );
    const init = await sendSigned(s.port, { method: 'POST', path: '/d.txt?uploads' });
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(init.text)![1]!;
    for (const range of ['bytes=0-100', 'bytes=3-1', 'items=0-1']) {
      await expectError(
        {
          method: 'PUT',
          path: `/d.txt?partNumber=1&uploadId=${uploadId}`,
          headers: { 'x-cos-copy-source': `${HOST}/src.txt`, 'x-cos-copy-source-range': range },
        },
        400,
        'InvalidArgument',
      );
    }
    await expectError(
      { method: 'PUT', path: '/d.txt?partNumber=1&uploadId=nope', headers: { 'x-cos-copy-source': `${HOST}/src.txt` } },
      404,
      'NoSuchUpload',
    );
  });

  test('delete multiple: malformed XML, no objects, too many, bad Quiet, wrong Content-MD5', async () => {
    const xml = (n: number, quiet = 'false') =>
      `<Delete><Quiet>${quiet}</Quiet>${Array.from({ length: n }, (_, i) => `<Object><Key>k${i}</Key></Object>`).join('')}</Delete>`;
    await expectError({ method: 'POST', path: '/?delete', body: '<Delete><Object>' }, 400, 'MalformedXML');
    await expectError({ method: 'POST', path: '/?delete', body: xml(0) }, 400, 'MalformedXML');
    await expectError({ method: 'POST', path: '/?delete', body: xml(1001) }, 400, 'MalformedXML');
    await expectError({ method: 'POST', path: '/?delete', body: xml(1, 'yes') }, 400, 'MalformedXML');
    await expectError({ method: 'POST', path: '/?delete', body: '<Delete><Object><Key></Key></Object></Delete>' }, 400, 'MalformedXML');
    await expectError(
      { method: 'POST', path: '/?delete', body: xml(1), headers: { 'content-md5': createHash('md5').update('x').digest('base64') } },
      400,
      'BadDigest',
    );
    await expectError({ method: 'POST', path: '/?delete', body: 'x'.repeat(3 * MB) }, 400, 'EntityTooLarge');
    expect((await sendSigned(s.port, { path: '/src.txt' })).text).toBe('source');
  });

  test('ACL: unknown canned ACL, malformed grant, bad XML permission, nothing to set', async () => {
    await expectError({ method: 'PUT', path: '/?acl', headers: { 'x-cos-acl': 'everyone' } }, 400, 'InvalidArgument');
    await expectError({ method: 'PUT', path: '/?acl', headers: { 'x-cos-acl': 'default' } }, 400, 'InvalidArgument');
    await expectError({ method: 'PUT', path: '/src.txt?acl', headers: { 'x-cos-grant-read': 'uin=1001' } }, 400, 'InvalidArgument');
    await expectError({ method: 'PUT', path: '/?acl' }, 400, 'InvalidRequest');
    await expectError(
      {
        method: 'PUT',
        path: '/?acl',
        body: '<AccessControlPolicy><AccessControlList><Grant><Grantee><ID>1</ID></Grantee><Permission>ALL</Permission></Grant></AccessControlList></AccessControlPolicy>',
      },
      400,
      'MalformedXML',
    );
    await expectError({ method: 'PUT', path: '/?acl', body: '<NotAPolicy/>' }, 400, 'MalformedXML');
    await expectError({ method: 'PUT', path: '/src.txt', body: 'x', headers: { 'x-cos-acl': 'nobody' } }, 400, 'InvalidArgument');
    await expectError({ method: 'POST', path: '/src.txt?acl' }, 405, 'MethodNotAllowed');
  });

  test('tagging: too many, duplicate or over-long keys, no bucket tags, bad x-cos-tagging header', async () => {
    const tagXml = (tags: Array<[string, string]>) =>
      `<Tagging><TagSet>${tags.map(([k, v]) => `<Tag><Key>${k}</Key><Value>${v}</Value></Tag>`).join('')}</TagSet></Tagging>`;
    const eleven = Array.from({ length: 11 }, (_, i): [string, string] => [`k${i}`, 'v']);
    await expectError({ method: 'PUT', path: '/src.txt?tagging', body: tagXml(eleven) }, 400, 'InvalidTag');
    await expectError(
      {
        method: 'PUT',
        path: '/src.txt?tagging',
        body: tagXml([
          ['a', '1'],
          ['a', '2'],
        ]),
      },
      400,
      'InvalidTag',
    );
    await expectError({ method: 'PUT', path: '/src.txt?tagging', body: tagXml([['k'.repeat(129), '1']]) }, 400, 'InvalidTag');
    await expectError(
      { method: 'PUT', path: '/src.txt?tagging', body: '<Tagging><TagSet><Tag><Value>1</Value></Tag></TagSet></Tagging>' },
      400,
      'MalformedXML',
    );
    await expectError({ method: 'PUT', path: '/none.txt?tagging', body: tagXml([['a', '1']]) }, 404, 'NoSuchKey');
    await expectError({ method: 'GET', path: '/?tagging' }, 404, 'NoSuchTagSet');
    await expectError({ method: 'PUT', path: '/t.txt', body: 'x', headers: { 'x-cos-tagging': 'a=%E0%A4%A' } }, 400, 'InvalidArgument');
    await expectError(
      { method: 'PUT', path: '/t.txt', body: 'x', headers: { 'x-cos-tagging': eleven.map(([k]) => `${k}=v`).join('&') } },
      400,
      'InvalidTag',
    );
  });

  test('CORS: no rule, rule without origin, unknown method, bad MaxAgeSeconds; GET without configuration', async () => {
    const rule = (inner: string) => `<CORSConfiguration><CORSRule>${inner}</CORSRule></CORSConfiguration>`;
    await expectError({ method: 'PUT', path: '/?cors', body: '<CORSConfiguration/>' }, 400, 'MalformedXML');
    await expectError({ method: 'PUT', path: '/?cors', body: rule('<AllowedMethod>GET</AllowedMethod>') }, 400, 'MalformedXML');
    await expectError(
      { method: 'PUT', path: '/?cors', body: rule('<AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod>') },
      400,
      'InvalidArgument',
    );
    await expectError(
      {
        method: 'PUT',
        path: '/?cors',
        body: rule('<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>-1</MaxAgeSeconds>'),
      },
      400,
      'InvalidArgument',
    );
    await expectError({ method: 'GET', path: '/?cors' }, 404, 'NoSuchCORSConfiguration');
    await expectError({ method: 'PUT', path: '/src.txt?cors', body: rule('') }, 405, 'MethodNotAllowed');
    // without rules, the permissive default stays
    const pre = await send(s.port, {
      method: 'OPTIONS',
      path: '/src.txt',
      headers: { origin: 'https://a.test', 'access-control-request-method': 'PUT' },
    });
    expect([pre.status, pre.headers['access-control-allow-origin']]).toEqual([200, 'https://a.test']);
  });

  test('versions: bad max-keys; an unsigned request is refused', async () => {
    await expectError({ method: 'GET', path: '/?versions&max-keys=abc' }, 400, 'InvalidArgument');
    const r = await send(s.port, { method: 'GET', path: '/?versions' });
    expect([r.status, codeOf(r.text)]).toEqual([403, 'AccessDenied']);
  });
});
