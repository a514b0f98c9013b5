/**
 * The function runner of the local Cloud Development environment. Each
 * `cloudfunctions/<name>/index.js` runs in its own Node child process (its cwd is
 * the function's dir, so `require` finds that function's own `node_modules`
 * first), kept warm between calls like an SCF instance and used by one call at
 * a time; a second concurrent call starts a second instance.
 *
 * The child's environment is what SCF gives a Cloud Development function
 * (TENCENTCLOUD_RUNENV=SCF, SCF_NAMESPACE/TCB_ENV, TENCENTCLOUD_REGION, temporary
 * TENCENTCLOUD_SECRET*, WX_CONTEXT_KEYS + WX_OPENID/WX_APPID/WX_UNIONID per
 * call) plus TCB_CONTEXT_CNFG `{"URL": …}`: the platform's own way of telling the
 * SDK where the TCB API is (@cloudbase/node-sdk getServerInjectUrl). It names
 * the environment's internal listener (plain HTTP on 127.0.0.1, as the SCF
 * internal endpoint is plain HTTP), so the real wx-server-sdk runs unchanged:
 * no patched module, no DNS override, no proxy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** JS evaluated in the child (no file to locate from dist/, ts-node or jest). */
const BOOTSTRAP = `
const path = require('node:path');
let mod;
let loadError;
// Initialisation (loading index.js and its requires) runs once, before the first call,
// under its own limit, as SCF's init phase does; the call's time limit starts after it.
try {
  mod = require(path.join(process.cwd(), 'index.js'));
  if (typeof mod.main !== 'function') throw new Error('exports.main is not a function');
} catch (e) {
  loadError = e instanceof Error ? e : new Error(String(e));
}
process.send({ type: 'ready' });
process.on('message', async (msg) => {
  if (!msg || msg.type !== 'invoke') return;
  for (const [k, v] of Object.entries(msg.env)) process.env[k] = v;
  let reply;
  try {
    if (loadError) throw loadError;
    const value = await mod.main(msg.event, msg.context);
    let text;
    try { text = JSON.stringify(value === undefined ? null : value); } catch (e) { throw new Error('result is not JSON serialisable: ' + e.message); }
    reply = { type: 'result', id: msg.id, ok: true, text };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply = { type: 'result', id: msg.id, ok: false, message: String(err.stack || err.message) };
  }
  process.send(reply);
});
process.on('unhandledRejection', (reason) => { console.error('Unhandled promise rejection', reason); });
`;

export interface InvokeRequest {
  env: string;
  name: string;
  /** The event (the caller's data plus userInfo). */
  event: Record<string, unknown>;
  /** WX_* context of the caller (OPENID, APPID, UNIONID, …). */
  wxContext: Record<string, string>;
  /** `wx_client` from the phone, `wx_cloud` (UNCONFIRMED) from another function. */
  source: string;
}

export type InvokeResult =
  | { ok: true; text: string; logs: string; requestId: string; durationMs: number }
  | {
      ok: false;
      code: 'FUNCTION_NOT_FOUND' | 'FUNCTIONS_EXECUTE_FAIL' | 'FUNCTIONS_TIME_LIMIT_EXCEEDED';
      message: string;
      logs: string;
      requestId: string;
      durationMs: number;
    };

export interface FunctionRunnerOptions {
  /** Per-call time limit (ms), as the function's configured timeout (default 3000, the cloud's default). */
  timeoutMs: number;
  /** An idle instance ends after this long (default 30 s; the cloud keeps them ~minutes). */
  idleMs: number;
  /** Limit of an instance's init phase (loading index.js), ms (default 60000; SCF's init limit is separate from the call's). */
  initTimeoutMs: number;
  /** The URL the SDK is told to use (the environment's internal listener). */
  apiUrl: () => Promise<string>;
  /** Function timeouts per name (config.json `timeout` in seconds is read too). */
  region: string;
}

interface Instance {
  child: ChildProcess;
  busy: boolean;
  idleTimer?: ReturnType<typeof setTimeout>;
  logs: string;
}

/** A function name as the cloud accepts it (UNCONFIRMED bounds: letters, digits, `_`, `-`, up to 60). */
const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;

export class FunctionRunner {
  private readonly roots = new Map<string, string>();
  private readonly instances = new Map<string, Instance[]>();
  private closed = false;

  constructor(private readonly options: FunctionRunnerOptions) {}

  /** Where an environment's functions live (`<project>/cloudfunctions`); `*` for every environment. */
  setRoot(env: string, dir: string): void {
    this.roots.set(env, path.resolve(dir));
  }

  /** The directory of a function, or undefined when there is none. */
  functionDir(env: string, name: string): string | undefined {
    if (!FUNCTION_NAME.test(name)) return undefined;
    const root = this.roots.get(env) ?? this.roots.get('*');
    if (!root) return undefined;
    const dir = path.join(root, name);
    return fs.existsSync(path.join(dir, 'index.js')) ? dir : undefined;
  }

  /** Names of the functions an environment has. */
  list(env: string): string[] {
    const root = this.roots.get(env) ?? this.roots.get('*');
    if (!root || !fs.existsSync(root)) return [];
    return fs
      .readdirSync(root)
      .filter((n) => this.functionDir(env, n))
      .sort();
  }

  /** Time limit of a function: its config.json `timeout` (seconds, 1–60) or the default. */
  timeoutOf(dir: string): number {
    try {
      const cfg = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as { timeout?: unknown };
      if (typeof cfg.timeout === 'number' && cfg.timeout >= 1 && cfg.timeout <= 900) return cfg.timeout * 1000;
    } catch {
      // no config.json: the default
    }
    return this.options.timeoutMs;
  }

  async invoke(req: InvokeRequest): Promise<InvokeResult> {
    const requestId = randomUUID();
    const started = Date.now();
    const dir = this.functionDir(req.env, req.name);
    if (!dir || this.closed)
      return {
        ok: false,
        code: 'FUNCTION_NOT_FOUND',
        message: '[ResourceNotFound.Function] FunctionName parameter could not be found.',
        logs: '',
        requestId,
        durationMs: 0,
      };
    const timeoutMs = this.timeoutOf(dir);
    const inst = await this.acquire(req.env, dir);
    inst.logs = '';
    const context = {
      callbackWaitsForEmptyEventLoop: false,
      memory_limit_in_mb: 256,
      time_limit_in_ms: timeoutMs,
      request_id: requestId,
      function_version: '$LATEST',
      function_name: req.name,
      namespace: req.env,
      environ: Object.entries(req.wxContext)
        .map(([k, v]) => `WX_${k}=${v}`)
        .join(';'),
    };
    const env: Record<string, string> = { TCB_SOURCE: req.source, SCF_FUNCTIONNAME: req.name };
    const keys: string[] = [];
    for (const [k, v] of Object.entries(req.wxContext)) {
      env[`WX_${k}`] = v;
      keys.push(`WX_${k}`);
    }
    env.WX_CONTEXT_KEYS = keys.join(',');
    return new Promise<InvokeResult>((resolve) => {
      let done = false;
      const finish = (r: InvokeResult) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        inst.child.off('message', onMessage);
        inst.child.off('exit', onExit);
        resolve(r);
      };
      const onMessage = (msg: { type?: string; ok?: boolean; text?: string; message?: string }) => {
        if (msg?.type !== 'result') return;
        const durationMs = Date.now() - started;
        this.release(req.env, dir, inst);
        if (msg.ok) finish({ ok: true, text: msg.text ?? 'null', logs: inst.logs, requestId, durationMs });
        else finish({ ok: false, code: 'FUNCTIONS_EXECUTE_FAIL', message: msg.message ?? 'Error', logs: inst.logs, requestId, durationMs });
      };
      const onExit = (code: number | null, signal: string | null) => {
        this.forget(req.env, dir, inst);
        finish({
          ok: false,
          code: 'FUNCTIONS_EXECUTE_FAIL',
          message: `Error: the function process exited (${signal ?? `code ${code}`}) before it returned`,
          logs: inst.logs,
          requestId,
          durationMs: Date.now() - started,
        });
      };
      const timer = setTimeout(() => {
        this.kill(req.env, dir, inst);
        finish({
          ok: false,
          code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED',
          message: `Invoking task timed out after ${timeoutMs / 1000} seconds`,
          logs: inst.logs,
          requestId,
          durationMs: Date.now() - started,
        });
      }, timeoutMs);
      inst.child.on('message', onMessage);
      inst.child.on('exit', onExit);
      inst.child.send({ type: 'invoke', id: requestId, event: req.event, context, env }, (err) => {
        if (err) onExit(null, 'send failed');
      });
    });
  }

  /** Ends every instance. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.instances.values()].flat();
    this.instances.clear();
    await Promise.all(
      all.map(
        (i) =>
          new Promise<void>((resolve) => {
            if (i.child.exitCode !== null || i.child.signalCode !== null) return resolve();
            i.child.once('exit', () => resolve());
            i.child.kill('SIGKILL');
          }),
      ),
    );
  }

  private key(env: string, dir: string): string {
    return `${env}\0${dir}`;
  }

  private async acquire(env: string, dir: string): Promise<Instance> {
    const list = this.instances.get(this.key(env, dir)) ?? [];
    this.instances.set(this.key(env, dir), list);
    const idle = list.find((i) => !i.busy);
    if (idle) {
      idle.busy = true;
      if (idle.idleTimer) clearTimeout(idle.idleTimer);
      idle.child.ref();
      (idle.child.channel as { ref?: () => void } | undefined)?.ref?.();
      for (const pipe of [idle.child.stdout, idle.child.stderr]) (pipe as { ref?: () => void } | null)?.ref?.();
      return idle;
    }
    const url = await this.options.apiUrl();
    const child = spawn(process.execPath, ['-e', BOOTSTRAP], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'production',
        TZ: 'Asia/Shanghai',
        TENCENTCLOUD_RUNENV: 'SCF',
        TENCENTCLOUD_REGION: this.options.region,
        SCF_NAMESPACE: env,
        TCB_ENV: env,
        SCF_RUNTIME: 'Nodejs16.13',
        // Temporary keys as SCF injects them; the local environment accepts any.
        TENCENTCLOUD_SECRETID: 'AKIDmpsimLocalFunctionKey',
        TENCENTCLOUD_SECRETKEY: 'mpsimLocalFunctionSecret',
        TENCENTCLOUD_SESSIONTOKEN: 'mpsim-local-session',
        WX_API_TOKEN: 'mpsim-local-api-token',
        TCB_CONTEXT_CNFG: JSON.stringify({ URL: url }),
        SILENCE: 'true',
      },
    });
    const inst: Instance = { child, busy: true, logs: '' };
    const log = (d: Buffer) => {
      if (inst.logs.length < 1 << 20) inst.logs += d.toString();
    };
    child.stdout?.on('data', log);
    child.stderr?.on('data', log);
    child.on('error', () => undefined);
    child.on('exit', () => this.forget(env, dir, inst));
    list.push(inst);
    // Wait for the init phase (index.js loaded); a child that dies or hangs there is killed.
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        child.off('message', onMsg);
        child.off('exit', done);
        resolve();
      };
      const onMsg = (m: { type?: string }) => {
        if (m?.type === 'ready') done();
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        done();
      }, this.options.initTimeoutMs);
      child.on('message', onMsg);
      child.on('exit', done);
    });
    return inst;
  }

  private release(env: string, dir: string, inst: Instance): void {
    inst.busy = false;
    // an idle instance never keeps the process alive (`mpsim run` ends when the script's work does)
    inst.child.unref();
    (inst.child.channel as { unref?: () => void } | undefined)?.unref?.();
    for (const pipe of [inst.child.stdout, inst.child.stderr]) (pipe as { unref?: () => void } | null)?.unref?.();
    inst.idleTimer = setTimeout(() => this.kill(env, dir, inst), this.options.idleMs);
    inst.idleTimer.unref();
  }

  private forget(env: string, dir: string, inst: Instance): void {
    if (inst.idleTimer) clearTimeout(inst.idleTimer);
    const list = this.instances.get(this.key(env, dir));
    if (list) {
      const i = list.indexOf(inst);
      if (i >= 0) list.splice(i, 1);
    }
  }

  private kill(env: string, dir: string, inst: Instance): void {
    this.forget(env, dir, inst);
    inst.child.kill('SIGKILL');
  }
}
