/**
 * Host facilities the wx families added for the whole surface need, kept in
 * simulator/ (runtime/ reaches the host only through the Device and simulator
 * modules): file names, randomness and the WeChat data-encryption
 * scheme, worker threads, and value formatting for `--verbose`.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { Worker } from 'node:worker_threads';

export const baseName = (p: string): string => path.basename(p);
export const extName = (p: string): string => path.extname(p);
export const random = (n: number): Buffer => randomBytes(n);

/**
 * What the client attaches to user info with the session_key: `signature` =
 * sha1(rawData + session_key) and `encryptedData` = AES-128-CBC (PKCS#7) of the
 * JSON with a watermark, key = base64-decoded session_key, random 16-byte iv.
 */
export function sealWithSessionKey(rawData: string, plainJson: string, sessionKey: string) {
  const signature = createHash('sha1')
    .update(rawData + sessionKey)
    .digest('hex');
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), iv);
  const encryptedData = Buffer.concat([cipher.update(plainJson, 'utf8'), cipher.final()]).toString('base64');
  return { signature, encryptedData, iv: iv.toString('base64') };
}

/** One line of a value for logs. */
export const formatValue = (v: unknown): string =>
  inspect(v, { depth: 3, breakLength: Infinity, maxArrayLength: 10, maxStringLength: 200 });

const WORKER_BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
const listeners = [];
globalThis.worker = {
  onMessage(fn) { if (typeof fn === 'function') listeners.push(fn); },
  postMessage(message) { parentPort.postMessage(message); },
  onProcessKilled() {},
  getCameraFrameData() { return undefined; },
};
parentPort.on('message', (m) => { for (const fn of listeners.slice()) fn(m); });
require(workerData.file);
`;

/** A worker thread running a project's worker script with the client's `worker` global. */
export function spawnWorkerThread(file: string): Worker {
  const thread = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { file } });
  thread.unref();
  return thread;
}
