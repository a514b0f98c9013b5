/**
 * The one way a server reads a small request body (XML, JSON, a form) into
 * memory. Past `limit` it stops keeping bytes and rejects with the server's own
 * error, but keeps draining the request instead of destroying it: the server then
 * answers (400 EntityTooLarge…) on a connection the client can still read, rather
 * than the client seeing ERR_CONNECTION_RESET half-way through its upload. A
 * declared Content-Length over the limit is refused before a byte is read.
 */
import type { IncomingMessage } from 'node:http';

export function readLimitedBody(req: IncomingMessage, limit: number, tooLarge: () => unknown): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume(); // drained, never kept
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let n = 0;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    req.on('data', (c: Buffer) => {
      if (settled) return; // draining after the limit
      n += c.length;
      if (n > limit) {
        chunks.length = 0;
        settle(() => reject(tooLarge()));
      } else chunks.push(c);
    });
    req.once('end', () => settle(() => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))));
    req.once('error', (e) => settle(() => reject(e)));
    req.once('close', () => {
      if (!req.complete) settle(() => reject(new Error('request aborted')));
    });
  });
}
