/**
 * Assembles the `wx` object from its API families. Each family lives in its own
 * file and installs its functions through the calling convention.
 */
import { installAlbumSave } from './album-save';
import { installApp } from './app';
import { installAuth } from './auth';
import { installBase } from './base';
import { callLogOf } from './calls';
import { installCloud } from './cloud';
import { installContexts } from './contexts';
import { installDeviceApis } from './device-apis';
import { installFs } from './fs';
import type { RuntimeHost } from './host';
import { installMedia } from './media';
import { installNetwork } from './network';
import { installPages } from './page/wx-pages';
import { installStorage } from './storage';
import { installReport } from './report';
import { installSystem } from './system';
import { installUnsupported } from './unsupported';
import { installWorker } from './worker';
import { API_KIND } from './kinds';
import { installLocation } from './location';

export type WxFamily = (host: RuntimeHost, wx: Record<string, unknown>) => void;

/**
 * Families in install order. The page engine's after the surface families, so
 * what it defines wins; base next (canIUse looks at what the others installed);
 * unsupported last: it fills every name of the typings nobody installed.
 */
const families: WxFamily[] = [
  installStorage,
  installSystem,
  installMedia,
  installNetwork,
  installFs,
  installAuth,
  installLocation,
  installDeviceApis,
  installApp,
  installAlbumSave,
  installContexts,
  installWorker,
  installReport,
  installPages,
  installCloud,
];

export function createWx(host: RuntimeHost): Record<string, unknown> {
  const wx: Record<string, unknown> = {};
  const calls = callLogOf(host);
  for (const install of families) install(host, wx);
  installBase(host, wx);
  installUnsupported(host, wx);
  // Functions the convention did not make (task APIs, listeners, factories) are
  // recorded and overridable too; their kind tag moves to the wrapper.
  for (const [name, fn] of Object.entries(wx)) {
    if (typeof fn !== 'function') continue;
    const wrapped = calls.wrapPlain(name, fn as (...a: unknown[]) => unknown);
    if (wrapped === fn) continue;
    const kind = (fn as unknown as Record<symbol, unknown>)[API_KIND];
    if (kind) Object.defineProperty(wrapped, API_KIND, { value: kind, configurable: true });
    wx[name] = wrapped;
  }
  return wx;
}
