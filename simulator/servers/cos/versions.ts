/**
 * GET Bucket Object versions (`GET /?versions`) on a bucket that never had
 * versioning: every object is its one version, `VersionId` `null`, `IsLatest`
 * `true`, no delete markers — the shape COS gives for such a bucket. Paging by
 * `key-marker` (+ `version-id-marker`), `max-keys`, `prefix`, `delimiter`, `encoding-type`.
 */
import type { CosKit, Ctx } from './context';

export function listVersions(k: CosKit, ctx: Ctx): void {
  const enc = k.encodeFn(ctx);
  const prefix = ctx.q.get('prefix') ?? '';
  const delimiter = ctx.q.get('delimiter') ?? '';
  const keyMarker = ctx.q.get('key-marker') ?? '';
  const versionMarker = ctx.q.get('version-id-marker') ?? '';
  const maxKeys = k.intParam(ctx, 'max-keys', 1000, 0, 1000);
  const after = (s: string) => keyMarker === '' || Buffer.compare(Buffer.from(s), Buffer.from(keyMarker)) > 0;
  const versions: Record<string, unknown>[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  let last = '';
  for (const rec of k.store.list(ctx.bucket)) {
    if (!rec.key.startsWith(prefix) || !after(rec.key)) continue;
    let cp: string | undefined;
    if (delimiter) {
      const i = rec.key.indexOf(delimiter, prefix.length);
      if (i >= 0) cp = rec.key.slice(0, i + delimiter.length);
    }
    if (cp !== undefined && (prefixes.includes(cp) || !after(cp))) continue;
    if (versions.length + prefixes.length >= maxKeys) {
      truncated = maxKeys > 0;
      break;
    }
    if (cp !== undefined) {
      prefixes.push(cp);
      last = cp;
      continue;
    }
    versions.push({
      Key: enc(rec.key),
      VersionId: 'null',
      IsLatest: 'true',
      LastModified: k.isoTime(rec.lastModified),
      ETag: rec.etag,
      Size: rec.size,
      StorageClass: rec.storageClass,
      Owner: { ID: k.owner.ID, DisplayName: k.owner.DisplayName },
    });
    last = rec.key;
  }
  const body: Record<string, unknown> = {};
  if (ctx.q.has('encoding-type')) body.EncodingType = 'url';
  Object.assign(body, {
    Name: ctx.bucket,
    Prefix: enc(prefix),
    KeyMarker: enc(keyMarker),
    VersionIdMarker: versionMarker,
    MaxKeys: maxKeys,
    IsTruncated: truncated ? 'true' : 'false',
  });
  if (truncated) Object.assign(body, { NextKeyMarker: enc(last), NextVersionIdMarker: 'null' });
  if (delimiter) body.Delimiter = enc(delimiter);
  if (prefixes.length) body.CommonPrefixes = prefixes.map((p) => ({ Prefix: enc(p) }));
  if (versions.length) body.Version = versions;
  k.sendXml(ctx, 200, { ListVersionsResult: body });
}
