/** Helpers for the network tests: call a task API and wait for its outcome. */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalServer } from '../../simulator/servers/types';

declare const wx: any;

export interface Outcome {
  ok: boolean;
  res: any;
  task: any;
}

/** Calls wx.<api>(opts) and resolves with the single success/fail result (complete must follow). */
export function call(
  api: 'request' | 'uploadFile' | 'downloadFile',
  opts: Record<string, unknown>,
  onTask?: (task: any) => void,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    let outcome: Outcome | undefined;
    const task: any = wx[api]({
      ...opts,
      success: (res: any) => {
        if (outcome) reject(new Error('second outcome'));
        outcome = { ok: true, res, task };
      },
      fail: (res: any) => {
        if (outcome) reject(new Error('second outcome'));
        outcome = { ok: false, res, task };
      },
      complete: (res: any) => {
        if (!outcome || outcome.res !== res) return reject(new Error('complete without matching success/fail'));
        resolve(outcome);
      },
    });
    onTask?.(task);
  });
}

export function md5(buf: Uint8Array): string {
  return createHash('md5').update(buf).digest('hex');
}

/** A tiny LocalServer from a handler (for cases the echo server does not cover). */
export function server(name: string, hosts: string[], handle: (req: IncomingMessage, res: ServerResponse) => void): LocalServer {
  return { name, hosts, handle };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
