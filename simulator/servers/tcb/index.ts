/**
 * The local Cloud Development (TCB) environment: the TCB API (`POST /admin`, the
 * JSON protocol @cloudbase/node-sdk speaks, actions `functions.invokeFunction`,
 * `database.*`, `storage.*`), storage (objects in the COS store, so uploads are
 * exactly as atomic as COS's) with signed temporary URLs that expire, a
 * database (database.ts, mingo) and a function runner (functions.ts) whose
 * children run the real wx-server-sdk against this server.
 *
 * Two ways in:
 * - routed hosts (the phone, over HTTPS): `tcb-api.tencentcloudapi.com`,
 *   `<env>.tcb-api.tencentcloudapi.com` for the API and `<bucket>.tcb.qcloud.la`
 *   for uploads and temporary URLs;
 * - the internal listener (functions, plain HTTP on 127.0.0.1, started with the
 *   first function call): `/admin` and `/storage/<bucket>/<path>`.
 *
 * Identity: a phone's request names its user in the `X-WX-Context` header (base64
 * JSON OPENID/APPID/UNIONID); what the WeChat client vouches for on the real
 * cloud, the local environment trusts. Requests on the internal listener have
 * admin rights (a function's SDK), as on the cloud.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import busboy from 'busboy';
import { CosStore, StoreError } from '../object-kit/store';
import type { LocalServer } from '../types';
import { Database, DbError, docToEjson, parseEjson } from './database';
import { FunctionRunner, type InvokeResult } from './functions';

export { Database, DbError } from './database';

/** Who made a call: the phone (with its user) or a function (admin). */
export type CallSource = 'client' | 'function';

/** One TCB API call as the environment saw it (`mpsim.cloud.calls`). */
export interface TcbCall {
  id: number;
  env: string;
  /** `functions.invokeFunction`, `database.insertDocument`, `storage.getUploadMetadata`, `storage.upload`, `storage.download`… */
  action: string;
  /** Function or collection name, or the storage path. */
  target?: string;
  source: CallSource;
  openid?: string;
  startedAt: number;
  endedAt?: number;
  /** Error code when it failed (`FUNCTIONS_EXECUTE_FAIL`, `DATABASE_COLLECTION_NOT_EXIST`…). */
  code?: string;
  /** For functions: the event, the result text and the instance's console output. */
  event?: unknown;
  result?: string;
  logs?: string;
}

/** A fault for calls matching `action` (exact or `*`) and `target` (exact, or any when omitted). */
export interface TcbFault {
  action: string;
  target?: string;
  /** Fail with this code and message (as the cloud reports it). */
  code?: string;
  message?: string;
  /** Answer after this many ms (before failing or doing the work). */
  delayMs?: number;
  /** How many calls it applies to (default: until cleared). */
  times?: number;
}

/** Collection permission for phone requests (the console's simple permissions). */
export type CollectionPermission = 'creator' | 'read-all' | 'admin-only' | 'all';

export interface TcbServerOptions {
  /** Where storage and databases live. Default: a temp dir removed on close. */
  dataDir?: string;
  clock?: () => number;
  /** The environment `wx.cloud.init()` without `env` uses (default `mpsim-local-0a1b2c`). */
  defaultEnv?: string;
  /** Function time limit (ms) when its config.json sets none (default 3000, the cloud's). */
  functionTimeoutMs?: number;
  /** Idle function instances end after this long (default 30000). */
  functionIdleMs?: number;
  /** Region in the environment (default `ap-shanghai`). */
  region?: string;
  /** Numeric Tencent Cloud AppId in bucket names (default 1300000000). */
  cloudAppId?: number;
  /** Default lifetime of a temporary URL (s; default 86400 as the client's maxAge default). */
  tempUrlMaxAgeSec?: number;
  /** Largest object (default 5 GiB, COS's single-PUT limit). */
  maxObjectBytes?: number;
}

interface Env {
  id: string;
  bucket: string;
  db: Database;
  permissions: Map<string, CollectionPermission>;
}

class ApiFail extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const MAX_JSON_BODY = 6 * 1024 * 1024; // the cloud's 6 MB sync request limit

export class TcbServer implements LocalServer {
  readonly name = 'tcb';
  readonly hosts = ['tcb-api.tencentcloudapi.com', '*.tcb-api.tencentcloudapi.com', '*.*.tcb-api.tencentcloudapi.com', '*.tcb.qcloud.la'];
  readonly calls: TcbCall[] = [];
  readonly faults: TcbFault[] = [];
  readonly functions: FunctionRunner;
  readonly defaultEnv: string;
  private readonly store: CosStore;
  private readonly envs = new Map<string, Env>();
  private readonly root: string;
  private readonly ownsRoot: boolean;
  private readonly clock: () => number;
  private readonly secret = randomBytes(32);
  private readonly internal = new WeakSet<http.IncomingMessage>();
  private internalServer?: Promise<http.Server>;
  private callSeq = 0;

  constructor(private readonly options: TcbServerOptions = {}) {
    this.ownsRoot = !options.dataDir;
    this.root = options.dataDir ? path.join(options.dataDir, 'tcb') : fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-tcb-'));
    this.clock = options.clock ?? Date.now;
    this.defaultEnv = options.defaultEnv ?? 'mpsim-local-0a1b2c';
    this.store = new CosStore(path.join(this.root, 'storage'), this.clock);
    this.functions = new FunctionRunner({
      timeoutMs: options.functionTimeoutMs ?? 3000,
      idleMs: options.functionIdleMs ?? 30000,
      initTimeoutMs: 60000,
      region: options.region ?? 'ap-shanghai',
      apiUrl: async () => `${await this.internalBase()}/admin`,
    });
  }

  /** An environment (created on first use: the local cloud has every environment id you name). */
  env(id: string = this.defaultEnv): Env {
    let e = this.envs.get(id);
    if (!e) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ApiFail('INVALID_ENV', `invalid env: ${id}`);
      const bucket = `${Buffer.from(id.slice(0, 2)).toString('hex')}-${id}-${this.options.cloudAppId ?? 1300000000}`;
      if (!this.store.hasBucket(bucket)) this.store.createBucket(bucket);
      e = { id, bucket, db: new Database({ dir: path.join(this.root, 'db', id), clock: this.clock }), permissions: new Map() };
      this.envs.set(id, e);
    }
    return e;
  }

  /** `cloud://<env>.<bucket>/<path>` */
  fileIdOf(env: string, cloudPath: string): string {
    return `cloud://${env}.${this.env(env).bucket}/${cloudPath}`;
  }

  /** Splits a fileID into env, bucket and path (undefined when it is not one of ours). */
  parseFileId(fileId: string): { env: string; bucket: string; path: string } | undefined {
    const m = /^cloud:\/\/([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\/(.+)$/.exec(fileId);
    if (!m) return undefined;
    const e = this.envs.get(m[1]);
    if (!e || e.bucket !== m[2]) return undefined;
    return { env: m[1], bucket: m[2], path: m[3] };
  }

  /** Stores bytes at `cloudPath` (seeding); returns the fileID. */
  async putFile(env: string, cloudPath: string, bytes: Uint8Array | string): Promise<string> {
    checkCloudPath(cloudPath);
    const src = new PassThrough();
    src.end(typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes));
    await this.store.put(this.env(env).bucket, cloudPath, src, { headers: {}, storageClass: 'STANDARD' });
    return this.fileIdOf(env, cloudPath);
  }

  /** The bytes of a stored file, or undefined. */
  readFile(fileId: string): Buffer | undefined {
    const f = this.parseFileId(fileId);
    const rec = f && this.store.head(f.bucket, f.path);
    if (!f || !rec) return undefined;
    return fs.readFileSync(this.store.dataPath(f.bucket, rec)).subarray(0, rec.size);
  }

  /** fileIDs of an environment's stored files. */
  listFiles(env: string = this.defaultEnv): string[] {
    const e = this.env(env);
    return this.store.list(e.bucket).map((r) => this.fileIdOf(env, r.key));
  }

  /** Sets a collection's permission for phone requests (default `creator`, the console's default). */
  setPermission(env: string, collection: string, permission: CollectionPermission): void {
    this.env(env).permissions.set(collection, permission);
  }

  handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', 'http://x');
    const internal = this.internal.has(req);
    if (host.endsWith('.tcb.qcloud.la')) {
      const bucket = host.slice(0, -'.tcb.qcloud.la'.length);
      this.storage(req, res, bucket, decodeURIComponent(url.pathname.slice(1)), url, internal);
      return;
    }
    if (internal && url.pathname.startsWith('/storage/')) {
      const rest = url.pathname.slice('/storage/'.length);
      const slash = rest.indexOf('/');
      this.storage(
        req,
        res,
        rest.slice(0, slash < 0 ? rest.length : slash),
        slash < 0 ? '' : decodeURIComponent(rest.slice(slash + 1)),
        url,
        internal,
      );
      return;
    }
    if (url.pathname === '/admin' && req.method === 'POST') {
      void this.api(req, res, url, internal);
      return;
    }
    req.resume();
    sendJson(res, 404, { code: 'INVALID_ACTION', message: `no such endpoint: ${req.method} ${url.pathname}` });
  }

  /** Base URL of the internal listener (starts it). */
  internalBase(): Promise<string> {
    this.internalServer ??= new Promise<http.Server>((resolve, reject) => {
      const server = http.createServer((req, res) => {
        this.internal.add(req);
        try {
          this.handle(req, res);
        } catch (err) {
          if (!res.headersSent) sendJson(res, 500, { code: 'SYS_ERR', message: (err as Error).message });
          else res.destroy();
        }
      });
      server.keepAliveTimeout = 1000;
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.unref();
        resolve(server);
      });
    });
    return this.internalServer.then((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`);
  }

  async close(): Promise<void> {
    await this.functions.close();
    if (this.internalServer) {
      const s = await this.internalServer.catch(() => undefined);
      if (s)
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        });
    }
    await this.store.settled();
    if (this.ownsRoot) fs.rmSync(this.root, { recursive: true, force: true });
  }

  // ---- calls and faults -------------------------------------------------

  private record(call: Omit<TcbCall, 'id' | 'startedAt'>): TcbCall {
    const c: TcbCall = { id: ++this.callSeq, startedAt: this.clock(), ...call };
    this.calls.push(c);
    if (this.calls.length > 10000) this.calls.splice(0, this.calls.length - 10000);
    return c;
  }

  /** Applies a matching fault: waits its delay, throws its failure. */
  private async fault(action: string, target: string | undefined): Promise<void> {
    const i = this.faults.findIndex((f) => (f.action === '*' || f.action === action) && (f.target === undefined || f.target === target));
    if (i < 0) return;
    const f = this.faults[i];
    if (f.times !== undefined && --f.times <= 0) this.faults.splice(i, 1);
    if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
    if (f.code) throw new ApiFail(f.code, f.message ?? `injected fault ${f.code}`);
  }

  // ---- the API -----------------------------------------------------------

  private async api(req: http.IncomingMessage, res: http.ServerResponse, url: URL, internal: boolean): Promise<void> {
    const requestId = randomUUID();
    let body: Record<string, unknown>;
    try {
      body = await readJson(req);
    } catch (err) {
      sendJson(res, 200, { code: 'INVALID_PARAM', message: (err as Error).message, requestId });
      return;
    }
    const action = typeof body.action === 'string' ? body.action : '';
    let envId = typeof body.envName === 'string' && body.envName ? body.envName : (url.searchParams.get('env') ?? '');
    if (!envId) envId = this.defaultEnv;
    const source: CallSource = internal ? 'function' : 'client';
    const wxContext = internal ? {} : parseWxContext(req.headers['x-wx-context']);
    const target =
      typeof body.function_name === 'string'
        ? body.function_name
        : typeof body.collectionName === 'string'
          ? body.collectionName
          : typeof body.path === 'string'
            ? body.path
            : undefined;
    const call = this.record({ env: envId, action, target, source, openid: wxContext.OPENID });
    try {
      const env = this.env(envId);
      await this.fault(action, target);
      const data = await this.dispatchAction(action, body, env, { source, wxContext, call, internal });
      call.endedAt = this.clock();
      sendJson(res, 200, { data, requestId });
    } catch (err) {
      call.endedAt = this.clock();
      const code = err instanceof ApiFail || err instanceof DbError ? err.code : 'SYS_ERR';
      call.code = code;
      sendJson(res, 200, { code, message: (err as Error).message, requestId });
    }
  }

  private async dispatchAction(
    action: string,
    body: Record<string, unknown>,
    env: Env,
    ctx: { source: CallSource; wxContext: Record<string, string>; call: TcbCall; internal: boolean },
  ): Promise<Record<string, unknown>> {
    switch (action) {
      case 'functions.invokeFunction':
        return this.invoke(body, env, ctx);
      case 'storage.getUploadMetadata':
        return this.uploadMetadata(body, env, ctx.internal);
      case 'storage.batchGetDownloadUrl':
        return this.downloadUrls(body, env, ctx.internal);
      case 'storage.batchDeleteFile':
        return this.deleteFiles(body, env);
      default:
        if (action.startsWith('database.')) {
          try {
            return this.database(action, body, env, ctx);
          } catch (err) {
            // mingo's own complaints (an unknown operator, a bad update path) are the database's request failures
            if (err instanceof ApiFail || err instanceof DbError) throw err;
            throw new DbError('DATABASE_REQUEST_FAILED', (err as Error).message);
          }
        }
        throw new ApiFail('INVALID_ACTION', `action ${action || '(none)'} is not supported by the local environment`);
    }
  }

  private async invoke(
    body: Record<string, unknown>,
    env: Env,
    ctx: { source: CallSource; wxContext: Record<string, string>; call: TcbCall },
  ): Promise<Record<string, unknown>> {
    const name = body.function_name;
    if (typeof name !== 'string' || !name) throw new ApiFail('INVALID_PARAM', 'function_name is required');
    let event: Record<string, unknown> = {};
    if (typeof body.request_data === 'string' && body.request_data) {
      try {
        const parsed = JSON.parse(body.request_data) as unknown;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) event = parsed as Record<string, unknown>;
      } catch {
        throw new ApiFail('INVALID_PARAM', 'request_data is not JSON');
      }
    }
    if (ctx.source === 'client') event.userInfo = { appId: ctx.wxContext.APPID, openId: ctx.wxContext.OPENID };
    ctx.call.event = event;
    const r: InvokeResult = await this.functions.invoke({
      env: env.id,
      name,
      event,
      wxContext: ctx.wxContext,
      source: ctx.source === 'client' ? 'wx_client' : 'wx_cloud',
    });
    ctx.call.logs = r.logs;
    if (!r.ok) throw new ApiFail(r.code, r.message);
    ctx.call.result = r.text;
    return { response_data: r.text };
  }

  // ---- database ----------------------------------------------------------

  private database(
    action: string,
    body: Record<string, unknown>,
    env: Env,
    ctx: { source: CallSource; wxContext: Record<string, string> },
  ): Record<string, unknown> {
    const db = env.db;
    const name = body.collectionName;
    if (action === 'database.addCollection') {
      if (ctx.source === 'client') throw new ApiFail('PERMISSION_DENIED', 'Permission denied');
      db.createCollection(String(name));
      return {};
    }
    if (typeof name !== 'string' || !name) throw new ApiFail('INVALID_PARAM', 'collectionName is required');
    if (!db.has(name)) throw new DbError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${name}`);
    const client = ctx.source === 'client';
    const permission = env.permissions.get(name) ?? 'creator';
    const openid = ctx.wxContext.OPENID ?? '';
    const readScope = (q: Record<string, unknown>) =>
      !client || permission === 'all' || permission === 'read-all'
        ? q
        : permission === 'admin-only'
          ? deny()
          : { $and: [q, { _openid: openid }] };
    const writeScope = (q: Record<string, unknown>) =>
      !client || permission === 'all'
        ? q
        : permission === 'creator' || permission === 'read-all'
          ? { $and: [q, { _openid: openid }] }
          : deny();
    const query = parseEjson(body.query, 'query');
    switch (action) {
      case 'database.insertDocument': {
        if (client && permission === 'admin-only') deny();
        const docs = Array.isArray(body.data) ? body.data.map((d) => parseEjson(d, 'data')) : [];
        if (!docs.length) throw new ApiFail('INVALID_PARAM', 'data is required');
        if (client) for (const d of docs) d._openid = openid;
        return { insertedIds: db.insert(name, docs) };
      }
      case 'database.getDocument': {
        const limit = typeof body.limit === 'number' ? body.limit : 100;
        const offset = typeof body.offset === 'number' ? body.offset : 0;
        const list = db.find(name, readScope(query), {
          order: parseEjson(body.order, 'order'),
          offset,
          limit,
          projection: parseEjson(body.projection, 'projection'),
        });
        return { list: list.map(docToEjson), limit, offset };
      }
      case 'database.calculateDocument':
        return { total: db.count(name, readScope(query)) };
      case 'database.modifyDocument': {
        const data = parseEjson(body.data, 'data');
        // A phone's set() replaces the document but it stays the caller's.
        if (client && body.merge === false) data._openid = openid;
        const r = db.modify(name, writeScope(query), data, {
          multi: body.multi !== false,
          merge: body.merge !== false,
          upsert: body.upsert === true,
        });
        if (r.upsertId !== undefined && client)
          db.modify(name, { _id: r.upsertId }, { $set: { _openid: openid } }, { multi: false, merge: true, upsert: false });
        return { updated: r.updated, upsert_id: r.upsertId };
      }
      case 'database.removeDocument':
        return { deleted: db.remove(name, writeScope(query), body.multi !== false) };
      default:
        throw new ApiFail('INVALID_ACTION', `action ${action} is not supported by the local environment`);
    }
  }

  // ---- storage -----------------------------------------------------------

  private sign(bucket: string, key: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${bucket}\n${key}\n${expires}`).digest('hex').slice(0, 32);
  }

  private storageBase(bucket: string, internalBase: string | undefined): string {
    return internalBase ? `${internalBase}/storage/${bucket}` : `https://${bucket}.tcb.qcloud.la`;
  }

  private async uploadMetadata(body: Record<string, unknown>, env: Env, internal: boolean): Promise<Record<string, unknown>> {
    const cloudPath = body.path;
    if (typeof cloudPath !== 'string') throw new ApiFail('INVALID_PARAM', 'path is required');
    checkCloudPath(cloudPath);
    const expires = Math.floor(this.clock() / 1000) + 600;
    const authorization = this.sign(env.bucket, cloudPath, expires);
    const base = this.storageBase(env.bucket, internal ? await this.internalBase() : undefined);
    return {
      url: body.method === 'put' ? `${base}/${encodePath(cloudPath)}` : `${base}/`,
      token: String(expires),
      authorization,
      fileId: this.fileIdOf(env.id, cloudPath),
      cosFileId: randomUUID(),
      download_url: `${base}/${encodePath(cloudPath)}`,
    };
  }

  private async downloadUrls(body: Record<string, unknown>, env: Env, internal: boolean): Promise<Record<string, unknown>> {
    const list = Array.isArray(body.file_list) ? (body.file_list as Array<Record<string, unknown>>) : undefined;
    if (!list) throw new ApiFail('INVALID_PARAM', 'file_list is required');
    if (list.length > 50) throw new ApiFail('INVALID_PARAM', 'file_list has more than 50 items');
    const base = internal ? await this.internalBase() : undefined;
    return {
      download_list: list.map((item) => {
        const fileID = String(item?.fileid ?? '');
        const f = this.parseFileId(fileID);
        if (!f) return { fileID, tempFileURL: '', code: 'INVALID_PARAM', message: 'fileid is invalid' };
        if (f.env !== env.id) return { fileID, tempFileURL: '', code: 'PERMISSION_DENIED', message: 'file belongs to another environment' };
        if (!this.store.head(f.bucket, f.path))
          return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST', message: 'storage file not exists' };
        const maxAge = typeof item.max_age === 'number' && item.max_age > 0 ? item.max_age : (this.options.tempUrlMaxAgeSec ?? 86400);
        const t = Math.floor(this.clock() / 1000) + Math.floor(maxAge);
        const url = `${this.storageBase(f.bucket, base)}/${encodePath(f.path)}?sign=${this.sign(f.bucket, f.path, t)}&t=${t}`;
        return { fileID, tempFileURL: url, code: 'SUCCESS' };
      }),
    };
  }

  private deleteFiles(body: Record<string, unknown>, env: Env): Record<string, unknown> {
    const list = Array.isArray(body.fileid_list) ? (body.fileid_list as unknown[]) : undefined;
    if (!list) throw new ApiFail('INVALID_PARAM', 'fileid_list is required');
    if (list.length > 50) throw new ApiFail('INVALID_PARAM', 'fileid_list has more than 50 items');
    return {
      delete_list: list.map((id) => {
        const fileID = String(id);
        const f = this.parseFileId(fileID);
        if (!f || f.env !== env.id) return { fileID, code: 'INVALID_PARAM', message: 'fileid is invalid' };
        if (!this.store.head(f.bucket, f.path)) return { fileID, code: 'STORAGE_FILE_NONEXIST', message: 'storage file not exists' };
        this.store.delete(f.bucket, f.path);
        return { fileID, code: 'SUCCESS' };
      }),
    };
  }

  /** Upload (POST form as the phone sends, PUT as node-sdk sends) and signed downloads. */
  private storage(req: http.IncomingMessage, res: http.ServerResponse, bucket: string, key: string, url: URL, internal: boolean): void {
    const envOf = [...this.envs.values()].find((e) => e.bucket === bucket);
    if (!envOf) {
      req.resume();
      return cosError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist.');
    }
    if (req.method === 'GET' || req.method === 'HEAD') return this.download(req, res, bucket, key, url);
    if (req.method === 'PUT') {
      const auth = String(req.headers.authorization ?? '');
      const expires = Number(req.headers['x-cos-security-token']);
      if (!this.validSign(bucket, key, expires, auth)) {
        req.resume();
        return cosError(res, 403, 'AccessDenied', 'Access Denied.');
      }
      void this.receive(req, res, bucket, key, envOf.id, internal, req);
      return;
    }
    if (req.method === 'POST' && key === '') {
      let bb: busboy.Busboy;
      try {
        bb = busboy({ headers: req.headers, limits: { files: 1, fields: 20, fieldSize: 64 * 1024 } });
      } catch {
        req.resume();
        return cosError(res, 400, 'InvalidArgument', 'Bucket POST must be of the enclosure-type multipart/form-data');
      }
      const fields: Record<string, string> = {};
      let gotFile = false;
      bb.on('field', (n, v) => (fields[n] = v));
      bb.on('file', (_n, stream) => {
        gotFile = true;
        const k = fields.key ?? '';
        if (!this.validSign(bucket, k, Number(fields['x-cos-security-token']), fields.Signature ?? '')) {
          stream.resume();
          return cosError(res, 403, 'AccessDenied', 'Access Denied.');
        }
        void this.receive(stream, res, bucket, k, envOf.id, internal, req, Number(fields.success_action_status) === 201 ? 201 : 204);
      });
      bb.on('close', () => {
        if (!gotFile && !res.headersSent) cosError(res, 400, 'InvalidArgument', 'POST requires exactly one file upload per request.');
      });
      bb.on('error', () => {
        if (!res.headersSent)
          cosError(res, 400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
      });
      req.pipe(bb);
      return;
    }
    req.resume();
    cosError(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }

  private validSign(bucket: string, key: string, expires: number, sig: string): boolean {
    if (!Number.isFinite(expires) || expires * 1000 < this.clock()) return false;
    const want = Buffer.from(this.sign(bucket, key, expires));
    const got = Buffer.from(sig);
    return want.length === got.length && timingSafeEqual(want, got);
  }

  private async receive(
    src: NodeJS.ReadableStream,
    res: http.ServerResponse,
    bucket: string,
    key: string,
    env: string,
    internal: boolean,
    req: http.IncomingMessage,
    okStatus = 200,
  ): Promise<void> {
    const call = this.record({ env, action: 'storage.upload', target: key, source: internal ? 'function' : 'client' });
    try {
      checkCloudPath(key);
      await this.fault('storage.upload', key);
      const rec = await this.store.put(
        bucket,
        key,
        src as never,
        { headers: { 'content-type': contentTypeOf(key) }, storageClass: 'STANDARD' },
        { maxSize: this.options.maxObjectBytes ?? 5 * 1024 ** 3 },
      );
      call.endedAt = this.clock();
      if (res.headersSent) return;
      if (okStatus === 201) {
        const xml = `<PostResponse><Location>https://${bucket}.tcb.qcloud.la/${encodePath(key)}</Location><Bucket>${bucket}</Bucket><Key>${escapeXml(key)}</Key><ETag>${rec.etag}</ETag></PostResponse>`;
        res.writeHead(201, { 'Content-Type': 'application/xml', ETag: rec.etag });
        res.end(xml);
      } else {
        res.writeHead(okStatus, { ETag: rec.etag, 'Content-Length': 0 });
        res.end();
      }
    } catch (err) {
      call.endedAt = this.clock();
      call.code = err instanceof StoreError || err instanceof ApiFail ? err.code : 'InternalError';
      req.resume();
      if (!res.headersSent) {
        if (err instanceof StoreError) cosError(res, err.status, err.code, err.message);
        else cosError(res, err instanceof ApiFail ? 400 : 500, call.code, (err as Error).message);
      }
    }
  }

  private download(req: http.IncomingMessage, res: http.ServerResponse, bucket: string, key: string, url: URL): void {
    req.resume();
    const t = Number(url.searchParams.get('t'));
    const sign = url.searchParams.get('sign') ?? '';
    if (!this.validSign(bucket, key, t, sign)) {
      const expired = Number.isFinite(t) && t * 1000 < this.clock() && sign.length > 0;
      return cosError(res, 403, 'AccessDenied', expired ? 'Request has expired' : 'Access Denied.');
    }
    const rec = this.store.head(bucket, key);
    if (!rec) return cosError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    const headers = {
      'Content-Type': rec.headers['content-type'] ?? 'application/octet-stream',
      'Content-Length': rec.size,
      ETag: rec.etag,
      'Last-Modified': new Date(rec.lastModified).toUTCString(),
    };
    res.writeHead(200, headers);
    if (req.method === 'HEAD' || rec.size === 0) return void res.end();
    const stream = fs.createReadStream(this.store.dataPath(bucket, rec), { start: 0, end: rec.size - 1 });
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}

function deny(): never {
  throw new ApiFail('DATABASE_PERMISSION_DENIED', 'Permission denied');
}

/** Cloud paths as the storage accepts them: no leading `/`, no empty or dot segments, ≤ 850 bytes (UNCONFIRMED bound). */
export function checkCloudPath(p: string): void {
  if (
    !p ||
    p.startsWith('/') ||
    Buffer.byteLength(p) > 850 ||
    p.split('/').some((s) => s === '' || s === '.' || s === '..') ||
    /[\0\r\n]/.test(p)
  )
    throw new ApiFail('INVALID_PARAM', `invalid cloudPath: ${p}`);
}

function encodePath(p: string): string {
  return p
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  mp4: 'video/mp4',
  json: 'application/json',
  txt: 'text/plain',
};
function contentTypeOf(key: string): string {
  return TYPES[key.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

function parseWxContext(header: string | string[] | undefined): Record<string, string> {
  if (typeof header !== 'string') return {};
  try {
    const v = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) if (typeof x === 'string' && /^[A-Z]+$/.test(k)) out[k] = x;
    return out;
  } catch {
    return {};
  }
}

function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_JSON_BODY && !failed) {
        failed = true;
        reject(new Error('request body exceeds 6 MB'));
      }
      if (!failed) chunks.push(c);
    });
    req.on('error', (e) => reject(e));
    req.on('end', () => {
      if (failed) return;
      try {
        const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
        if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('body should be a JSON object');
        resolve(v as Record<string, unknown>);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
  res.end(body);
}

function cosError(res: http.ServerResponse, status: number, code: string, message: string): void {
  const body = Buffer.from(
    `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n<Code>${code}</Code>\n<Message>${escapeXml(message)}</Message>\n<RequestId>${randomUUID()}</RequestId>\n<TraceId>${randomUUID()}</TraceId>\n</Error>`,
  );
  res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': body.length });
  res.end(body);
}

export function createTcbServer(options: TcbServerOptions = {}): TcbServer {
  return new TcbServer(options);
}
