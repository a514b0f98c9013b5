/**
 * Object and bucket tagging: PUT/GET/DELETE `?tagging` with
 * `<Tagging><TagSet><Tag><Key/><Value/></Tag>...</TagSet></Tagging>`, and the
 * `x-cos-tagging: k1=v1&k2=v2` header of an upload (object tags live in that header's
 * form in the object's stored headers; HEAD/GET report `x-cos-tagging-count`).
 * Limits from the COS docs: 10 tags per object, 50 per bucket, keys ≤ 128 and values
 * ≤ 256 characters, keys unique.
 */
import { CosError, list, malformedXml, text, type CosKit, type Ctx } from './context';

export interface Tag {
  Key: string;
  Value: string;
}

const OBJECT_MAX = 10;
const BUCKET_MAX = 50;

function checkTags(tags: Tag[], max: number): Tag[] {
  if (tags.length > max) throw new CosError(400, 'InvalidTag', `At most ${max} tags are allowed.`);
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.Key === '' || t.Key.length > 128) throw new CosError(400, 'InvalidTag', 'A tag key must have 1 to 128 characters.');
    if (t.Value.length > 256) throw new CosError(400, 'InvalidTag', 'A tag value must have at most 256 characters.');
    if (seen.has(t.Key)) throw new CosError(400, 'InvalidTag', `Tag key "${t.Key}" is given twice.`);
    seen.add(t.Key);
  }
  return tags;
}

/** `k1=v1&k2=v2` (URL-encoded) → tags. */
export function tagsFromHeader(value: string): Tag[] {
  const tags: Tag[] = [];
  for (const part of value.split('&')) {
    if (part === '') continue;
    const i = part.indexOf('=');
    try {
      tags.push({
        Key: decodeURIComponent(i < 0 ? part : part.slice(0, i)),
        Value: i < 0 ? '' : decodeURIComponent(part.slice(i + 1)),
      });
    } catch {
      throw new CosError(400, 'InvalidArgument', 'The x-cos-tagging header is not valid URL-encoded key=value pairs.');
    }
  }
  return checkTags(tags, OBJECT_MAX);
}

export function tagsToHeader(tags: Tag[]): string {
  return tags.map((t) => `${encodeURIComponent(t.Key)}=${encodeURIComponent(t.Value)}`).join('&');
}

async function readTags(k: CosKit, ctx: Ctx, max: number): Promise<Tag[]> {
  const doc = await k.readXml(ctx, 64 * 1024);
  const tagging = doc.Tagging as Record<string, unknown> | undefined;
  if (!tagging || typeof tagging !== 'object') throw malformedXml('no <Tagging> element');
  const set = tagging.TagSet as Record<string, unknown> | undefined;
  const tags = list(set && typeof set === 'object' ? set.Tag : undefined).map((t) => {
    const o = t as Record<string, unknown>;
    const key = o && typeof o === 'object' ? text(o.Key) : undefined;
    if (key === undefined) throw malformedXml('every <Tag> needs a <Key>');
    return { Key: key, Value: text(o.Value) ?? '' };
  });
  return checkTags(tags, max);
}

function taggingXml(tags: Tag[]): Record<string, unknown> {
  return { Tagging: { TagSet: tags.length ? { Tag: tags } : '' } };
}

export async function putObjectTagging(k: CosKit, ctx: Ctx): Promise<void> {
  k.requireObject(ctx.bucket, ctx.key);
  const tags = await readTags(k, ctx, OBJECT_MAX);
  const rec = k.requireObject(ctx.bucket, ctx.key);
  const headers = { ...rec.headers };
  if (tags.length) headers['x-cos-tagging'] = tagsToHeader(tags);
  else delete headers['x-cos-tagging'];
  k.store.setHeaders(ctx.bucket, ctx.key, headers);
  k.sendEmpty(ctx, 200);
}

export function getObjectTagging(k: CosKit, ctx: Ctx): void {
  const rec = k.requireObject(ctx.bucket, ctx.key);
  const h = rec.headers['x-cos-tagging'];
  k.sendXml(ctx, 200, taggingXml(h === undefined ? [] : tagsFromHeader(h)));
}

export function deleteObjectTagging(k: CosKit, ctx: Ctx): void {
  const rec = k.requireObject(ctx.bucket, ctx.key);
  const headers = { ...rec.headers };
  delete headers['x-cos-tagging'];
  k.store.setHeaders(ctx.bucket, ctx.key, headers);
  k.sendEmpty(ctx, 204);
}

export async function putBucketTagging(k: CosKit, ctx: Ctx): Promise<void> {
  const tags = await readTags(k, ctx, BUCKET_MAX);
  k.store.setBucketConfig(ctx.bucket, 'tagging', tags.length ? tags : undefined);
  k.sendEmpty(ctx, 204);
}

export function getBucketTagging(k: CosKit, ctx: Ctx): void {
  const tags = k.store.bucketConfig(ctx.bucket, 'tagging') as Tag[] | undefined;
  if (!tags) throw new CosError(404, 'NoSuchTagSet', 'There is no tag set associated with the bucket.');
  k.sendXml(ctx, 200, taggingXml(tags));
}

export function deleteBucketTagging(k: CosKit, ctx: Ctx): void {
  k.store.setBucketConfig(ctx.bucket, 'tagging', undefined);
  k.sendEmpty(ctx, 204);
}

/** `x-cos-tagging-count` for HEAD/GET of an object with tags. */
export function taggingCount(headers: Record<string, string>): number | undefined {
  const h = headers['x-cos-tagging'];
  if (h === undefined) return undefined;
  const n = h.split('&').filter((p) => p !== '').length;
  return n > 0 ? n : undefined;
}
