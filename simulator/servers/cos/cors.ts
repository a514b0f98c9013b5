/**
 * Bucket CORS: PUT/GET/DELETE `?cors` (`<CORSConfiguration><CORSRule><ID/>
 * <AllowedOrigin/>...<AllowedMethod/>...<AllowedHeader/>...<ExposeHeader/>...
 * <MaxAgeSeconds/></CORSRule>...<ResponseVary/></CORSConfiguration>`), and how a bucket
 * with rules answers: a preflight (OPTIONS) gets the first rule that allows its
 * Origin, Access-Control-Request-Method and every Access-Control-Request-Headers
 * entry — 200 with that rule's Allow/Expose/Max-Age — or 403 AccessForbidden; an
 * actual request with an Origin gets the matching rule's CORS headers or none.
 * A bucket without rules keeps mpsim's permissive default (every origin allowed), so
 * browser-like clients work before anyone configures CORS.
 */
import { CosError, list, malformedXml, text, type CosKit, type Ctx } from './context';

export interface CorsRule {
  ID?: string;
  AllowedOrigin: string[];
  AllowedMethod: string[];
  AllowedHeader: string[];
  ExposeHeader: string[];
  MaxAgeSeconds?: string;
}

export interface CorsConfig {
  rules: CorsRule[];
  responseVary?: string;
}

const METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'HEAD']);
const MAX_RULES = 100;

/** `*` in a pattern matches any run of characters (COS allows one per origin). */
function wildcard(pattern: string, value: string, caseless: boolean): boolean {
  const p = caseless ? pattern.toLowerCase() : pattern;
  const v = caseless ? value.toLowerCase() : value;
  const parts = p.split('*');
  if (parts.length === 1) return p === v;
  if (!v.startsWith(parts[0]!) || !v.endsWith(parts[parts.length - 1]!)) return false;
  let at = parts[0]!.length;
  for (const mid of parts.slice(1, -1)) {
    const i = v.indexOf(mid, at);
    if (i < 0) return false;
    at = i + mid.length;
  }
  return at <= v.length - parts[parts.length - 1]!.length;
}

export function matchRule(cfg: CorsConfig, origin: string, method: string, headers: string[]): CorsRule | undefined {
  return cfg.rules.find(
    (r) =>
      r.AllowedOrigin.some((o) => wildcard(o, origin, false)) &&
      r.AllowedMethod.includes(method.toUpperCase()) &&
      headers.every((h) => r.AllowedHeader.some((a) => wildcard(a, h, true))),
  );
}

export async function putBucketCors(k: CosKit, ctx: Ctx): Promise<void> {
  const doc = await k.readXml(ctx, 64 * 1024);
  const root = doc.CORSConfiguration as Record<string, unknown> | undefined;
  if (!root || typeof root !== 'object') throw malformedXml('no <CORSConfiguration> element');
  const raw = list(root.CORSRule);
  if (raw.length === 0) throw malformedXml('a <CORSConfiguration> needs at least one <CORSRule>');
  if (raw.length > MAX_RULES) throw new CosError(400, 'InvalidArgument', `At most ${MAX_RULES} CORS rules are allowed.`);
  const strings = (v: unknown) => list(v).map((x) => text(x) ?? '');
  const rules = raw.map((r): CorsRule => {
    const o = (r && typeof r === 'object' ? r : {}) as Record<string, unknown>;
    const rule: CorsRule = {
      AllowedOrigin: strings(o.AllowedOrigin),
      AllowedMethod: strings(o.AllowedMethod),
      AllowedHeader: strings(o.AllowedHeader),
      ExposeHeader: strings(o.ExposeHeader),
    };
    const id = text(o.ID);
    if (id !== undefined) rule.ID = id;
    if (rule.AllowedOrigin.length === 0 || rule.AllowedMethod.length === 0) {
      throw malformedXml('every <CORSRule> needs <AllowedOrigin> and <AllowedMethod>');
    }
    for (const m of rule.AllowedMethod) {
      if (!METHODS.has(m)) throw new CosError(400, 'InvalidArgument', `Unsupported AllowedMethod "${m}" (GET, PUT, POST, DELETE, HEAD).`);
    }
    const age = text(o.MaxAgeSeconds);
    if (age !== undefined) {
      if (!/^\d{1,9}$/.test(age)) throw new CosError(400, 'InvalidArgument', 'MaxAgeSeconds must be a non-negative integer.');
      rule.MaxAgeSeconds = age;
    }
    return rule;
  });
  const cfg: CorsConfig = { rules };
  const vary = text(root.ResponseVary);
  if (vary !== undefined) {
    if (vary !== 'true' && vary !== 'false') throw new CosError(400, 'InvalidArgument', 'ResponseVary must be true or false.');
    cfg.responseVary = vary;
  }
  k.store.setBucketConfig(ctx.bucket, 'cors', cfg);
  k.sendEmpty(ctx, 200);
}

export function getBucketCors(k: CosKit, ctx: Ctx): void {
  const cfg = k.store.bucketConfig(ctx.bucket, 'cors') as CorsConfig | undefined;
  if (!cfg) throw new CosError(404, 'NoSuchCORSConfiguration', 'The CORS configuration does not exist.');
  const body: Record<string, unknown> = {
    CORSRule: cfg.rules.map((r) => {
      const x: Record<string, unknown> = {};
      if (r.ID !== undefined) x.ID = r.ID;
      x.AllowedOrigin = r.AllowedOrigin;
      x.AllowedMethod = r.AllowedMethod;
      if (r.AllowedHeader.length) x.AllowedHeader = r.AllowedHeader;
      if (r.ExposeHeader.length) x.ExposeHeader = r.ExposeHeader;
      if (r.MaxAgeSeconds !== undefined) x.MaxAgeSeconds = r.MaxAgeSeconds;
      return x;
    }),
  };
  if (cfg.responseVary !== undefined) body.ResponseVary = cfg.responseVary;
  k.sendXml(ctx, 200, { CORSConfiguration: body });
}

export function deleteBucketCors(k: CosKit, ctx: Ctx): void {
  k.store.setBucketConfig(ctx.bucket, 'cors', undefined);
  k.sendEmpty(ctx, 204);
}

/** The bucket's CORS configuration, when the bucket exists and has one. */
export function corsOf(k: CosKit, bucket: string): CorsConfig | undefined {
  return k.store.hasBucket(bucket) ? (k.store.bucketConfig(bucket, 'cors') as CorsConfig | undefined) : undefined;
}

/** A preflight against a bucket with rules: 200 with the rule's headers, or 403. */
export function preflight(k: CosKit, ctx: Ctx, cfg: CorsConfig): void {
  const origin = k.headerValue(ctx, 'origin');
  const method = k.headerValue(ctx, 'access-control-request-method');
  const requested = (k.headerValue(ctx, 'access-control-request-headers') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  const rule = origin && method ? matchRule(cfg, origin, method, requested) : undefined;
  if (!rule) {
    throw new CosError(
      403,
      'AccessForbidden',
      "CORSResponse: This CORS request is not allowed. This is usually because the evaluation of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
    );
  }
  const h: Record<string, string> = {
    'Access-Control-Allow-Origin': rule.AllowedOrigin.includes('*') ? '*' : origin!,
    'Access-Control-Allow-Methods': rule.AllowedMethod.join(','),
  };
  if (requested.length) h['Access-Control-Allow-Headers'] = requested.join(',');
  if (rule.ExposeHeader.length) h['Access-Control-Expose-Headers'] = rule.ExposeHeader.join(',');
  if (rule.MaxAgeSeconds !== undefined) h['Access-Control-Max-Age'] = rule.MaxAgeSeconds;
  if (cfg.responseVary === 'true') h.Vary = 'Origin,Access-Control-Request-Method,Access-Control-Request-Headers';
  k.sendEmpty(ctx, 200, h);
}

/** CORS headers for an actual request to a bucket with rules (none when no rule allows it). */
export function actualCorsHeaders(cfg: CorsConfig, origin: string | undefined, method: string): Record<string, string> {
  if (origin === undefined) return {};
  const rule = matchRule(cfg, origin, method, []);
  if (!rule) return {};
  const h: Record<string, string> = { 'Access-Control-Allow-Origin': rule.AllowedOrigin.includes('*') ? '*' : origin };
  if (rule.ExposeHeader.length) h['Access-Control-Expose-Headers'] = rule.ExposeHeader.join(',');
  if (cfg.responseVary === 'true') h.Vary = 'Origin,Access-Control-Request-Method,Access-Control-Request-Headers';
  return h;
}
