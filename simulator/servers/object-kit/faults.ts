/**
 * Fault hooks of the COS server, so tests can drive the SDK's retry,
 * clock-skew and resume paths: fail the next N operations of a kind with a
 * status (and COS error code), reset their connection, or delay them; expire
 * every issued STS key now. The rule book is simulator/servers/fault-rules.ts.
 */
import { FaultRules, type RuleAction } from '../fault-rules';

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
export type FaultAction = RuleAction<{ kind: 'fail'; status: number; code: string; message: string; serverTime?: number }>;

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

/** The fault-hook surface (`cos.faults`; the OSS server uses it with the same operation names). */
export class CosFaults extends FaultRules<CosOperation, Extract<FaultAction, { kind: 'fail' }>> {
  constructor(onExpire: () => void) {
    super('cos.faults', onExpire);
  }

  protected checkOp(op: string): void {
    if (op !== '*' && !(COS_OPERATIONS as readonly string[]).includes(op)) {
      throw new TypeError(`cos.faults: unknown operation "${op}" (one of ${COS_OPERATIONS.join(', ')} or *)`);
    }
  }

  /** The next `count` requests of `op` get an error response. */
  failNext(op: CosOperation | '*', o: FailOptions = {}): void {
    const count = o.count ?? 1;
    this.check(op, count);
    const status = o.status ?? 500;
    if (!Number.isInteger(status) || status < 300 || status > 599) throw new TypeError('cos.faults: status must be 300..599');
    const code = o.code ?? (status === 500 ? 'InternalError' : status === 503 ? 'ServiceUnavailable' : 'InjectedFault');
    this.add(op, count, { kind: 'fail', status, code, message: o.message ?? `Injected fault (${code}).`, serverTime: o.serverTime });
  }
}
