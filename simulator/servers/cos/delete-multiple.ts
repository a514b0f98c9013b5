/**
 * DELETE Multiple Objects: `POST /?delete` with `<Delete><Quiet/><Object><Key/>
 * </Object>...</Delete>` (at most 1000 objects). Keys that do not exist count as
 * deleted, as on COS; quiet mode lists only the failures.
 */
import { CosError, list, malformedXml, text, type CosKit, type Ctx } from './context';

const MAX_OBJECTS = 1000;

export async function deleteMultiple(k: CosKit, ctx: Ctx): Promise<void> {
  const doc = await k.readXml(ctx, 2 * 1024 * 1024);
  const root = doc.Delete as Record<string, unknown> | undefined;
  if (!root || typeof root !== 'object') throw malformedXml('no <Delete> element');
  const quietText = text(root.Quiet) ?? 'false';
  if (quietText !== 'true' && quietText !== 'false') throw malformedXml('<Quiet> must be true or false');
  const objects = list(root.Object);
  if (objects.length === 0) throw malformedXml('no <Object> to delete');
  if (objects.length > MAX_OBJECTS) throw malformedXml(`at most ${MAX_OBJECTS} objects per request`);
  const deleted: Record<string, unknown>[] = [];
  const errors: Record<string, unknown>[] = [];
  for (const o of objects) {
    const key = o && typeof o === 'object' ? text((o as Record<string, unknown>).Key) : undefined;
    if (key === undefined || key === '') throw malformedXml('every <Object> needs a <Key>');
    const versionId = text((o as Record<string, unknown>).VersionId);
    if (Buffer.byteLength(key) > 850) {
      errors.push({ Key: key, Code: 'KeyTooLong', Message: 'Your key is too long.' });
      continue;
    }
    if (versionId !== undefined && versionId !== 'null') {
      errors.push({ Key: key, VersionId: versionId, Code: 'NoSuchVersion', Message: 'The specified version does not exist.' });
      continue;
    }
    try {
      k.store.delete(ctx.bucket, key);
      deleted.push(versionId === undefined ? { Key: key } : { Key: key, VersionId: versionId });
    } catch (e) {
      const err = e instanceof CosError ? e : new CosError(500, 'InternalError', (e as Error).message);
      errors.push({ Key: key, Code: err.code, Message: err.message });
    }
  }
  const body: Record<string, unknown> = {};
  if (quietText === 'false' && deleted.length) body.Deleted = deleted;
  if (errors.length) body.Error = errors;
  k.sendXml(ctx, 200, { DeleteResult: body });
}
