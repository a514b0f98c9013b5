/**
 * The Tencent VOD endpoints of the app server — the developer backend of the
 * VOD mini-program upload docs, which signs client uploads with its own API key:
 *
 * - `GET /vod/tencent/signature` → `{ signature }`: a fresh client upload
 *   signature (signing/vod-tencent.ts) for the default account, valid
 *   `signatureSeconds` (default 86400; `?expire=<s>` asks for 1..7776000, and a
 *   negative `?expire=` — e.g. `-60` — makes an already expired one, for tests).
 * - `GET /vod/tencent/media/<fileId>` → `{ fileId, size, md5, coverSize?, coverMd5? }`
 *   of what was committed (404 `{ error }` for an unknown id).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CredentialAuthority } from '../../signing';
import { signVodUpload } from '../../signing/vod-tencent';
import type { TencentVodServer } from '../vod-tencent';

/** Options of {@link createTencentAppRoutes}. */
export interface TencentAppRoutesOptions {
  /** The VOD server (its COS server's authority holds the account keys). */
  vod: TencentVodServer;
  /** Lifetime of signatures in seconds (default 86400). */
  signatureSeconds?: number;
}

/** Path prefix of the Tencent routes. */
export const TENCENT_ROUTE_PREFIX = '/vod/tencent/';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.end(text);
}

/** Makes a signature for the default account of `authority` valid for `seconds` from `nowMs` (negative = already expired). */
export function tencentUploadSignature(authority: CredentialAuthority, nowMs: number, seconds: number): string {
  const now = Math.floor(nowMs / 1000);
  const { secretId, secretKey } = authority.defaultAccount;
  // An expired one is made in the past (the doc requires expireTime > currentTimeStamp).
  const current = seconds > 0 ? now : now + seconds - 60;
  return signVodUpload(secretKey, { secretId, currentTimeStamp: current, expireTime: now + seconds });
}

/** Returns the handler of every `/vod/tencent/*` request (it always answers, 404 for an unknown sub-path). */
export function createTencentAppRoutes(o: TencentAppRoutesOptions): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const { vod } = o;
  return async (req, res, url) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const sub = url.pathname.slice(TENCENT_ROUTE_PREFIX.length);
    if (sub === 'signature') {
      if (method !== 'GET') return sendJson(res, 405, { error: 'use GET' });
      let seconds = o.signatureSeconds ?? 86400;
      const e = url.searchParams.get('expire');
      if (e !== null) {
        if (!/^-?\d+$/.test(e) || Number(e) === 0 || Number(e) > 7776000 || Number(e) < -7776000)
          return sendJson(res, 400, { error: 'expire must be 1..7776000 seconds (negative: already expired)' });
        seconds = Number(e);
      }
      return sendJson(res, 200, { signature: tencentUploadSignature(vod.cos.authority, vod.clock(), seconds) });
    }
    const m = /^media\/([^/]+)$/.exec(sub);
    if (m) {
      if (method !== 'GET') return sendJson(res, 405, { error: 'use GET' });
      let id: string;
      try {
        id = decodeURIComponent(m[1]!);
      } catch {
        return sendJson(res, 400, { error: 'malformed fileId' });
      }
      const media = vod.media.get(id);
      if (!media) return sendJson(res, 404, { error: `no media ${id}` });
      const out: Record<string, unknown> = { fileId: media.fileId, size: media.size, md5: media.md5 };
      if (media.coverSize !== undefined) {
        out.coverSize = media.coverSize;
        out.coverMd5 = media.coverMd5;
      }
      return sendJson(res, 200, out);
    }
    return sendJson(res, 404, { error: `no route ${method} ${url.pathname}` });
  };
}
