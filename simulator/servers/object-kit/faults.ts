/**
 * Fault hooks of the COS server, so tests can drive the SDK's retry,
 * clock-skew and resume paths: fail the next N operations of a kind with a
 * status (and COS error code), reset their connection, or delay them; expire
 * every issued STS key now.
 */

/** Operation names as COS documents them; `*` matches every operation. */
export type CosOperation =
  | 'PutObject'
  | 'PostObject'
  | 'AppendObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'GetBucket'
  | 'PutBucket'
  | 'HeadBucket'
  | 'ListMultipartUploads'
  | 'InitiateMultipartUpload'
  | 'UploadPart'
  | 'ListParts'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'PutObjectCopy'
  | 'UploadPartCopy'
  | 'DeleteMultipleObjects'
  | 'GetBucketVersions'
  | 'GetBucketAcl'
  | 'PutBucketAcl'
  | 'GetObjectAcl'
  | 'PutObjectAcl'
  | 'GetBucketCors'
  | 'PutBucketCors'
  | 'DeleteBucketCors'
  | 'GetBucketTagging'
  | 'PutBucketTagging'
  | 'DeleteBucketTagging'
  | 'GetObjectTagging'
  | 'PutObjectTagging'
  | 'DeleteObjectTagging'
  | 'Options';

/** Every operation name (for validation). */
export const COS_OPERATIONS: readonly CosOperation[] = [
  'PutObject',
  'PostObject',
  'AppendObject',
  'GetObject',
  'HeadObject',
  'DeleteObject',
  'GetBucket',
  'PutBucket',
  'HeadBucket',
  'ListMultipartUploads',
  'InitiateMultipartUpload',
  'UploadPart',
  'ListParts',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
  'PutObjectCopy',
  'UploadPartCopy',
  'DeleteMultipleObjects',
  'GetBucketVersions',
  'GetBucketAcl',
  'PutBucketAcl',
  'GetObjectAcl',
  'PutObjectAcl',
  'GetBucketCors',
  'PutBucketCors',
  'DeleteBucketCors',
  'GetBucketTagging',
  'PutBucketTagging',
  'DeleteBucketTagging',
  'GetObjectTagging',
  'PutObjectTagging',
  'DeleteObjectTagging',
  'Options',
];

/** What happens to a request a rule catches. */
export type FaultAction =
  { kind: 'fail'; status: number; code: string; message: string; serverTime?: number } | { kind: 'reset' } | { kind: 'delay'; ms: number };

interface Rule {
  op: CosOperation | '*';
  remaining: number;
  action: FaultAction;
}

/** Options of {@link CosFaults.failNext}. */
export interface FailOptions {
  /** How many matching requests fail (default 1). */
  count?: number;
  /** HTTP status (default 500). */
  status?: number;
  /** COS error code (default from status: 500 InternalError, 503 ServiceUnavailable, else `InjectedFault`). */
  code?: string;
  /** Error message (default a generic one). */
  message?: string;
  /** Epoch ms to send as the `Date` header (e.g. to drive clock-skew correction). */
  serverTime?: number;
}

/** The fault-hook surface (`cos.faults`). */
export class CosFaults {
  private rules: Rule[] = [];

  constructor(private readonly onExpire: () => void) {}

  private check(op: string, count: number): void {
    if (op !== '*' && !(COS_OPERATIONS as readonly string[]).includes(op)) {
      throw new TypeError(`cos.faults: unknown operation "${op}" (one of ${COS_OPERATIONS.join(', ')} or *)`);
    }
    if (!Number.isInteger(count) || count < 1) throw new TypeError('cos.faults: count must be a positive integer');
  }

  /** The next `count` requests of `op` get an error response. */
  failNext(op: CosOperation | '*', o: FailOptions = {}): void {
    const count = o.count ?? 1;
    this.check(op, count);
    const status = o.status ?? 500;
    if (!Number.isInteger(status) || status < 300 || status > 599) throw new TypeError('cos.faults: status must be 300..599');
    const code = o.code ?? (status === 500 ? 'InternalError' : status === 503 ? 'ServiceUnavailable' : 'InjectedFault');
    this.rules.push({
      op,
      remaining: count,
      action: { kind: 'fail', status, code, message: o.message ?? `Injected fault (${code}).`, serverTime: o.serverTime },
    });
  }

  /** The next `count` requests of `op` have their connection destroyed without a response. */
  resetNext(op: CosOperation | '*', count = 1): void {
    this.check(op, count);
    this.rules.push({ op, remaining: count, action: { kind: 'reset' } });
  }

  /** The next `count` requests of `op` wait `ms` before being handled. */
  delayNext(op: CosOperation | '*', ms: number, count = 1): void {
    this.check(op, count);
    if (!Number.isFinite(ms) || ms < 0) throw new TypeError('cos.faults: ms must be >= 0');
    this.rules.push({ op, remaining: count, action: { kind: 'delay', ms } });
  }

  /** Every STS key issued so far stops working now. */
  expireCredentials(): void {
    this.onExpire();
  }

  /** Drops every pending rule. */
  clear(): void {
    this.rules = [];
  }

  /** Number of pending rule uses. */
  get pending(): number {
    return this.rules.reduce((n, r) => n + r.remaining, 0);
  }

  /** @internal The actions for one request (delays first, at most one terminal action). */
  take(op: CosOperation): FaultAction[] {
    const out: FaultAction[] = [];
    let terminal = false;
    for (const r of this.rules) {
      if (r.remaining <= 0 || (r.op !== '*' && r.op !== op)) continue;
      if (r.action.kind !== 'delay') {
        if (terminal) continue;
        terminal = true;
      }
      r.remaining--;
      out.push(r.action);
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return out.sort((a, b) => (a.kind === 'delay' ? -1 : 0) - (b.kind === 'delay' ? -1 : 0));
  }
}
