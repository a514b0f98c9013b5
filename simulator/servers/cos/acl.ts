/**
 * Bucket and object ACLs: `x-cos-acl` (private, public-read, public-read-write,
 * default for objects), the `x-cos-grant-*` headers (`id="<uin>"` or
 * `id="qcs::cam::uin/<uin>:uin/<uin>"`, comma-separated), or an
 * `<AccessControlPolicy>` body; GET/PUT `?acl` answer the COS XML shape.
 *
 * The grant list is the explicit grants (body, or grant headers) — else the owner's
 * FULL_CONTROL — plus the AllUsers grants a public canned ACL implies. Where COS
 * combines a canned ACL with grant headers this way is UNCONFIRMED by its docs;
 * it is what makes Tencent's own ACL tests (demo/test.js BucketAcl, ObjectAcl) hold.
 * A body wins over headers when a request has both (also UNCONFIRMED).
 */
import { CosError, list, malformedXml, text, type CosKit, type Ctx } from './context';
import type { StoredHeaders } from '../object-kit/store';

export const ALL_USERS = 'http://cam.qcloud.com/groups/global/AllUsers';
const PERMISSIONS = new Set(['READ', 'WRITE', 'FULL_CONTROL', 'READ_ACP', 'WRITE_ACP']);
const GRANT_HEADERS: ReadonlyArray<[string, string]> = [
  ['x-cos-grant-read', 'READ'],
  ['x-cos-grant-write', 'WRITE'],
  ['x-cos-grant-read-acp', 'READ_ACP'],
  ['x-cos-grant-write-acp', 'WRITE_ACP'],
  ['x-cos-grant-full-control', 'FULL_CONTROL'],
];
const BUCKET_ACLS = new Set(['private', 'public-read', 'public-read-write']);
const OBJECT_ACLS = new Set(['default', 'private', 'public-read', 'public-read-write']);
/** Object header holding an ACL set by an XML body (JSON of the grants). */
const ACL_BODY_HEADER = 'x-mpsim-acl';

export interface Grant {
  /** CanonicalUser ID (`qcs::cam::uin/<uin>:uin/<uin>`), or a Group URI. */
  id?: string;
  uri?: string;
  permission: string;
}

export interface Acl {
  canned?: string;
  /** Explicit grants; undefined = the owner's FULL_CONTROL. */
  grants?: Grant[];
}

function canonicalId(v: string): string {
  return /^\d+$/.test(v) ? `qcs::cam::uin/${v}:uin/${v}` : v;
}

/** `id="1001",id="qcs::cam::uin/1002:uin/1002", uri="..."` → grants. */
export function parseGrantHeader(value: string, permission: string): Grant[] {
  const out: Grant[] = [];
  for (const part of value.split(',')) {
    const p = part.trim();
    if (p === '') continue;
    const m = /^(id|uri)\s*=\s*"([^"]*)"$/i.exec(p);
    if (!m || m[2] === '') throw new CosError(400, 'InvalidArgument', `Invalid grant "${p}": use id="<OwnerUin>" or uri="<group>".`);
    out.push(m[1]!.toLowerCase() === 'id' ? { id: canonicalId(m[2]!), permission } : { uri: m[2]!, permission });
  }
  return out;
}

/** The ACL a request's headers set, or undefined when it sets none. */
export function aclFromHeaders(get: (name: string) => string | undefined, forObject: boolean): Acl | undefined {
  const canned = get('x-cos-acl');
  if (canned !== undefined && canned !== '' && !(forObject ? OBJECT_ACLS : BUCKET_ACLS).has(canned)) {
    throw new CosError(400, 'InvalidArgument', `Invalid x-cos-acl "${canned}".`);
  }
  let grants: Grant[] | undefined;
  for (const [h, perm] of GRANT_HEADERS) {
    const v = get(h);
    if (v === undefined || v.trim() === '') continue;
    grants = [...(grants ?? []), ...parseGrantHeader(v, perm)];
  }
  if ((canned === undefined || canned === '') && grants === undefined) return undefined;
  return { canned: canned || undefined, grants };
}

/** The ACL an `<AccessControlPolicy>` document sets. */
export function aclFromXml(doc: Record<string, unknown>): Acl {
  const policy = doc.AccessControlPolicy as Record<string, unknown> | undefined;
  if (!policy || typeof policy !== 'object') throw malformedXml('no <AccessControlPolicy> element');
  const acl = policy.AccessControlList as Record<string, unknown> | undefined;
  const grants: Grant[] = [];
  for (const g of list(acl && typeof acl === 'object' ? acl.Grant : undefined)) {
    const grant = g as Record<string, unknown>;
    const grantee = grant?.Grantee as Record<string, unknown> | undefined;
    const permission = text(grant?.Permission);
    if (!grantee || typeof grantee !== 'object' || permission === undefined || !PERMISSIONS.has(permission)) {
      throw malformedXml('every <Grant> needs a <Grantee> and a <Permission> (READ, WRITE, FULL_CONTROL, READ_ACP, WRITE_ACP)');
    }
    const id = text(grantee.ID);
    const uri = text(grantee.URI);
    if (id) grants.push({ id: canonicalId(id), permission });
    else if (uri) grants.push({ uri, permission });
    else throw malformedXml('a <Grantee> needs an <ID> or a <URI>');
  }
  return { grants };
}

/** Every grant an ACL amounts to. */
export function effectiveGrants(acl: Acl | undefined, ownerId: string): Grant[] {
  const grants = acl?.grants ? [...acl.grants] : [{ id: ownerId, permission: 'FULL_CONTROL' }];
  if (acl?.canned === 'public-read' || acl?.canned === 'public-read-write') grants.push({ uri: ALL_USERS, permission: 'READ' });
  if (acl?.canned === 'public-read-write') grants.push({ uri: ALL_USERS, permission: 'WRITE' });
  return grants;
}

/** True when the ACL lets anyone read (an anonymous GET/HEAD). */
export function publicRead(acl: Acl | undefined): boolean {
  return (
    (acl?.grants ?? []).some((g) => g.uri === ALL_USERS && (g.permission === 'READ' || g.permission === 'FULL_CONTROL')) ||
    acl?.canned === 'public-read' ||
    acl?.canned === 'public-read-write'
  );
}

/** An object's ACL from its stored headers (undefined: `default`, the bucket's applies). */
export function objectAcl(headers: StoredHeaders): Acl | undefined {
  const body = headers[ACL_BODY_HEADER];
  if (body !== undefined) return JSON.parse(body) as Acl;
  const acl = aclFromHeaders((n) => headers[n], true);
  return acl?.canned === 'default' && acl.grants === undefined ? undefined : acl;
}

/** Stored headers with the ACL replaced. */
export function withObjectAcl(headers: StoredHeaders, acl: Acl | undefined, fromBody: boolean): StoredHeaders {
  const out: StoredHeaders = {};
  for (const [n, v] of Object.entries(headers)) if (!/^x-cos-(acl|grant-)/.test(n) && n !== ACL_BODY_HEADER) out[n] = v;
  if (!acl) return out;
  if (fromBody) out[ACL_BODY_HEADER] = JSON.stringify(acl);
  else {
    if (acl.canned) out['x-cos-acl'] = acl.canned;
    for (const [h, perm] of GRANT_HEADERS) {
      const ids = (acl.grants ?? []).filter((g) => g.permission === perm);
      if (ids.length) out[h] = ids.map((g) => (g.id !== undefined ? `id="${g.id}"` : `uri="${g.uri}"`)).join(',');
    }
  }
  return out;
}

function policyXml(k: CosKit, grants: Grant[]): Record<string, unknown> {
  const xsi = 'http://www.w3.org/2001/XMLSchema-instance';
  return {
    AccessControlPolicy: {
      Owner: { ID: k.owner.ID, DisplayName: k.owner.ID },
      AccessControlList: {
        Grant: grants.map((g) => ({
          Grantee:
            g.uri !== undefined
              ? { '@_xmlns:xsi': xsi, '@_xsi:type': 'Group', URI: g.uri }
              : { '@_xmlns:xsi': xsi, '@_xsi:type': 'CanonicalUser', ID: g.id, DisplayName: g.id },
          Permission: g.permission,
        })),
      },
    },
  };
}

/** The ACL a PUT ?acl request sets (body or headers; one of them is required). */
async function aclOfPut(k: CosKit, ctx: Ctx, forObject: boolean): Promise<{ acl: Acl; fromBody: boolean }> {
  const length = Number(k.headerValue(ctx, 'content-length') ?? 0);
  const chunked = k.headerValue(ctx, 'transfer-encoding') !== undefined;
  if (length > 0 || chunked) {
    const doc = await k.readXml(ctx, 64 * 1024);
    if (Object.keys(doc).length > 0) return { acl: aclFromXml(doc), fromBody: true };
  }
  const acl = aclFromHeaders((n) => k.headerValue(ctx, n), forObject);
  if (!acl) throw new CosError(400, 'InvalidRequest', 'PUT ?acl needs x-cos-acl, an x-cos-grant-* header or an AccessControlPolicy body.');
  return { acl, fromBody: false };
}

export function getBucketAcl(k: CosKit, ctx: Ctx): void {
  const acl = k.store.bucketConfig(ctx.bucket, 'acl') as Acl | undefined;
  k.sendXml(ctx, 200, policyXml(k, effectiveGrants(acl, k.owner.ID)));
}

export async function putBucketAcl(k: CosKit, ctx: Ctx): Promise<void> {
  const { acl } = await aclOfPut(k, ctx, false);
  k.store.setBucketConfig(ctx.bucket, 'acl', acl);
  k.sendEmpty(ctx, 200);
}

export function getObjectAcl(k: CosKit, ctx: Ctx): void {
  const rec = k.requireObject(ctx.bucket, ctx.key);
  k.sendXml(ctx, 200, policyXml(k, effectiveGrants(objectAcl(rec.headers), k.owner.ID)));
}

export async function putObjectAcl(k: CosKit, ctx: Ctx): Promise<void> {
  const rec = k.requireObject(ctx.bucket, ctx.key);
  const { acl, fromBody } = await aclOfPut(k, ctx, true);
  const keep = acl.canned === 'default' && acl.grants === undefined ? undefined : acl;
  k.store.setHeaders(ctx.bucket, rec.key, withObjectAcl(rec.headers, keep, fromBody));
  k.sendEmpty(ctx, 200);
}
