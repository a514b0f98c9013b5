/**
 * wx.request → RequestTask (wx-api-semantics §2.1, cos-vod-protocol §1.2/§5).
 *
 * Serialisation of `data`:
 *   - undefined/null → no body;
 *   - ArrayBuffer → sent raw, exact Content-Length;
 *   - string → sent as is (GET: appended to the query when non-empty);
 *   - object/array → GET: query string `encodeURIComponent(k)=encodeURIComponent(v)`
 *     appended to the URL; other methods: urlencoded when the content-type (looked
 *     up case-insensitively) is application/x-www-form-urlencoded, JSON otherwise
 *     (PUT/DELETE like POST — UNCONFIRMED in the docs).
 * The URL's path and query are sent verbatim (signatures depend on them).
 * Default header `content-type: application/json` unless the caller set one.
 */
import { ApiError, ListenerSet, PARAM_ERRNO, type ParamRules } from '../convention';
import type { RuntimeHost } from '../host';
import { bytesOf, isArrayBuffer, toRealmArrayBuffer } from '../realm';
import { NetworkError } from '../../simulator/network';
import { bodyText, buildHeaders, checkUrl, findHeader, responseHeaders, runTask } from './common';

export const REQUEST_METHODS = ['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT'] as const;

const oneOf = (name: string, values: readonly string[]) => (v: string) =>
  values.includes(v)
    ? undefined
    : `parameter error: parameter.${name} should be one of ${values.join('|')} instead of ${JSON.stringify(v)};`;

const PARAMS: ParamRules = {
  url: { type: 'String', required: true },
  header: { type: 'Object' },
  // Upper-case values documented; lower case is accepted and upper-cased (lenient).
  method: {
    type: 'String',
    check: ((v: string) => oneOf('method', REQUEST_METHODS)(v.toUpperCase())) as (v: never) => string | undefined,
  },
  data: { type: ['String', 'Object', 'Array', 'ArrayBuffer'] },
  dataType: { type: 'String' },
  // `arraybuffer` gives an ArrayBuffer; any other value (text, json, ...) the text.
  responseType: { type: 'String' },
  timeout: { type: 'Number' },
  redirect: { type: 'String', check: oneOf('redirect', ['follow', 'manual']) as (v: never) => string | undefined },
  enableChunked: { type: 'Boolean' },
};

/**
 * False when `text` cannot be JSON (its first non-blank character starts no JSON
 * value), so JSON.parse is skipped instead of throwing — binary and HTML bodies
 * are common and a thrown SyntaxError (stack capture) costs more than the request.
 */
function mayBeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    // { [ " - 0-9 t f n
    return c === 0x7b || c === 0x5b || c === 0x22 || c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e;
  }
  return false; // empty or blank: JSON.parse would throw
}

/** JSON of `data`; cyclic or BigInt data is a parameter error, not the engine's (multi-line) text. */
function jsonOf(data: unknown): string {
  try {
    return JSON.stringify(data) ?? '';
  } catch (err) {
    // a toJSON or getter of the caller's that threw on purpose keeps its own text
    if (err instanceof Error && Object.getPrototypeOf(err) !== TypeError.prototype && err.constructor?.name === 'Error') throw err;
    throw new ApiError('parameter error: parameter.data cannot be serialized to JSON;', { errno: PARAM_ERRNO });
  }
}

/** `k=v&k2=v2` with encodeURIComponent (objects as JSON). */
export function queryString(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'object' && v !== null ? jsonOf(v) : String(v))}`)
    .join('&');
}

export function installRequest(host: RuntimeHost, wx: Record<string, unknown>): void {
  wx.request = function request(options?: unknown) {
    const headersReceived = new ListenerSet<unknown>(host, 'at RequestTask.onHeadersReceived callback function');
    const chunkReceived = new ListenerSet<unknown>(host, 'at RequestTask.onChunkReceived callback function');
    const control = runTask(host, 'request', options, PARAMS, async (o, ctx) => {
      const parsed = checkUrl(host, o.url as string);
      const method = ((o.method as string | undefined) ?? 'GET').toUpperCase();
      const headers = buildHeaders(host, o.header);
      if (!findHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
      let url = o.url as string;
      const hash = url.indexOf('#');
      if (hash >= 0) url = url.slice(0, hash);
      let body: Buffer | undefined;
      const data = o.data === null ? undefined : o.data;
      if (data !== undefined) {
        // zero-copy unless the rules ask for a snapshot (see NetworkRules.snapshotRequestData)
        if (isArrayBuffer(data)) body = host.device.network.rules.snapshotRequestData ? Buffer.from(bytesOf(data)) : bytesOf(data);
        else if (method === 'GET') {
          const q = typeof data === 'string' ? data : queryString(data as Record<string, unknown>);
          if (q) url += (parsed.pathAndQuery.includes('?') ? '&' : '?') + q;
        } else if (typeof data === 'string') body = Buffer.from(data, 'utf8');
        else {
          const ct = findHeader(headers, 'content-type')![1];
          body = Buffer.from(
            /application\/x-www-form-urlencoded/i.test(ct) ? queryString(data as Record<string, unknown>) : jsonOf(data),
            'utf8',
          );
        }
      }
      const net = host.device.network;
      const releaseSlot = await net.acquire('request', ctx.controller.signal);
      try {
        ctx.startTimer();
        const res = await net.exchange({
          api: 'request',
          method,
          url,
          headers,
          body,
          redirect: (o.redirect as 'follow' | 'manual') ?? 'follow',
          controller: ctx.controller,
        });
        const { header, cookies } = responseHeaders(host, res.rawHeaders);
        headersReceived.emit({ header, statusCode: res.statusCode, cookies });
        const limit = net.rules.requestLimitBytes;
        let received = 0;
        const buf = await res.readAll((chunk) => {
          received += chunk.length;
          // the cap holds for every body, chunked or not, before it is kept
          if (received > limit) throw new NetworkError(net.rules.messages.downloadTooLarge);
          if (o.enableChunked === true) chunkReceived.emit({ data: toRealmArrayBuffer(host.realm, chunk) });
        });
        let out: unknown;
        if (o.responseType === 'arraybuffer') out = toRealmArrayBuffer(host.realm, buf);
        else {
          const text = bodyText(buf);
          out = text;
          if ((o.dataType ?? 'json') === 'json' && mayBeJson(text)) {
            try {
              out = host.realm.JSON.parse(text);
            } catch {
              out = text; // unparsable body: success with the raw string (observed behaviour)
            }
          }
        }
        return { data: out, statusCode: res.statusCode, header, cookies };
      } finally {
        releaseSlot();
      }
    });
    return {
      abort: () => control.abort(),
      onHeadersReceived: (fn: unknown) => headersReceived.on(fn),
      offHeadersReceived: (fn?: unknown) => headersReceived.off(fn),
      onChunkReceived: (fn: unknown) => chunkReceived.on(fn),
      offChunkReceived: (fn?: unknown) => chunkReceived.off(fn),
    };
  };
}
