/**
 * Finds a project's cloud functions: `cloudfunctionRoot` of project.config.json
 * in the project dir or its parent (the DevTools layout keeps the mini-program in
 * `miniprogramRoot` next to `cloudfunctions/`), else a `cloudfunctions` dir there.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Device } from '../../device';
import type { TcbServer } from './index';

export function findFunctionsDir(projectDir: string): string | undefined {
  for (const dir of [projectDir, path.dirname(projectDir)]) {
    try {
      const cfg = JSON.parse(fs.readFileSync(path.join(dir, 'project.config.json'), 'utf8')) as { cloudfunctionRoot?: unknown };
      if (typeof cfg.cloudfunctionRoot === 'string') return path.resolve(dir, cfg.cloudfunctionRoot);
    } catch {
      // no or unreadable config: look further
    }
  }
  const plain = path.join(projectDir, 'cloudfunctions');
  return fs.existsSync(plain) ? plain : undefined;
}

/** Points the Device's cloud at the project's functions (for every environment). No cloud: nothing. */
export function registerCloudFunctions(device: Device, projectDir: string): void {
  const tcb = device.network.attachedCloud?.servers.tcb as TcbServer | undefined;
  const dir = findFunctionsDir(projectDir);
  if (tcb && dir) tcb.functions.setRoot('*', dir);
}
