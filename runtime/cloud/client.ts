/**
 * How the phone reaches its Cloud Development environment: JSON `POST /admin`
 * requests (the action protocol the TCB API speaks) over the Device's network
 * (so conditions, faults, offline and the request log apply), to the routed
 * host `<env>.tcb-api.tencentcloudapi.com`, with the user's identity in
 * `X-WX-Context`. wx.cloud calls are not subject to the legal-domain list (the
 * client sends them through its own channel on the real phone).
 */
import { NetworkError } from '../../simulator/network';
import { TaskController } from '../../simulator/network/abort';
import { ApiError } from '../convention';
import type { RuntimeHost } from '../host';
import { cloudUserOf } from '../../simulator/cloud-identity';

/** What `wx.cloud.init` left: the default env per service and whether init ran. */
export interface CloudState {
  inited: boolean;
  env: { database?: string; functions?: string; storage?: string };
  traceUser: boolean;
}

export type Service = 'database' | 'functions' | 'storage';

/**
 * errCode of the client for the environment's error codes (UNCONFIRMED numbers
 * beyond the documented -501000/-502005/-504002/-504003; the cloud's codes
 * table lists them by name).
 */
const ERR_CODES: Record<string, { errCode: number; text: string }> = {
  FUNCTION_NOT_FOUND: { errCode: -501000, text: '' },
  FUNCTIONS_EXECUTE_FAIL: { errCode: -504002, text: 'functions execute fail' },
  FUNCTIONS_TIME_LIMIT_EXCEEDED: { errCode: -504003, text: 'functions execute timeout' },
  DATABASE_COLLECTION_NOT_EXIST: { errCode: -502005, text: 'database collection not exists' },
  DATABASE_PERMISSION_DENIED: { errCode: -502003, text: 'database permission denied' },
  DATABASE_REQUEST_FAILED: { errCode: -502001, text: 'database request fail' },
  PERMISSION_DENIED: { errCode: -502003, text: 'permission denied' },
  STORAGE_FILE_NONEXIST: { errCode: -503003, text: 'storage file not exists' },
  INVALID_PARAM: { errCode: -501001, text: 'invalid parameters' },
  INVALID_ENV: { errCode: -501001, text: 'resource system error' },
  INVALID_ACTION: { errCode: -501001, text: 'resource system error' },
  SYS_ERR: { errCode: -501001, text: 'resource system error' },
};

/** A failure reported by the environment (code + message). */
export class CloudFail extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** `errCode: <n> <text> | errMsg: <message>` — the client's text for a cloud-side failure. */
export function cloudApiError(err: unknown): ApiError {
  if (err instanceof CloudFail) {
    const m = ERR_CODES[err.code] ?? { errCode: -501001, text: err.code };
    return new ApiError(`Error: errCode: ${m.errCode} ${m.text} | errMsg: ${err.message}`, { errCode: m.errCode });
  }
  if (err instanceof NetworkError)
    return new ApiError(`Error: errCode: -404011 cloud request fail | errMsg: ${err.reason}`, { errCode: -404011 });
  if (err instanceof ApiError) return err;
  return new ApiError(err instanceof Error ? err.message : String(err), { errCode: -1 });
}

/** The env a call goes to: `config.env`, else init's env for the service, else the environment's default. */
export function envFor(state: CloudState, service: Service, config: unknown): string | undefined {
  const c = config as { env?: unknown } | undefined;
  if (c && typeof c.env === 'string' && c.env) return c.env;
  return state.env[service];
}

export function requireInit(state: CloudState): void {
  if (!state.inited) throw new ApiError("Cloud API isn't enabled, please call wx.cloud.init first", { errCode: -1 });
}

export function apiHost(env: string | undefined): string {
  return env ? `${env}.tcb-api.tencentcloudapi.com` : 'tcb-api.tencentcloudapi.com';
}

/** Sends one action; resolves to its `data` (and requestId) or throws CloudFail / NetworkError. */
export async function callAction(
  host: RuntimeHost,
  env: string | undefined,
  params: Record<string, unknown>,
  controller = new TaskController(),
): Promise<{ data: Record<string, unknown>; requestId: string }> {
  const net = host.device.network;
  const hostname = apiHost(env);
  if (!net.isRouted(hostname))
    throw new NetworkError(`the local cloud has no Cloud Development environment (host ${hostname} is not routed)`, 600001);
  const body = Buffer.from(JSON.stringify({ ...params, envName: env ?? '' }));
  const user = cloudUserOf(host.device);
  // No answer within the network rules' timeout (60 s): the call fails rather than waiting forever.
  const timer = setTimeout(() => controller.abort(new NetworkError(net.rules.messages.timeout)), net.rules.timeoutMs);
  try {
    return await exchangeAction(net, hostname, env, body, user, controller);
  } finally {
    clearTimeout(timer);
  }
}

async function exchangeAction(
  net: RuntimeHost['device']['network'],
  hostname: string,
  env: string | undefined,
  body: Buffer,
  user: ReturnType<typeof cloudUserOf>,
  controller: TaskController,
): Promise<{ data: Record<string, unknown>; requestId: string }> {
  const res = await net.exchange({
    api: 'request',
    method: 'POST',
    url: `https://${hostname}/admin?env=${encodeURIComponent(env ?? '')}`,
    headers: {
      'Content-Type': 'application/json',
      'X-WX-Context': Buffer.from(JSON.stringify(user)).toString('base64'),
    },
    body,
    redirect: 'manual',
    controller,
  });
  const text = (await res.readAll()).toString('utf8');
  let parsed: { code?: unknown; message?: unknown; data?: unknown; requestId?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new CloudFail('SYS_ERR', `bad response (status ${res.statusCode}): ${text.slice(0, 200)}`);
  }
  if (typeof parsed.code === 'string' && parsed.code) throw new CloudFail(parsed.code, String(parsed.message ?? parsed.code));
  if (res.statusCode !== 200) throw new CloudFail('SYS_ERR', `status ${res.statusCode}`);
  return { data: (parsed.data ?? {}) as Record<string, unknown>, requestId: String(parsed.requestId ?? '') };
}
