/**
 * The simulated WeChat user as Cloud Development sees them: OPENID (per
 * mini-program), APPID, UNIONID. The WeChat client vouches for these on the real
 * cloud; here the phone sends them in `X-WX-Context` and the local environment
 * trusts it. One identity per Device, stable across runs (derived from the
 * appId), changeable with `mpsim.cloud.setUser`.
 */
import { createHash } from 'node:crypto';
import type { Device } from './device';

export interface CloudUser {
  OPENID: string;
  APPID: string;
  UNIONID: string;
}

const users = new WeakMap<Device, Partial<CloudUser>>();

/** 28-character ids shaped like the cloud's (`o` + 27 URL-safe base64 characters). */
function idFrom(seed: string, prefix: string): string {
  return (
    prefix +
    createHash('sha256')
      .update(seed)
      .digest('base64url')
      .slice(0, 28 - prefix.length)
  );
}

export function cloudUserOf(device: Device): CloudUser {
  const set = users.get(device) ?? {};
  const APPID = set.APPID ?? device.system.appId;
  return {
    APPID,
    OPENID: set.OPENID ?? idFrom(`openid:${APPID}:mpsim-user`, 'o'),
    UNIONID: set.UNIONID ?? idFrom('unionid:mpsim-user', 'o'),
  };
}

export function setCloudUser(device: Device, user: Partial<CloudUser>): void {
  users.set(device, { ...users.get(device), ...user });
}
