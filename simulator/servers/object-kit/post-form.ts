/**
 * The browser form upload both clouds take (COS POST Object, OSS PostObject): a
 * multipart/form-data body whose fields come before one file. The kit reads the
 * fields (names case-insensitive, first value kept), hands the file stream to the
 * dialect (which authenticates the form, stores the bytes and returns its answer),
 * guarantees exactly one answer per request, and answers the documented
 * `success_action_redirect` / `success_action_status` forms.
 */
import busboy from 'busboy';
import type { Readable } from 'node:stream';
import { headerValue, type KitCtx, type Responder } from './http';

export interface PostFormHandlers {
  /** The dialect's error for a request whose Content-Type is not multipart/form-data. */
  notForm(): Error;
  /** The dialect's error for a body that is not well-formed multipart/form-data. */
  malformed(e: unknown): Error;
  /** The dialect's error for a form without a file part. */
  missingFile(): Error;
  /** Sends the dialect's error answer for anything thrown. */
  fail(e: unknown): void;
  /**
   * Authenticates the form, stores `stream`, and returns the answer to send (or throws).
   * The kit drains the stream if this throws.
   */
  receive(fields: Map<string, string>, name: string, stream: Readable, info: busboy.FileInfo): Promise<() => void>;
}

/** Reads a POST form upload and answers it exactly once. */
export function receivePostForm(ctx: KitCtx, h: PostFormHandlers): Promise<void> {
  if (!/^multipart\/form-data/i.test(headerValue(ctx.req, 'content-type') ?? '')) throw h.notForm();
  return new Promise<void>((resolve) => {
    const fields = new Map<string, string>();
    let done = false;
    let work: Promise<void> | undefined;
    const fail = (e: unknown) => {
      if (done) return;
      done = true;
      h.fail(e);
      resolve();
    };
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: ctx.req.headers, limits: { fieldSize: 64 * 1024, fields: 200, files: 1 } });
    } catch (e) {
      fail(h.malformed(e));
      return;
    }
    bb.on('field', (name, value) => {
      if (!fields.has(name.toLowerCase())) fields.set(name.toLowerCase(), value);
    });
    bb.on('file', (name, stream, info) => {
      if (done || work) {
        stream.resume();
        return;
      }
      work = (async () => {
        try {
          const answer = await h.receive(fields, name, stream, info);
          if (done) return;
          done = true;
          answer();
          resolve();
        } catch (e) {
          stream.resume();
          if (done && !ctx.res.headersSent) done = false; // failed while answering: still answer
          fail(e);
        }
      })();
    });
    bb.on('error', (e: unknown) => fail(h.malformed(e)));
    bb.on('close', () => {
      if (!work) fail(h.missingFile());
    });
    ctx.req.on('error', (e) => fail(e));
    ctx.req.pipe(bb);
  });
}

/**
 * The answer to a stored form upload: `success_action_redirect` → 303 to it with
 * bucket, key and etag appended; else `success_action_status` 201 (a PostResponse
 * document), 200, or by default 204. `headers` (ETag, and Location where the dialect
 * sends it) go on every form of the answer.
 */
export function answerPostForm<C extends KitCtx>(
  r: Responder<C>,
  ctx: C,
  fields: Map<string, string>,
  o: { bucket: string; key: string; etag: string; location: string; headers: Record<string, string> },
): void {
  const redirect = fields.get('success_action_redirect');
  const status = fields.get('success_action_status');
  if (redirect) {
    const sep = redirect.includes('?') ? '&' : '?';
    r.sendEmpty(ctx, 303, {
      Location: `${redirect}${sep}bucket=${encodeURIComponent(o.bucket)}&key=${encodeURIComponent(o.key)}&etag=${encodeURIComponent(o.etag)}`,
      ETag: o.etag,
    });
  } else if (status === '201') {
    r.sendXml(ctx, 201, { PostResponse: { Location: o.location, Bucket: o.bucket, Key: o.key, ETag: o.etag } }, o.headers);
  } else if (status === '200') {
    r.sendEmpty(ctx, 200, o.headers);
  } else {
    r.sendEmpty(ctx, 204, o.headers);
  }
}

/** A POST policy condition's field: `$bucket` and `$key` are the request's, the rest form fields (case-insensitive). */
export function policyField(bucket: string, key: string, fields: Map<string, string>): (name: string) => string | undefined {
  return (name) => {
    const n = name.replace(/^\$/, '').toLowerCase();
    if (n === 'bucket') return bucket;
    if (n === 'key') return key;
    return fields.get(n);
  };
}
