/**
 * The network of one Device: the rules WeChat enforces (configurable like the
 * DevTools switches), the Device's network conditions, the concurrency queue,
 * a log of requests, and the transport — real HTTP/1.1 over undici whose every
 * connection is dialled to the Cloud's loopback listeners (TLS with the
 * original host as SNI, trusting only the simulator CA). Nothing here resolves
 * DNS or dials a non-loopback address: an unrouted host fails before a socket
 * is opened.
 *
 * The runtime (runtime/network) implements the wx semantics on top of this.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import * as tls from 'node:tls';
import type { Agent } from 'undici';

/**
 * undici is required on the first request, not at load: it is ~55 ms of a small
 * `mpsim run`'s start-up, and a script that never touches the network never needs it.
 */
function undiciAgent(): typeof Agent {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('undici') as typeof import('undici')).Agent;
}
import type { Cloud } from '../cloud';
import { FAULT_HEADER } from '../cloud';
import type { Connectivity } from '../connectivity';
import { fsErrorOf, type QuotaReservation, type SandboxFiles } from '../files';
import { FsError } from '../fs-error';
import type { PathScheme } from '../paths';
import type { AbortLike, AbortLikeController } from './abort';
import { NetworkConditions } from './conditions';
import { hostMatches, normalizeHost } from './routing';

export { NetworkConditions, type FailSpec, type HostFilter } from './conditions';

/** The API a network task belongs to. */
export type NetworkApi = 'request' | 'uploadFile' | 'downloadFile';

/**
 * WeChat's network rules. Each can be switched off like the DevTools
 * "do not verify legal domains, TLS…" checkbox.
 */
export interface NetworkRules {
  /** Only `https://` URLs (default true). Off: `http://` goes to the Cloud's plain HTTP listener. */
  httpsOnly: boolean;
  /** Check the legal-domain list (default true). */
  checkDomain: boolean;
  /** Legal domains (`host`, `https://host` or `*` patterns). Default undefined = every routed host. */
  legalDomains?: string[];
  /** Tasks in flight at once before further tasks queue (default 10). */
  maxConcurrent: number;
  /** One queue for request+uploadFile+downloadFile (`shared`, default) or one per API — UNCONFIRMED. */
  concurrency: 'shared' | 'per-api';
  /** Default timeout in ms when neither the call nor app.json networkTimeout gives one (60000). */
  timeoutMs: number;
  /** Largest downloadFile body (200 MB). */
  downloadLimitBytes: number;
  /**
   * Largest wx.request response body kept in memory (default 50 MiB — UNCONFIRMED on the
   * client, which also caps it; an endless body must not grow the process without bound).
   * Past it the request fails with `messages.downloadTooLarge`.
   */
  requestLimitBytes: number;
  /** Redirects followed before failing (15, as the HIST client). */
  maxRedirects: number;
  /**
   * wx.request with ArrayBuffer `data`: false (default) sends the bytes straight from the
   * caller's buffer; true copies them when the task starts. The phone copies at the call
   * (across its JS bridge), so code that changes the buffer before the request completes
   * sends other bytes here unless this is on. Off by default because SDKs send multi-MiB
   * parts this way and the copy doubled their memory (VODUpload 1 GiB: ~90 → ~60 MiB peak
   * RSS growth without it, measured).
   */
  snapshotRequestData: boolean;
  /** Fail reasons for the UNCONFIRMED cases (text after `<api>:fail `). */
  messages: {
    timeout: string;
    fileNotFound: string;
    offline: string;
    downloadTooLarge: string;
  };
}

export function defaultRules(): NetworkRules {
  return {
    httpsOnly: true,
    checkDomain: true,
    legalDomains: undefined,
    maxConcurrent: 10,
    concurrency: 'shared',
    timeoutMs: 60000,
    downloadLimitBytes: 200 * 1024 * 1024,
    requestLimitBytes: 50 * 1024 * 1024,
    maxRedirects: 15,
    snapshotRequestData: false,
    messages: {
      timeout: 'timeout',
      fileNotFound: 'file not found',
      offline: 'fail:network interrupted error',
      downloadTooLarge: 'exceed max file size',
    },
  };
}

/** A transport failure with the reason the wx API reports (after `<api>:fail `). */
export class NetworkError extends Error {
  constructor(
    readonly reason: string,
    readonly errno?: number,
  ) {
    super(reason);
  }
}

/** One request as the Device sent it (`mpsim.network.requests`). */
/** Where a download's body goes (DeviceNetwork.downloadTarget). */
export interface DownloadTarget {
  /** The wx path the caller reports (a fresh temp path, or the user's `filePath`). */
  wxPath: string;
  /** Where the body is written (a temp file; for a user target a part renamed on commit). */
  hostPath: string;
  /** The user-area quota claim; undefined for temp targets (temp files are outside the quota). */
  quota: QuotaReservation | undefined;
  /** Puts the finished file in place (user targets: rename, claim becomes usage). */
  commit(): void;
  /** Removes the file and gives the claim back (failure or abort). */
  discard(): void;
}

export interface RequestRecord {
  id: number;
  api: NetworkApi;
  method: string;
  url: string;
  host: string;
  /** Request headers as sent (after WeChat's rules). */
  headers: Record<string, string>;
  /** Fault injected by the conditions, if any (`status=503`, `reset`, `hang`). */
  fault?: string;
  startedAt: number;
  endedAt?: number;
  statusCode?: number;
  /** The errMsg reason when the task failed. */
  error?: string;
  bytesSent: number;
  bytesReceived: number;
  /** Request-body length when known (progress displays). */
  bytesToSend?: number;
  /** Response Content-Length when the server sent one. */
  bytesToReceive?: number;
  /** When the request body was fully handed to the socket (streamed bodies; HAR `send`). */
  sentAt?: number;
  /** When the response head arrived (HAR `wait`). */
  responseAt?: number;
  /** Response headers as received, name/value pairs in order (of the last hop). */
  responseHeaders?: Array<[string, string]>;
  /** wx.uploadFile: the multipart parts as sent (fields, then the file without its bytes). */
  multipart?: readonly MultipartPart[];
}

/** One part of an uploadFile body: a form field, or the file (name, type, size; no bytes). */
export interface MultipartPart {
  name: string;
  value?: string;
  fileName?: string;
  contentType?: string;
  size?: number;
}

/** A request body the transport can stream (and tell the exact length of). */
export interface BodySource {
  length: number;
  open(): AsyncIterable<Buffer>;
  /** A multipart body's parts (the request log and HAR show them). */
  parts?: readonly MultipartPart[];
}

export interface ExchangeRequest {
  api: NetworkApi;
  method: string;
  /** Absolute URL, sent verbatim (the path+query bytes are not re-encoded). */
  url: string;
  headers: Record<string, string>;
  body?: Buffer | BodySource;
  redirect: 'follow' | 'manual';
  /**
   * The caller's controller (its task's): the exchange runs under its signal and
   * aborts it when the phone goes offline or the Device is disposed.
   */
  controller: AbortLikeController;
}

export interface ExchangeResponse {
  statusCode: number;
  /** Header name/value pairs as the server sent them (original case). */
  rawHeaders: string[];
  /** The body, paced by the download throttle. Consume it or call `discard()`. */
  body: AsyncIterable<Buffer>;
  /**
   * Reads the whole body (each chunk also to `onChunk`) — the same as iterating
   * `body`, without the async-iterator machinery when no download throttle applies
   * (small wx.request responses spend most of their client time there).
   */
  readAll(onChunk?: (chunk: Buffer) => void): Promise<Buffer>;
  discard(): void;
  record: RequestRecord;
}

/** Parsed form of a URL, keeping the path+query exactly as written. */
export interface RawUrl {
  scheme: 'http' | 'https';
  /** Host with port, as written (lower-cased). */
  authority: string;
  hostname: string;
  port?: number;
  /** Path and query verbatim (`/` when empty), fragment removed. */
  pathAndQuery: string;
}

/** Splits a URL without normalising it; undefined when it is not a valid http(s) URL. */
export function parseRawUrl(url: string): RawUrl | { scheme: string } | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#\s]*)([^#]*)(#.*)?$/.exec(url);
  if (!m) return undefined;
  const scheme = m[1].toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return { scheme };
  const authority = m[2].toLowerCase();
  if (authority.includes('@')) return undefined;
  const hm = /^(\[[0-9a-f:.]+\]|[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?)(?::(\d{1,5}))?$/.exec(authority);
  if (!hm) return undefined;
  const port = hm[2] !== undefined ? Number(hm[2]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  let pathAndQuery = m[3];
  // Whitespace and control characters cannot go on a request line.
  if ([...pathAndQuery].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f)) return undefined;
  // Non-ASCII characters are percent-encoded as UTF-8 (as a browser does); everything
  // else, existing escapes included, stays byte for byte.
  pathAndQuery = pathAndQuery.replace(/[^\x21-\x7e]+/gu, (m) => encodeURIComponent(m));
  if (pathAndQuery === '') pathAndQuery = '/';
  else if (pathAndQuery.startsWith('?')) pathAndQuery = '/' + pathAndQuery;
  return { scheme, authority, hostname: normalizeHost(hm[1]), port, pathAndQuery };
}

const sleep = (ms: number, signal: AbortLike) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** Re-yields chunks so that on average no more than `bps` bytes per second pass. */
async function* paced(source: AsyncIterable<Buffer>, bps: number, signal: AbortLike): AsyncGenerator<Buffer> {
  if (!bps) {
    yield* source;
    return;
  }
  const slice = Math.max(1024, Math.min(64 * 1024, Math.floor(bps / 20)));
  const start = Date.now();
  let sent = 0;
  for await (const chunk of source) {
    for (let off = 0; off < chunk.length; off += slice) {
      const piece = chunk.subarray(off, off + slice);
      const wait = start + (sent / bps) * 1000 - Date.now();
      if (wait > 0) await sleep(wait, signal);
      sent += piece.length;
      yield piece;
    }
  }
}

/** Chromium-style reason for a transport error. */
function reasonOf(err: unknown): NetworkError {
  if (err instanceof NetworkError) return err;
  const e = err as (Error & { code?: string; cause?: unknown }) | undefined;
  const code = e?.code ?? (e?.cause as { code?: string } | undefined)?.code;
  switch (code) {
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return new NetworkError('net::ERR_CERT_AUTHORITY_INVALID', 600001);
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return new NetworkError('net::ERR_CERT_DATE_INVALID', 600001);
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return new NetworkError('net::ERR_CERT_COMMON_NAME_INVALID', 600001);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return new NetworkError('net::ERR_CONNECTION_RESET', 600001);
    case 'ECONNREFUSED':
      return new NetworkError('net::ERR_CONNECTION_REFUSED', 600001);
  }
  if (e?.cause) return reasonOf(e.cause);
  return new NetworkError(`net::ERR_FAILED ${e?.message ?? String(err)}`.trim(), 600001);
}

/** Entries kept in `requests` (oldest dropped first). */
const MAX_LOG = 10000;
/** Trimmed in batches: one splice per 1000 requests, not a 10000-entry shift per request. */
const LOG_SLACK = 1000;

/** A FIFO semaphore (the 10-task limit queues instead of failing). */
class Slots {
  private active = 0;
  private readonly waiting: Array<{ go: () => void }> = [];
  constructor(private readonly limit: () => number) {}
  acquire(signal: AbortLike): Promise<() => void> {
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.active--;
      this.pump();
    };
    if (this.active < this.limit() && this.waiting.length === 0) {
      this.active++;
      return Promise.resolve(release);
    }
    return new Promise((resolve, reject) => {
      const entry = {
        go: () => {
          signal.removeEventListener('abort', onAbort);
          this.active++;
          resolve(release);
        },
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }
  private pump(): void {
    while (this.active < this.limit() && this.waiting.length > 0) this.waiting.shift()!.go();
  }
  get queued(): number {
    return this.waiting.length;
  }
}

/** MIME type by file extension for the multipart file part (else application/octet-stream). */
const MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
  heic: 'image/heic',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  m4v: 'video/x-m4v',
  avi: 'video/x-msvideo',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  wav: 'audio/wav',
  txt: 'text/plain',
  json: 'application/json',
  pdf: 'application/pdf',
  zip: 'application/zip',
  html: 'text/html',
  xml: 'application/xml',
  csv: 'text/csv',
};
export function mimeOf(filename: string): string {
  return MIME[path.extname(filename).slice(1).toLowerCase()] ?? 'application/octet-stream';
}
const EXT_OF_MIME: Record<string, string> = Object.fromEntries(
  Object.entries(MIME)
    .reverse()
    .map(([e, m]) => [m, e]),
);

export class DeviceNetwork {
  /** The rules in force (mutable; `mpsim.network.rules()` patches them). */
  rules: NetworkRules = defaultRules();
  readonly conditions = new NetworkConditions();
  /** Every request sent, oldest first. */
  readonly requests: RequestRecord[] = [];
  private cloud?: Cloud;
  private agent?: Agent;
  private nextId = 0;
  private readonly slots = new Map<string, Slots>();
  /** How to cut each exchange in flight (offline, dispose). */
  private readonly inFlight = new Set<(reason: NetworkError) => void>();
  private closed = false;
  private readonly endListeners = new Set<(record: RequestRecord) => void>();

  /** Subscribes to finished requests (ok or failed; `--verbose`). Returns the unsubscribe function. */
  onRequestEnd(fn: (record: RequestRecord) => void): () => void {
    this.endListeners.add(fn);
    return () => this.endListeners.delete(fn);
  }

  constructor(
    private readonly connectivity: Connectivity,
    private readonly files: SandboxFiles,
    private readonly paths: PathScheme,
  ) {
    // Going offline cuts every exchange in flight, as a phone losing its link does.
    connectivity.onChange((s) => {
      if (!s.isConnected) for (const cut of [...this.inFlight]) cut(new NetworkError(this.rules.messages.offline, 600003));
    });
  }

  /** Connects this Device to a Cloud (the Simulator does it). */
  attach(cloud: Cloud): void {
    this.cloud = cloud;
  }

  /** The Cloud this Device talks to, if any. */
  get attachedCloud(): Cloud | undefined {
    return this.cloud;
  }

  /** True when the Cloud routes `hostname`. */
  isRouted(hostname: string): boolean {
    return !!this.cloud?.isRouted(hostname);
  }

  /** Is this host allowed by the legal-domain rule? */
  isLegalDomain(hostname: string): boolean {
    if (!this.rules.checkDomain) return true;
    const list = this.rules.legalDomains;
    if (!list) return this.isRouted(hostname);
    return list.some((d) => hostMatches(d.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, ''), hostname));
  }

  /** Waits for a free task slot (the 10-task limit). The returned function frees it. */
  acquire(api: NetworkApi, signal: AbortLike): Promise<() => void> {
    const key = this.rules.concurrency === 'per-api' ? api : 'shared';
    let s = this.slots.get(key);
    if (!s) this.slots.set(key, (s = new Slots(() => this.rules.maxConcurrent)));
    return s.acquire(signal);
  }

  /** Tasks waiting for a slot. */
  get queuedCount(): number {
    let n = 0;
    for (const s of this.slots.values()) n += s.queued;
    return n;
  }

  private getAgent(): Agent {
    if (this.agent) return this.agent;
    const AgentClass = undiciAgent();
    this.agent = new AgentClass({
      keepAliveTimeout: 4000,
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: (opts, cb) => {
        const cloud = this.cloud;
        const hostname = normalizeHost(opts.hostname);
        if (!cloud || !cloud.isRouted(hostname)) return cb(new NetworkError(notRoutedReason(hostname), 600001), null);
        const isIp = net.isIP(hostname.replace(/^\[|\]$/g, '')) !== 0;
        let socket: net.Socket;
        const done = (err: Error | null) => {
          socket.removeListener('error', done);
          if (err) {
            socket.destroy();
            cb(err, null);
          } else cb(null, socket);
        };
        if (opts.protocol === 'https:') {
          socket = tls.connect({
            host: '127.0.0.1',
            port: cloud.port,
            servername: isIp ? undefined : hostname,
            ca: [cloud.caCert],
            ALPNProtocols: ['http/1.1'],
            checkServerIdentity: (_h, cert) => tls.checkServerIdentity(hostname, cert),
          });
          socket.once('secureConnect', () => done(null));
        } else {
          socket = net.connect(cloud.httpPort, '127.0.0.1');
          socket.once('connect', () => done(null));
        }
        socket.once('error', done);
      },
    });
    return this.agent;
  }

  /**
   * Sends one request (following redirects unless `manual`) and returns the
   * response head with a streaming body. Throws NetworkError.
   */
  async exchange(req: ExchangeRequest): Promise<ExchangeResponse> {
    if (this.closed) throw new NetworkError('net::ERR_ABORTED device disposed', 600001);
    // An offline phone sends nothing (not even a log entry).
    if (!this.connectivity.online) throw new NetworkError(this.rules.messages.offline, 600003);
    const parsed = parseRawUrl(req.url) as RawUrl;
    const record: RequestRecord = {
      id: ++this.nextId,
      api: req.api,
      method: req.method,
      url: req.url,
      host: parsed.hostname,
      headers: { ...req.headers },
      startedAt: Date.now(),
      bytesSent: 0,
      bytesReceived: 0,
    };
    if (req.body && !Buffer.isBuffer(req.body) && req.body.parts) record.multipart = req.body.parts;
    this.requests.push(record);
    // Bounded: a long `mpsim run` keeps the most recent entries.
    if (this.requests.length > MAX_LOG + LOG_SLACK) this.requests.splice(0, this.requests.length - MAX_LOG);
    // The exchange runs under the caller's controller (one per task) and cuts it itself.
    const signal = req.controller.signal;
    const cut = (reason: NetworkError) => req.controller.abort(reason);
    this.inFlight.add(cut);
    // An exchange cut before its body is read still ends (log entry, in-flight set).
    const onCut = () => finish(signal.reason);
    const finish = (error?: unknown) => {
      signal.removeEventListener('abort', onCut);
      this.inFlight.delete(cut);
      const first = record.endedAt === undefined;
      record.endedAt ??= Date.now();
      if (error !== undefined && record.error === undefined)
        record.error = error instanceof NetworkError ? error.reason : String((error as Error)?.message ?? error);
      if (first)
        for (const fn of this.endListeners) {
          try {
            fn(record);
          } catch {
            // a log listener never breaks a transfer
          }
        }
    };
    if (signal.aborted) finish(signal.reason);
    else signal.addEventListener('abort', onCut, { once: true });
    try {
      const res = await this.send(req, parsed, record, signal);
      const plan = res.plan;
      const raw = res.body;
      // A body destroyed unread (discard, abort) emits an AbortError nobody awaits.
      raw.on('error', () => undefined);
      let discarded = false;
      const failWith = (err: unknown): unknown => {
        const e = signal.aborted ? signal.reason : reasonOf(err);
        finish(e);
        return e instanceof NetworkError ? e : (e ?? reasonOf(err));
      };
      const counting = async function* (): AsyncGenerator<Buffer> {
        try {
          for await (const chunk of (plan.downloadBps ? paced(raw, plan.downloadBps, signal) : raw) as AsyncIterable<Buffer>) {
            record.bytesReceived += chunk.length;
            yield chunk;
          }
          finish();
        } catch (err) {
          throw failWith(err);
        } finally {
          if (!discarded) raw.destroy();
        }
      };
      // made on first use: wx.request reads through readAll and never needs it
      let iterable: AsyncGenerator<Buffer> | undefined;
      const bodyOf = () => (iterable ??= counting());
      const readAll = async (onChunk?: (chunk: Buffer) => void): Promise<Buffer> => {
        const chunks: Buffer[] = [];
        if (plan.downloadBps) {
          for await (const chunk of bodyOf()) {
            chunks.push(chunk);
            onChunk?.(chunk);
          }
          return Buffer.concat(chunks);
        }
        return new Promise<Buffer>((resolve, reject) => {
          const onAbort = () => {
            raw.destroy();
            done(signal.reason);
          };
          let settled = false;
          const done = (err?: unknown) => {
            if (settled) return;
            settled = true;
            signal.removeEventListener('abort', onAbort);
            raw.removeListener('data', onData);
            if (err !== undefined) return reject(failWith(err));
            finish();
            resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
          };
          const onData = (chunk: Buffer) => {
            record.bytesReceived += chunk.length;
            chunks.push(chunk);
            if (onChunk) {
              try {
                onChunk(chunk);
              } catch (err) {
                raw.destroy();
                done(err);
              }
            }
          };
          if (signal.aborted) return onAbort();
          signal.addEventListener('abort', onAbort, { once: true });
          raw.on('data', onData);
          raw.once('end', () => done());
          raw.once('error', (err) => done(err));
          raw.once('close', () => {
            if (!raw.readableEnded) done(new NetworkError('net::ERR_CONNECTION_RESET', 600001));
          });
        });
      };
      return {
        statusCode: res.statusCode,
        rawHeaders: res.rawHeaders,
        get body() {
          return bodyOf();
        },
        readAll,
        discard: () => {
          discarded = true;
          raw.destroy();
          finish();
        },
        record,
      };
    } catch (err) {
      const e = signal.aborted ? signal.reason : reasonOf(err);
      finish(e);
      throw e instanceof NetworkError ? e : reasonOf(e);
    }
  }

  private async send(
    req: ExchangeRequest,
    first: RawUrl,
    record: RequestRecord,
    signal: AbortLike,
  ): Promise<{ statusCode: number; rawHeaders: string[]; body: Readable; plan: ReturnType<NetworkConditions['plan']> }> {
    let url = first;
    let method = req.method;
    let body = req.body;
    let headers = { ...req.headers };
    for (let hop = 0; ; hop++) {
      if (!this.connectivity.online) throw new NetworkError(this.rules.messages.offline, 600003);
      if (!this.isRouted(url.hostname)) throw new NetworkError(notRoutedReason(url.hostname), 600001);
      const plan = this.conditions.plan(url.hostname);
      if (plan.fault) record.fault = plan.fault;
      if (plan.latencyMs > 0) await sleep(plan.latencyMs, signal);
      const sendHeaders: Record<string, string> = {};
      // The fault header is the control surface's alone: one set by user code is dropped.
      for (const k of Object.keys(headers)) if (k.toLowerCase() !== FAULT_HEADER) sendHeaders[k] = headers[k];
      if (plan.fault && this.cloud) sendHeaders[FAULT_HEADER] = `${this.cloud.faultToken} ${plan.fault}`;
      let undiciBody: Buffer | Readable | null = null;
      if (Buffer.isBuffer(body)) {
        undiciBody = body;
        record.bytesToSend = body.length;
        record.bytesSent = body.length;
        if (plan.uploadBps) {
          const b = body;
          undiciBody = Readable.from(
            paced(
              (async function* () {
                yield b;
              })(),
              plan.uploadBps,
              signal,
            ),
          );
          sendHeaders['content-length'] = String(b.length);
        }
      } else if (body) {
        const src = body;
        record.bytesToSend = src.length;
        sendHeaders['content-length'] = String(src.length);
        const counted = async function* () {
          for await (const chunk of plan.uploadBps ? paced(src.open(), plan.uploadBps, signal) : src.open()) {
            record.bytesSent += chunk.length;
            yield chunk;
          }
          record.sentAt = Date.now();
        };
        undiciBody = Readable.from(counted(), { objectMode: false });
      }
      const res = await this.getAgent().request({
        origin: `${url.scheme}://${url.authority}`,
        path: url.pathAndQuery,
        method: method as 'GET',
        headers: sendHeaders,
        body: undiciBody,
        // undici duck-types the signal (addEventListener/aborted/reason): a TaskController works (abort.ts)
        signal: signal as AbortSignal,
        responseHeaders: 'raw',
        highWaterMark: 64 * 1024,
      });
      record.statusCode = res.statusCode;
      record.responseAt = Date.now();
      const rawHeaders = (res.headers as unknown as Buffer[]).map((b) => b.toString('latin1'));
      record.responseHeaders = [];
      for (let i = 0; i + 1 < rawHeaders.length; i += 2) record.responseHeaders.push([rawHeaders[i], rawHeaders[i + 1]]);
      const contentLength = Number(headerValue(rawHeaders, 'content-length'));
      if (Number.isSafeInteger(contentLength) && contentLength >= 0) record.bytesToReceive = contentLength;
      const location = headerValue(rawHeaders, 'location');
      const redirect = [301, 302, 303, 307, 308].includes(res.statusCode) && location !== undefined;
      if (!redirect || req.redirect === 'manual') return { statusCode: res.statusCode, rawHeaders, body: res.body, plan };
      const preserve = res.statusCode === 307 || res.statusCode === 308;
      if (preserve && body && !Buffer.isBuffer(body)) return { statusCode: res.statusCode, rawHeaders, body: res.body, plan };
      await res.body.dump().catch(() => undefined);
      if (hop + 1 > this.rules.maxRedirects) throw new NetworkError(`reach the max redirect count ${this.rules.maxRedirects}`, 600001);
      let next: string;
      try {
        next = new URL(location, `${url.scheme}://${url.authority}${url.pathAndQuery}`).href;
      } catch {
        throw new NetworkError(`net::ERR_INVALID_REDIRECT`, 600001);
      }
      const parsed = parseRawUrl(next);
      if (!parsed || !('hostname' in parsed)) throw new NetworkError('net::ERR_UNSAFE_REDIRECT', 600001);
      // Every hop obeys the rules the first URL did (runtime/network checkUrl): the same texts.
      if (parsed.scheme === 'http' && this.rules.httpsOnly) throw new NetworkError('url scheme is invalid', 600009);
      if (this.isRouted(parsed.hostname) && !this.isLegalDomain(parsed.hostname)) throw new NetworkError('url not in domain list', 600002);
      url = parsed;
      if (!preserve && method !== 'GET' && method !== 'HEAD') {
        method = 'GET';
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-(type|length)$/i.test(k)));
      }
      record.url = next;
      record.host = url.hostname;
    }
  }

  // ---- files ------------------------------------------------------------------------

  /**
   * The multipart/form-data body of an upload: the fields in order, then the file
   * part, streamed from the sandbox. `onFileBytes(sent, total)` follows the file
   * bytes as the transport consumes them. Throws FsError when the file is missing.
   */
  multipartUpload(opts: {
    filePath: unknown;
    name: string;
    fields: Array<[string, string]>;
    boundary: string;
    onFileBytes: (sent: number, total: number) => void;
  }): { body: BodySource; contentType: string; fileSize: number; filename: string } {
    const file = this.files.resolveFile(opts.filePath);
    const filename = path.basename(file.hostPath);
    const q = (s: string) => s.replace(/"/g, '%22').replace(/\r|\n/g, ' ');
    let head = '';
    for (const [k, v] of opts.fields) head += `--${opts.boundary}\r\nContent-Disposition: form-data; name="${q(k)}"\r\n\r\n${v}\r\n`;
    head += `--${opts.boundary}\r\nContent-Disposition: form-data; name="${q(opts.name)}"; filename="${q(filename)}"\r\nContent-Type: ${mimeOf(filename)}\r\n\r\n`;
    const headBuf = Buffer.from(head, 'utf8');
    const tailBuf = Buffer.from(`\r\n--${opts.boundary}--\r\n`, 'utf8');
    const size = file.size;
    const files = this.files;
    const wxPath = file.wxPath;
    const fileNotFound = () => new NetworkError(this.rules.messages.fileNotFound);
    return {
      contentType: `multipart/form-data; boundary=${opts.boundary}`,
      fileSize: size,
      filename,
      body: {
        length: headBuf.length + size + tailBuf.length,
        parts: [
          ...opts.fields.map(([name, value]) => ({ name, value })),
          { name: opts.name, fileName: filename, contentType: mimeOf(filename), size },
        ],
        async *open() {
          yield headBuf;
          let sent = 0;
          let sinceCheck = 0;
          const stillThere = () => {
            try {
              return files.resolveFile(wxPath).size === size;
            } catch {
              return false;
            }
          };
          let stream: fs.ReadStream;
          try {
            stream = files.openReadStream(wxPath, { highWaterMark: 64 * 1024 });
          } catch {
            throw fileNotFound();
          }
          // 16 KiB pieces: progress is reported when the transport pulls the next
          // piece, i.e. once the previous one has gone to the socket (or the throttle).
          // From 6.4 MiB up a piece is still ≤ 1 % of the file, so 64 KiB pieces give
          // the very same progress events (every integer percent, none skipped) with a
          // quarter of the hops through the body's async generators.
          const pieceSize = size >= 100 * 64 * 1024 ? 64 * 1024 : 16 * 1024;
          try {
            for await (const chunk of stream as AsyncIterable<Buffer>) {
              for (let off = 0; off < chunk.length; off += pieceSize) {
                const piece = chunk.subarray(off, off + pieceSize);
                sent += piece.length;
                sinceCheck += piece.length;
                // An unlinked file stays readable through the open fd on Linux; the phone
                // reports the upload failed, so look at the path every MiB.
                if (sinceCheck >= 1024 * 1024) {
                  sinceCheck = 0;
                  if (!stillThere()) throw fileNotFound();
                }
                yield piece;
                opts.onFileBytes(sent, size);
              }
            }
          } finally {
            stream.destroy();
          }
          if (sent !== size || !stillThere()) throw fileNotFound();
          if (size === 0) opts.onFileBytes(0, 0);
          yield tailBuf;
        },
      },
    };
  }

  /**
   * Where a download goes: a fresh temp file, or `filePath` (must be writable:
   * user area). Bytes are written to `hostPath`; for a user path that is a temp
   * file renamed over the destination by `commit()`, so a failed download leaves
   * an existing file untouched. `discard()` removes what was written.
   */
  downloadTarget(filePath: unknown, extHint: string): DownloadTarget {
    if (filePath === undefined) {
      const t = this.files.reserveTempFile(extHint);
      return { ...t, quota: undefined, commit: () => undefined };
    }
    const r = this.paths.resolveWritable(filePath);
    if (fs.existsSync(r.hostPath) && fs.statSync(r.hostPath).isDirectory()) throw FsError.isDirectory(r.wxPath);
    if (!fs.existsSync(path.dirname(r.hostPath))) throw FsError.noEntry(r.wxPath);
    const t = this.files.reserveTempFile('part');
    // The body lands in a temp part first (outside the quota's areas), so its bytes are
    // claimed from the user quota as they arrive, until the rename makes them real usage.
    const quota = this.files.reserveQuota(r.hostPath);
    const paths = this.paths;
    return {
      wxPath: r.wxPath,
      hostPath: t.hostPath,
      quota,
      commit: () =>
        quota.commit(() => {
          // Re-resolve: the destination must still be a writable user path (no link planted meanwhile).
          const again = paths.resolveWritable(r.wxPath);
          try {
            fs.renameSync(t.hostPath, again.hostPath);
          } catch (err) {
            throw fsErrorOf(err, again);
          }
        }),
      discard: () => {
        quota.release();
        t.discard();
      },
    };
  }

  /**
   * Streams a body into a file (no symlink followed), calling `onBytes` per chunk;
   * enforces `limit` and, for user-area targets, claims each chunk from the files
   * quota before writing it (the claim is the target's; discard() gives it back).
   */
  async writeBody(
    body: AsyncIterable<Buffer>,
    target: Pick<DownloadTarget, 'hostPath' | 'quota'>,
    limit: number,
    onBytes: (written: number) => void,
  ): Promise<number> {
    const c = fs.constants;
    const fd = fs.openSync(target.hostPath, c.O_WRONLY | c.O_CREAT | c.O_TRUNC | (c.O_NOFOLLOW ?? 0), 0o644);
    let written = 0;
    try {
      for await (const chunk of body) {
        if (written + chunk.length > limit) throw new NetworkError(this.rules.messages.downloadTooLarge);
        target.quota?.grow(chunk.length);
        written += chunk.length;
        let off = 0;
        while (off < chunk.length)
          off += await new Promise<number>((resolve, reject) =>
            fs.write(fd, chunk, off, chunk.length - off, null, (err, n) => (err ? reject(err) : resolve(n))),
          );
        onBytes(written);
      }
    } finally {
      fs.closeSync(fd);
    }
    return written;
  }

  /** File extension for a download from the URL path, else the Content-Type. */
  static extensionFor(pathAndQuery: string, contentType: string | undefined): string {
    const p = pathAndQuery.split('?')[0];
    const ext = path.extname(p).slice(1).toLowerCase();
    if (/^[a-z0-9]{1,8}$/.test(ext)) return ext;
    const mime = (contentType ?? '').split(';')[0].trim().toLowerCase();
    return EXT_OF_MIME[mime] ?? '';
  }

  /** Drops pooled keep-alive connections (new requests handshake again, e.g. after a certificate change). */
  resetConnections(): void {
    const agent = this.agent;
    this.agent = undefined;
    void agent?.close().catch(() => undefined);
  }

  /** Cuts every exchange and closes pooled connections. */
  async close(): Promise<void> {
    this.closed = true;
    for (const cut of [...this.inFlight]) cut(new NetworkError('net::ERR_ABORTED device disposed', 600001));
    const agent = this.agent;
    this.agent = undefined;
    if (agent) await agent.destroy().catch(() => undefined);
  }
}

export function notRoutedReason(hostname: string): string {
  return `net::ERR_NAME_NOT_RESOLVED (mpsim: no server routed for host ${hostname})`;
}

/** First value of a header in raw pairs (case-insensitive). */
export function headerValue(rawHeaders: readonly string[], name: string): string | undefined {
  const n = name.toLowerCase();
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i].toLowerCase() === n) return rawHeaders[i + 1];
  return undefined;
}
