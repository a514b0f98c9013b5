/**
 * Assembles the `wx` object from its API families. Each family lives in its own
 * file and installs its functions through the calling convention.
 */
import { installBase } from './base';
import { installCloud } from './cloud';
import { installFs } from './fs';
import type { RuntimeHost } from './host';
import { installMedia } from './media';
import { installNetwork } from './network';
import { installPages } from './page/wx-pages';
import { installStorage } from './storage';
import { installSystem } from './system';

export type WxFamily = (host: RuntimeHost, wx: Record<string, unknown>) => void;

/** Families in install order (base last: canIUse looks at what the others installed). */
const families: WxFamily[] = [installStorage, installSystem, installMedia, installNetwork, installFs, installPages, installCloud];

export function createWx(host: RuntimeHost): Record<string, unknown> {
  const wx: Record<string, unknown> = {};
  for (const install of families) install(host, wx);
  installBase(host, wx);
  return wx;
}
