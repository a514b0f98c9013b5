/**
 * The HTTP framing the COS and OSS servers share (issue 17 item 1): reading the
 * request target, the request log, fault hooks, XML and empty answers, the start of
 * an error answer and the permissive default preflight. Each server keeps only its
 * dialect — signing, error codes and bodies, headers, addressing — and hands the kit
 * what differs (its base headers, its XML formatting, its error type).
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import type { FaultAction } from './faults';

export const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
/** Request bodies (CompleteMultipartUpload, sub-resource documents): text values, no attributes. */
export const xmlParser = new XMLParser({ parseTagValue: false, ignoreAttributes: true, trimValues: true });

/** A header's value, repeated headers joined by `, `. */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(', ') : v;
}

/** One handled request, for tests (`cos.log`, `oss.log`). */
export interface ObjectLogEntry<Op extends string> {
  op: Op | 'Unknown';
  method: string;
  url: string;
  host: string;
  bucket?: string;
  key?: string;
  status: number;
  code?: string;
  requestId: string;
}

/** What every server's request context has. */
export interface KitCtx {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  /** Upper-case method. */
  method: string;
  log: { code?: string };
}

/** Makes the dialect's error for a status, code and message. */
export type MakeError = (status: number, code: string, message: string) => Error;

/** The request target: the decoded key and the decoded query in order. */
export interface Target {
  key: string;
  rawQuery: string;
  query: { name: string; value: string }[];
}

/**
 * Splits `req.url` (origin or absolute form) into the object key and the query; a
 * path that does not start with `/` or malformed percent-encoding is `400 InvalidURI`.
 */
export function parseTarget(url: string, makeError: MakeError): Target {
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw makeError(400, 'InvalidURI', `Couldn't parse the specified URI: malformed percent-encoding in "${s}".`);
    }
  };
  let u = url;
  if (/^https?:\/\//i.test(u)) u = u.replace(/^https?:\/\/[^/]*/i, '') || '/';
  const qi = u.indexOf('?');
  const rawPath = qi < 0 ? u : u.slice(0, qi);
  const rawQuery = qi < 0 ? '' : u.slice(qi + 1);
  if (!rawPath.startsWith('/')) throw makeError(400, 'InvalidURI', "Couldn't parse the specified URI.");
  const key = decode(rawPath.slice(1));
  const query: Target['query'] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const i = part.indexOf('=');
    query.push({ name: decode(i < 0 ? part : part.slice(0, i)), value: i < 0 ? '' : decode(part.slice(i + 1)) });
  }
  return { key, rawQuery, query };
}

/**
 * An integer query parameter in [min, max] (absent or empty: `def`); anything else
 * is the dialect's error from `invalid`.
 */
export function intQuery(
  q: Map<string, string>,
  name: string,
  def: number,
  min: number,
  max: number,
  invalid: (v: string) => Error,
): number {
  const v = q.get(name);
  if (v === undefined || v === '') return def;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw invalid(v);
  return Number(v);
}

/** First value per name (`lowerCase`: names compared case-insensitively, as COS does). */
export function queryMap(query: Target['query'], lowerCase: boolean): Map<string, string> {
  const q = new Map<string, string>();
  for (const { name, value } of query) {
    const n = lowerCase ? name.toLowerCase() : name;
    if (!q.has(n)) q.set(n, value);
  }
  return q;
}

/**
 * Runs the fault actions a hook took for this request: waits out delays, destroys the
 * socket on a reset (returns false: nothing more to answer), throws an injected failure.
 */
export async function applyFaults(
  ctx: KitCtx,
  actions: FaultAction[],
  fail: (a: Extract<FaultAction, { kind: 'fail' }>) => Error,
): Promise<boolean> {
  for (const action of actions) {
    if (action.kind === 'delay') await new Promise((r) => setTimeout(r, action.ms));
    else if (action.kind === 'reset') {
      ctx.log.code = 'InjectedReset';
      ctx.req.socket.destroy();
      return false;
    } else throw fail(action);
  }
  return true;
}

/**
 * Answers one request: records its log entry (status once the response closes; the
 * log keeps the last 1000) and turns whatever `dispatch` throws into the dialect's
 * error answer.
 */
export function serve<E extends { status: number }>(
  res: ServerResponse,
  entry: E,
  log: E[],
  dispatch: () => Promise<void>,
  answerError: (e: unknown) => void,
): void {
  res.on('close', () => {
    entry.status = res.headersSent ? res.statusCode : 0;
    log.push(entry);
    if (log.length > 1000) log.shift();
  });
  dispatch().catch(answerError);
}

/** The fields every context starts with (`op` Unknown, key and query still unread). */
export function newCtx<Op, L>(req: IncomingMessage, res: ServerResponse, requestId: string, log: L) {
  return {
    req,
    res,
    requestId,
    method: (req.method ?? 'GET').toUpperCase(),
    key: '',
    q: new Map<string, string>(),
    op: 'Unknown' as Op | 'Unknown',
    log,
  };
}

/** mpsim's permissive CORS on an answer: the request's Origin (or `*`) and the dialect's exposed headers. */
export function setPermissiveCors(ctx: KitCtx, exposeHeaders: string): void {
  ctx.res.setHeader('Access-Control-Allow-Origin', headerValue(ctx.req, 'origin') ?? '*');
  ctx.res.setHeader('Access-Control-Expose-Headers', exposeHeaders);
}

/**
 * Streams an object's bytes (through the given transforms) as the answer body. A read
 * error destroys the connection; a client that goes away closes the file and stops
 * every transform (a throttle's timer).
 */
export function pipeFile(res: ServerResponse, file: Readable, through: Transform[] = []): void {
  let src: Readable = file;
  for (const t of through) src = src.pipe(t);
  file.on('error', () => res.destroy());
  res.on('close', () => {
    file.destroy();
    for (const t of through) t.destroy();
  });
  src.pipe(res);
}

/** XML and empty answers over a dialect's base headers and XML formatting. */
export interface Responder<C extends KitCtx> {
  xml(body: Record<string, unknown>): string;
  sendXml(ctx: C, status: number, body: Record<string, unknown>, headers?: Record<string, string | number>): void;
  sendEmpty(ctx: C, status: number, headers?: Record<string, string | number>): void;
  /** A HEAD Object answer: 200, the object's headers and its length, no body. */
  sendHead(ctx: C, headers: Record<string, string | number>, size: number): void;
  /**
   * The common start of an error answer: records the code, and returns false when the
   * response has already begun (the connection is destroyed instead); the rest of a
   * request body the client still sends is discarded so the connection stays usable.
   */
  beginError(ctx: C, code: string): boolean;
  /** The permissive preflight answer (every origin, method and header). */
  sendDefaultPreflight(ctx: C): void;
}

export function createResponder<C extends KitCtx>(o: { builder: XMLBuilder; setBase: (ctx: C) => void }): Responder<C> {
  const xml = (body: Record<string, unknown>) => XML_DECL + (o.builder.build(body) as string);
  const r: Responder<C> = {
    xml,
    sendXml(ctx, status, body, headers = {}) {
      const text = xml(body);
      const { res } = ctx;
      res.statusCode = status;
      o.setBase(ctx);
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      res.setHeader('Content-Type', 'application/xml');
      res.setHeader('Content-Length', Buffer.byteLength(text));
      res.end(ctx.method === 'HEAD' ? undefined : text);
    },
    sendEmpty(ctx, status, headers = {}) {
      const { res } = ctx;
      res.statusCode = status;
      o.setBase(ctx);
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      if (status !== 204 && status !== 304) res.setHeader('Content-Length', 0);
      res.end();
    },
    sendHead(ctx, headers, size) {
      const { res } = ctx;
      res.statusCode = 200;
      o.setBase(ctx);
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      res.setHeader('Content-Length', size);
      res.end();
    },
    beginError(ctx, code) {
      ctx.log.code = code;
      if (ctx.res.headersSent) {
        ctx.res.destroy();
        return false;
      }
      if (!ctx.req.complete) ctx.req.resume();
      return true;
    },
    sendDefaultPreflight(ctx) {
      const { res } = ctx;
      res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, POST, DELETE, HEAD');
      res.setHeader('Access-Control-Allow-Headers', headerValue(ctx.req, 'access-control-request-headers') ?? '*');
      res.setHeader('Access-Control-Max-Age', '600');
      r.sendEmpty(ctx, 200);
    },
  };
  return r;
}
