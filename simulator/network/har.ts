/**
 * The phone's request log (`mpsim.network.requests`) as HAR 1.2
 * (http://www.softwareishard.com/blog/har-12-spec/), the format Chrome DevTools, Firefox and
 * other HAR viewers open: `mpsim.network.har()` and `mpsim run --har out.har`.
 *
 * What is known and what is not: request and response headers as sent and received; body
 * sizes in bytes (`bodySize`; header sizes are not measured: -1); an uploadFile body as its
 * multipart parts (`postData.params`: the fields with their values, the file with its name,
 * type and size in `comment`, never its bytes); no other body content is kept (the log holds
 * up to 10000 requests). Timings: `send` from the start of the exchange until a streamed body
 * was handed over (0 for in-memory bodies), `wait` until the response head, `receive` until
 * the body ended; queueing, DNS, connect and TLS are not measured (-1). A request that got no
 * response has status 0 and its errMsg reason in `response._error`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RequestRecord } from './index';

export interface HarNameValue {
  name: string;
  value: string;
  comment?: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: {
      mimeType: string;
      text?: string;
      params?: Array<{ name: string; value?: string; fileName?: string; contentType?: string; comment?: string }>;
      comment?: string;
    };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; comment?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { blocked: number; dns: number; connect: number; ssl: number; send: number; wait: number; receive: number };
  /** `request`, `uploadFile` or `downloadFile`. */
  _api: string;
  /** A condition injected by `mpsim.network` (`status=503`, `reset`, `hang`). */
  _fault?: string;
  comment?: string;
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    entries: HarEntry[];
    comment?: string;
  };
}

/** mpsim's version, from the package.json above this file (source or dist/). */
const version = ((): string => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'mpsim') return pkg.version ?? '0.0.0';
    } catch {
      // not here; go up
    }
    if (path.dirname(dir) === dir) return '0.0.0';
  }
})();

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  206: 'Partial Content',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  416: 'Range Not Satisfiable',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function queryOf(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function cookiesOf(header: string | undefined): HarNameValue[] {
  if (!header) return [];
  return header
    .split(';')
    .map((c) => c.trim())
    .filter((c) => c.includes('='))
    .map((c) => ({ name: c.slice(0, c.indexOf('=')), value: c.slice(c.indexOf('=') + 1) }));
}

function headerOf(headers: Array<[string, string]>, name: string): string | undefined {
  return headers.find(([k]) => k.toLowerCase() === name)?.[1];
}

const ms = (n: number) => Math.max(0, Math.round(n * 1000) / 1000);

/** One request record as a HAR entry. */
export function harEntry(r: RequestRecord, now = Date.now()): HarEntry {
  const reqHeaders = Object.entries(r.headers);
  const resHeaders = r.responseHeaders ?? [];
  const ended = r.endedAt ?? now;
  const responded = r.responseAt ?? ended;
  const sent = r.sentAt !== undefined && r.sentAt <= responded ? r.sentAt : r.startedAt;
  const timings = {
    blocked: -1,
    dns: -1,
    connect: -1,
    ssl: -1,
    send: ms(sent - r.startedAt),
    wait: ms(responded - sent),
    receive: ms(ended - responded),
  };
  const contentType = reqHeaders.find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  let postData: HarEntry['request']['postData'];
  if (r.multipart) {
    postData = {
      mimeType: contentType ?? 'multipart/form-data',
      params: r.multipart.map((p) =>
        p.fileName !== undefined
          ? { name: p.name, fileName: p.fileName, contentType: p.contentType, comment: `${p.size} bytes (not recorded)` }
          : { name: p.name, value: p.value ?? '' },
      ),
    };
  }
  const status = r.responseAt !== undefined ? (r.statusCode ?? 0) : 0;
  const entry: HarEntry = {
    startedDateTime: new Date(r.startedAt).toISOString(),
    time: timings.send + timings.wait + timings.receive,
    request: {
      method: r.method,
      url: r.url,
      httpVersion: 'HTTP/1.1',
      cookies: cookiesOf(reqHeaders.find(([k]) => k.toLowerCase() === 'cookie')?.[1]),
      headers: reqHeaders.map(([name, value]) => ({ name, value })),
      queryString: queryOf(r.url),
      ...(postData ? { postData } : {}),
      headersSize: -1,
      bodySize: r.bytesSent,
    },
    response: {
      status,
      statusText: STATUS_TEXT[status] ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: resHeaders.map(([name, value]) => ({ name, value })),
      content: {
        size: r.bytesReceived,
        mimeType: headerOf(resHeaders, 'content-type') ?? 'x-unknown',
        comment: 'body not recorded',
      },
      redirectURL: headerOf(resHeaders, 'location') ?? '',
      headersSize: -1,
      bodySize: r.responseAt !== undefined ? r.bytesReceived : -1,
      ...(r.error !== undefined ? { _error: r.error } : {}),
    },
    cache: {},
    timings,
    _api: r.api,
    ...(r.fault ? { _fault: r.fault } : {}),
  };
  return entry;
}

/** The request log as a HAR 1.2 document. */
export function toHar(records: readonly RequestRecord[]): Har {
  const now = Date.now();
  return {
    log: {
      version: '1.2',
      creator: { name: 'mpsim', version },
      entries: records.map((r) => harEntry(r, now)),
    },
  };
}

/** Writes the HAR document to `file` (JSON, 2-space indented). */
export function writeHar(file: string, records: readonly RequestRecord[]): Har {
  const har = toHar(records);
  fs.writeFileSync(file, JSON.stringify(har, null, 2) + '\n');
  return har;
}
