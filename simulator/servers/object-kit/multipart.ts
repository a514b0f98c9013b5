/**
 * Multipart pieces both clouds share: the CompleteMultipartUpload document
 * (`<CompleteMultipartUpload><Part><PartNumber/><ETag/></Part>...`) read into the
 * list the store checks, with the body's Content-MD5 verified first.
 */
import { createHash } from 'node:crypto';
import { xmlParser } from './http';

/**
 * Parses a CompleteMultipartUpload body. `malformed()` is the dialect's MalformedXML,
 * `badDigest()` its Content-MD5 mismatch error.
 */
export function parseCompleteBody(
  body: Buffer,
  contentMd5: string | undefined,
  errors: { malformed: () => Error; badDigest: () => Error },
): { partNumber: number; etag: string }[] {
  if (contentMd5 !== undefined && createHash('md5').update(body).digest('base64') !== contentMd5) throw errors.badDigest();
  let doc: unknown;
  try {
    doc = xmlParser.parse(body.toString('utf8'), true);
  } catch {
    throw errors.malformed();
  }
  const root = (doc as { CompleteMultipartUpload?: { Part?: unknown } }).CompleteMultipartUpload;
  if (!root || typeof root !== 'object' || root.Part === undefined) throw errors.malformed();
  const raw = Array.isArray(root.Part) ? root.Part : [root.Part];
  return raw.map((p: unknown) => {
    const o = p as { PartNumber?: unknown; ETag?: unknown };
    if (
      typeof o !== 'object' ||
      o === null ||
      typeof o.PartNumber !== 'string' ||
      !/^\d+$/.test(o.PartNumber) ||
      typeof o.ETag !== 'string'
    ) {
      throw errors.malformed();
    }
    return { partNumber: Number(o.PartNumber), etag: o.ETag };
  });
}
