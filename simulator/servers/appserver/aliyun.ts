/**
 * The Alibaba endpoints of the app server — the "AppServer" role of the VOD
 * mini-program upload docs (seed 002): the developer backend that calls the
 * VOD OpenAPI with its own AccessKey and hands the answers to the mini program.
 *
 * - `POST /vod/aliyun/create-upload-video` JSON `{ Title, FileName, FileSize?,
 *   Description?, CoverURL?, CateId?, Tags?, TemplateGroupId?, WorkflowId?,
 *   StorageLocation?, AppId?, UserData? (object or JSON text), ReferenceId? }`
 * - `POST /vod/aliyun/refresh-upload-video` JSON `{ VideoId }`
 * - `POST /vod/aliyun/create-upload-image` JSON `{ ImageType, ImageExt?, Title?, ... }`
 *   → each the VOD OpenAPI's own status and response body (`RequestId, VideoId,
 *   UploadAddress, UploadAuth`; images `RequestId, ImageId, ImageURL, FileURL, ...`;
 *   errors `{RequestId, HostId, Code, Message, Recommend}`).
 * - `GET /vod/aliyun/sts[?duration=<s>]` → `{ AccessKeyId, AccessKeySecret, SecurityToken,
 *   Expiration }` (an account-wide STS key for the SDK's client-side STS mode).
 * - `GET /vod/aliyun/videos/<VideoId>` → `{ VideoId, Size, MD5, Status }` of the stored source.
 *
 * A request the app server itself cannot parse answers 400 `{ error }`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readLimitedBody } from '../body';
import type { AliyunVodServer } from '../vod-aliyun';

/** Options of {@link createAliyunAppRoutes}. */
export interface AliyunAppRoutesOptions {
  /** The VOD server the app server calls (in-process, as the default account). */
  vod: AliyunVodServer;
  /** Lifetime of `/vod/aliyun/sts` keys in seconds (default 3600; `?duration=` may ask for 900..43200). */
  stsDurationSeconds?: number;
  /** Region whose VOD endpoint the app server calls (default: the VOD server's default, `cn-shanghai`). */
  region?: string;
}

/** Path prefix of the Alibaba routes. */
export const ALIYUN_ROUTE_PREFIX = '/vod/aliyun/';

const VIDEO_PARAMS = [
  'Title',
  'FileName',
  'FileSize',
  'Description',
  'CoverURL',
  'CateId',
  'Tags',
  'TemplateGroupId',
  'WorkflowId',
  'StorageLocation',
  'AppId',
  'UserData',
  'ReferenceId',
];
const IMAGE_PARAMS = [
  'ImageType',
  'ImageExt',
  'Title',
  'Description',
  'Tags',
  'CateId',
  'StorageLocation',
  'UserData',
  'AppId',
  'OriginalFileName',
];

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.end(text);
}

class BadRequest extends Error {}

async function readJsonObject(req: IncomingMessage, limit = 64 * 1024): Promise<Record<string, unknown>> {
  const text = (await readLimitedBody(req, limit, () => new BadRequest('body too large'))).toString('utf8');
  let v: unknown;
  try {
    v = text.trim() === '' ? {} : JSON.parse(text);
  } catch (e) {
    throw new BadRequest(`body must be JSON: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new BadRequest('body must be a JSON object');
  return v as Record<string, unknown>;
}

/** Picks the VOD params from a JSON body: strings and numbers, `UserData` objects as JSON text. */
function pick(body: Record<string, unknown>, names: string[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const n of names) {
    const v = body[n];
    if (v === undefined || v === null) continue;
    if (n === 'UserData' && typeof v === 'object') out[n] = JSON.stringify(v);
    else if (typeof v === 'string' || typeof v === 'number') out[n] = v;
    else throw new BadRequest(`${n} must be a string or number`);
  }
  return out;
}

/**
 * Returns the handler of every `/vod/aliyun/*` request (it always answers,
 * 404 for an unknown sub-path).
 */
export function createAliyunAppRoutes(o: AliyunAppRoutesOptions): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const { vod } = o;
  const callVod = async (res: ServerResponse, action: string, params: Record<string, string | number>) => {
    const r = await vod.call(action, params, { region: o.region });
    sendJson(res, r.status, r.body);
  };
  return async (req, res, url) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const sub = url.pathname.slice(ALIYUN_ROUTE_PREFIX.length);
    try {
      if (sub === 'create-upload-video' || sub === 'refresh-upload-video' || sub === 'create-upload-image') {
        if (method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
        const body = await readJsonObject(req);
        if (sub === 'create-upload-video') return await callVod(res, 'CreateUploadVideo', pick(body, VIDEO_PARAMS));
        if (sub === 'refresh-upload-video') return await callVod(res, 'RefreshUploadVideo', pick(body, ['VideoId']));
        return await callVod(res, 'CreateUploadImage', pick(body, IMAGE_PARAMS));
      }
      if (sub === 'sts') {
        if (method !== 'GET') return sendJson(res, 405, { error: 'use GET' });
        let duration = o.stsDurationSeconds ?? 3600;
        const d = url.searchParams.get('duration');
        if (d !== null) {
          if (!/^\d+$/.test(d) || Number(d) < 900 || Number(d) > 43200)
            return sendJson(res, 400, { error: 'duration must be 900..43200 seconds' });
          duration = Number(d);
        }
        const sts = vod.authority.issueSts({ durationSeconds: duration });
        return sendJson(res, 200, {
          AccessKeyId: sts.AccessKeyId,
          AccessKeySecret: sts.AccessKeySecret,
          SecurityToken: sts.SecurityToken,
          Expiration: sts.Expiration,
        });
      }
      const m = /^videos\/([^/]+)$/.exec(sub);
      if (m) {
        if (method !== 'GET') return sendJson(res, 405, { error: 'use GET' });
        let id: string;
        try {
          id = decodeURIComponent(m[1]!);
        } catch {
          return sendJson(res, 400, { error: 'malformed VideoId' });
        }
        const src = await vod.videoSource(id);
        if (!src) return sendJson(res, 404, { error: `no video ${id}` });
        return sendJson(res, 200, src);
      }
      return sendJson(res, 404, { error: `no route ${method} ${url.pathname}` });
    } catch (e) {
      if (e instanceof BadRequest) return sendJson(res, 400, { error: e.message });
      throw e;
    }
  };
}
