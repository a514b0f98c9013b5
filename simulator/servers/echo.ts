/**
 * The echo server (httpbin-like) on `echo.mpsim.test` and `test.url` (the host
 * of the official uploadFile sample). It reports what really arrived, so tests
 * can compare bytes instead of trusting the client:
 *
 *   any multipart POST (e.g. `/upload`) → 200 JSON `{ method, path, rawQuery, query,
 *       headers, fields, fieldOrder, files: [{ field, filename, contentType, size, md5 }] }`
 *       (files streamed to md5, never buffered)
 *   `/anything[/...]`   → `{ method, path, rawQuery, query, headers, bodySize, md5 }`
 *   `/status/:code`     → that status, small text body (200..599; any other code answers
 *                         400 `invalid status code`, as httpbin does: a 1xx is not a final
 *                         response and below 100 is no status at all)
 *   `/delay/:ms`        → 200 after ms (≤ 60000)
 *   `/bytes/:n`         → n deterministic bytes (byte i = i % 251), Content-Length
 *   `/chunked/:n`       → n chunks of 1 KiB, Transfer-Encoding: chunked, 10 ms apart
 *   `/redirect-to?url=&status=` → 302 (or status) with Location
 *   `/headers`          → `{ headers }`
 *   `/set-cookie?a=1&b=2` → 200 with one Set-Cookie per pair
 *
 * Every request is also recorded in `log` with the request-body bytes that
 * arrived and whether the body was complete (an aborted upload shows `complete: false`).
 */
import busboy from 'busboy';
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalServer } from './types';

/** One request as the echo server saw it. */
export interface EchoRecord {
  method: string;
  host: string;
  path: string;
  /** Request-body bytes that arrived. */
  bodyBytes: number;
  /** False until the whole body arrived; stays false for a cut body. */
  complete: boolean;
  headers: Record<string, string | string[] | undefined>;
}

export interface EchoServer extends LocalServer {
  readonly log: EchoRecord[];
}

export const ECHO_HOSTS: readonly string[] = ['echo.mpsim.test', 'test.url'];

/** Byte i of `/bytes/:n`. */
export function echoByte(i: number): number {
  return i % 251;
}

function parseQuery(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? '' : part.slice(eq + 1);
    try {
      out[decodeURIComponent(k.replace(/\+/g, ' '))] = decodeURIComponent(v.replace(/\+/g, ' '));
    } catch {
      out[k] = v;
    }
  }
  return out;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const buf = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': buf.length });
  res.end(buf);
}

export function createEchoServer(options: { hosts?: readonly string[] } = {}): EchoServer {
  const log: EchoRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return t;
  };

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    const query = parseQuery(rawQuery);
    const record: EchoRecord = {
      method: req.method ?? '',
      host: req.headers.host ?? '',
      path: url,
      bodyBytes: 0,
      complete: false,
      headers: { ...req.headers },
    };
    log.push(record);
    const md5 = createHash('md5');
    req.on('data', (chunk: Buffer) => {
      record.bodyBytes += chunk.length;
    });
    req.on('end', () => {
      record.complete = true;
    });
    const base = { method: req.method, path: pathname, rawQuery, query, headers: req.headers };
    const contentType = String(req.headers['content-type'] ?? '');

    if (/^multipart\/form-data/i.test(contentType)) {
      const fields: Record<string, string> = {};
      const fieldOrder: string[] = [];
      const files: Array<{ field: string; filename: string; contentType: string; size: number; md5: string }> = [];
      let bb: busboy.Busboy;
      try {
        // UTF-8 filenames arrive raw in Content-Disposition (no RFC 5987 encoding).
        bb = busboy({ headers: req.headers, limits: { fieldSize: 1024 * 1024 }, defParamCharset: 'utf8' });
      } catch (err) {
        req.resume();
        json(res, 400, { error: String((err as Error).message) });
        return;
      }
      bb.on('field', (name, value) => {
        fields[name] = value;
        fieldOrder.push(name);
      });
      bb.on('file', (field, stream, info) => {
        fieldOrder.push(field);
        const h = createHash('md5');
        const entry = { field, filename: info.filename ?? '', contentType: info.mimeType, size: 0, md5: '' };
        files.push(entry);
        stream.on('data', (c: Buffer) => {
          entry.size += c.length;
          h.update(c);
        });
        stream.on('end', () => {
          entry.md5 = h.digest('hex');
        });
      });
      bb.on('close', () => json(res, 200, { ...base, fields, fieldOrder, files }));
      bb.on('error', (err) => {
        req.unpipe(bb);
        req.resume();
        if (!res.headersSent && !res.destroyed) json(res, 400, { error: String((err as Error).message) });
      });
      req.pipe(bb);
      return;
    }

    let m: RegExpExecArray | null;
    if (pathname === '/anything' || pathname.startsWith('/anything/') || pathname === '/upload') {
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        md5.update(c);
      });
      req.on('end', () => json(res, 200, { ...base, bodySize: size, md5: md5.digest('hex') }));
      return;
    }
    req.resume();
    if ((m = /^\/status\/(\d{3})$/.exec(pathname))) {
      const status = Number(m[1]);
      if (status < 200 || status > 599) {
        req.on('end', () => json(res, 400, { error: 'invalid status code', status: m![1] }));
        return;
      }
      req.on('end', () => {
        res.writeHead(status, { 'Content-Type': 'text/plain' });
        res.end(status === 204 || status === 304 ? undefined : `status ${status}`);
      });
      return;
    }
    if ((m = /^\/delay\/(\d+)$/.exec(pathname))) {
      const ms = Math.min(Number(m[1]), 60000);
      const t = later(ms, () => json(res, 200, { ...base, delayed: ms }));
      res.on('close', () => {
        clearTimeout(t);
        timers.delete(t);
      });
      return;
    }
    if ((m = /^\/bytes\/(\d+)$/.exec(pathname))) {
      const n = Number(m[1]);
      res.writeHead(200, { 'Content-Type': query.type ?? 'application/octet-stream', 'Content-Length': n });
      if (req.method === 'HEAD') return void res.end();
      let i = 0;
      const pump = () => {
        while (i < n) {
          const len = Math.min(64 * 1024, n - i);
          const chunk = Buffer.allocUnsafe(len);
          for (let j = 0; j < len; j++) chunk[j] = echoByte(i + j);
          i += len;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    if ((m = /^\/chunked\/(\d+)$/.exec(pathname))) {
      const n = Math.min(Number(m[1]), 1000);
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      let sent = 0;
      const step = () => {
        if (res.destroyed) return;
        if (sent >= n) return void res.end();
        const chunk = Buffer.alloc(1024, sent % 256);
        sent++;
        res.write(chunk);
        later(10, step);
      };
      step();
      return;
    }
    if (pathname === '/redirect-to') {
      const status = Number(query.status ?? 302);
      res.writeHead(status >= 300 && status < 400 ? status : 302, { Location: query.url ?? '/', 'Content-Length': 0 });
      res.end();
      return;
    }
    if (pathname === '/headers') {
      req.on('end', () => json(res, 200, { headers: req.headers }));
      return;
    }
    if (pathname === '/set-cookie') {
      res.setHeader(
        'Set-Cookie',
        Object.entries(query).map(([k, v]) => `${k}=${v}; Path=/`),
      );
      req.on('end', () => json(res, 200, { cookies: query }));
      return;
    }
    req.on('end', () => json(res, 404, { error: 'not found', path: pathname }));
  }

  return {
    name: 'echo',
    hosts: options.hosts ?? ECHO_HOSTS,
    log,
    handle,
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
