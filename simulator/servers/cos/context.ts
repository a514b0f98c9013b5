/**
 * What every COS operation handler works with: the request context, the error it
 * throws, and the server's shared helpers (`CosKit`), so each operation family can
 * live in a file of its own (copy.ts, delete-multiple.ts, acl.ts, tagging.ts, cors.ts,
 * versions.ts) instead of inside createCosServer's closure.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CosOperation } from '../object-kit/faults';
import type { ObjectLogEntry } from '../object-kit/http';
import type { CosStore, ObjectRecord, StoredHeaders } from '../object-kit/store';

/** A COS error response in the making. */
export class CosError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly serverTime?: number,
  ) {
    super(message);
  }
}

/** One handled request, for tests. */
export type CosLogEntry = ObjectLogEntry<CosOperation>;

/** One request being answered. */
export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  method: string;
  /** Host the client signed (Vod-Forward-Cos or Host). */
  signHost: string;
  bucket: string;
  key: string;
  rawQuery: string;
  query: { name: string; value: string }[];
  /** Lower-cased name → value (first occurrence). */
  q: Map<string, string>;
  op: CosOperation | 'Unknown';
  log: CosLogEntry;
  serverTime?: number;
  /** The appid of the account the request authenticated as (set once it has). */
  appid?: string;
}

/** Object metadata taken from a request: stored headers and storage class. */
export interface ObjectMeta {
  headers: StoredHeaders;
  storageClass: string;
}

/** The server's helpers an operation handler may use. */
export interface CosKit {
  readonly store: CosStore;
  readonly clock: () => number;
  /** The owner every bucket and object reports (`ID`, `DisplayName`). */
  readonly owner: { ID: string; DisplayName: string };
  sendXml(ctx: Ctx, status: number, body: Record<string, unknown>, headers?: Record<string, string>): void;
  sendEmpty(ctx: Ctx, status: number, headers?: Record<string, string | number>): void;
  headerValue(ctx: Ctx, name: string): string | undefined;
  /** Reads an XML request body (≤ `limit` bytes), checks a Content-MD5, parses it (MalformedXML on failure). */
  readXml(ctx: Ctx, limit: number): Promise<Record<string, unknown>>;
  metaFromRequest(ctx: Ctx): ObjectMeta;
  validateStorageClass(v: string | undefined): string;
  contentMd5(ctx: Ctx): string | undefined;
  checkKey(ctx: Ctx): void;
  intParam(ctx: Ctx, name: string, def: number, min: number, max: number): number;
  encodeFn(ctx: Ctx): (s: string) => string;
  /** The object or 404 NoSuchKey. */
  requireObject(bucket: string, key: string): ObjectRecord;
  /** The bucket must exist and belong to `appid` (404 NoSuchBucket / 403 AccessDenied). */
  requireOwnBucket(bucket: string, appid: string): void;
  isoTime(ms: number): string;
}

/** The COS MalformedXML error. */
export function malformedXml(detail?: string): CosError {
  return new CosError(
    400,
    'MalformedXML',
    `The XML you provided was not well-formed or did not validate against our published schema.${detail ? ` (${detail})` : ''}`,
  );
}

/** A parsed XML node's child as a list (absent → [], one → [it]). */
export function list(v: unknown): unknown[] {
  if (v === undefined || v === null || v === '') return [];
  return Array.isArray(v) ? v : [v];
}

/** A parsed XML node's child as a string (elements, objects → undefined). */
export function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}
