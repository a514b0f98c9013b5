/**
 * `wx.cloud.database()` on the phone. Queries, commands (`db.command`),
 * `serverDate`, `RegExp` and `Geo` are built and serialised by
 * `@cloudbase/database` — the library under wx-server-sdk, so a query means the
 * same thing on both sides — with a request class that sends through the phone's
 * network (client.ts). This file adds the client's surface: options objects
 * (`add({ data })`, `update({ data })`), success/fail/complete or a promise,
 * `collection.get:ok`-style errMsg, `stats`, `_id`, and the client's 20-document
 * limit per get.
 */
import { Db } from '@cloudbase/database';
import { ApiError, defineAsync } from '../convention';
import type { RuntimeHost } from '../host';
import { callAction, cloudApiError, CloudFail, requireInit, type CloudState } from './client';

/** The client returns at most 20 documents per get (the server SDK 1000). */
const CLIENT_MAX_LIMIT = 20;

interface DbConfig {
  env?: string;
  __mpsim: { host: RuntimeHost; state: CloudState };
}

/** Db.reqClass: every query of a client Db goes through the phone's network. */
class PhoneRequest {
  constructor(private readonly config: DbConfig) {}
  async send(action: string, data: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { host, state } = this.config.__mpsim;
    requireInit(state);
    try {
      const { data: out, requestId } = await callAction(host, this.config.env, { ...data, action });
      return { data: out, requestId };
    } catch (err) {
      if (err instanceof CloudFail) return { code: err.code, message: err.message };
      throw err;
    }
  }
}

type AnyObj = Record<string, unknown>;
interface LibQuery {
  get(): Promise<AnyObj>;
  count(): Promise<AnyObj>;
  update(data: unknown): Promise<AnyObj>;
  remove(): Promise<AnyObj>;
  where(q: unknown): LibQuery;
  orderBy(f: string, d: string): LibQuery;
  limit(n: number): LibQuery;
  skip(n: number): LibQuery;
  field(p: unknown): LibQuery;
  _apiOptions: { limit?: number };
}
interface LibCollection extends LibQuery {
  add(data: unknown): Promise<AnyObj>;
  doc(id: string | number): LibDoc;
}
interface LibDoc {
  get(): Promise<AnyObj>;
  set(data: unknown): Promise<AnyObj>;
  update(data: unknown): Promise<AnyObj>;
  remove(): Promise<AnyObj>;
  field(p: unknown): LibDoc;
  id: string | number;
}

/** Turns the library's `{ code, message }` answer into the API's fail. */
function check(res: AnyObj): AnyObj {
  if (typeof res.code === 'string' && res.code) throw cloudApiError(new CloudFail(res.code, String(res.message ?? res.code)));
  return res;
}

function wrapErrors<T>(fn: () => Promise<T>): Promise<T> {
  return fn().catch((err: unknown) => {
    if (err instanceof ApiError) throw err;
    throw cloudApiError(err);
  });
}

/**
 * Runs a library call that constructs query/document objects (they take `Db.reqClass` when
 * constructed) with our request class in place, then puts back whatever was there: a
 * wx-server-sdk loaded in the same process sets the same static to its own class.
 */
function lib<T>(fn: () => T): T {
  const holder = Db as unknown as { reqClass: unknown };
  const prev = holder.reqClass;
  holder.reqClass = PhoneRequest;
  try {
    return fn();
  } finally {
    holder.reqClass = prev;
  }
}

export function createDatabase(host: RuntimeHost, state: CloudState, env: string | undefined): AnyObj {
  const config: DbConfig = { env, __mpsim: { host, state } };
  const db = lib(() => new Db(config as never)) as unknown as {
    collection(n: string): LibCollection;
    command: unknown;
    serverDate: unknown;
    Geo: unknown;
    RegExp: unknown;
  };

  const dataParam = { data: { type: 'Object' as const, required: true } };

  const query = (q: LibQuery, api: 'collection' | 'query'): AnyObj => {
    const self: AnyObj = {
      where: (cond: unknown) =>
        query(
          lib(() => q.where(cond)),
          'query',
        ),
      orderBy: (f: string, d: string) =>
        query(
          lib(() => q.orderBy(f, d)),
          'query',
        ),
      limit: (n: number) =>
        query(
          lib(() => q.limit(n)),
          'query',
        ),
      skip: (n: number) =>
        query(
          lib(() => q.skip(n)),
          'query',
        ),
      field: (p: unknown) =>
        query(
          lib(() => q.field(p)),
          'query',
        ),
      get: defineAsync(host, 'collection.get', {}, () =>
        wrapErrors(async () => {
          const limit = Math.min(q._apiOptions.limit ?? CLIENT_MAX_LIMIT, CLIENT_MAX_LIMIT);
          const r = check(await lib(() => q.limit(limit)).get());
          return { data: r.data as unknown[] };
        }),
      ),
      count: defineAsync(host, 'collection.count', {}, () => wrapErrors(async () => ({ total: check(await q.count()).total }))),
      update: defineAsync(host, 'collection.update', { params: dataParam }, (o) =>
        wrapErrors(async () => ({ stats: { updated: check(await q.update(o.data)).updated } })),
      ),
      remove: defineAsync(host, 'collection.remove', {}, () =>
        wrapErrors(async () => ({ stats: { removed: check(await q.remove()).deleted } })),
      ),
    };
    void api;
    return self;
  };

  const doc = (d: LibDoc): AnyObj => ({
    field: (p: unknown) => doc(lib(() => d.field(p))),
    get: defineAsync(host, 'document.get', {}, () =>
      wrapErrors(async () => {
        const r = check(await d.get());
        const list = r.data as unknown[];
        // The client's text repeats its prefix (`document.get:fail document.get:fail cannot find…`).
        if (!list.length)
          throw new ApiError(
            `document.get:fail cannot find document with _id ${String(d.id)}, please make sure that the document exists and you have the corresponding Read permission`,
            { errCode: -1 },
          );
        return { data: list[0] };
      }),
    ),
    set: defineAsync(host, 'document.set', { params: dataParam }, (o) =>
      wrapErrors(async () => {
        const r = check(await d.set(o.data));
        return { _id: d.id, stats: { updated: r.updated ?? 0, created: r.upsertedId !== undefined ? 1 : 0 } };
      }),
    ),
    update: defineAsync(host, 'document.update', { params: dataParam }, (o) =>
      wrapErrors(async () => ({ stats: { updated: check(await d.update(o.data)).updated } })),
    ),
    remove: defineAsync(host, 'document.remove', {}, () =>
      wrapErrors(async () => ({ stats: { removed: check(await d.remove()).deleted } })),
    ),
  });

  return {
    command: db.command,
    serverDate: db.serverDate,
    Geo: db.Geo,
    RegExp: db.RegExp,
    collection: (name: unknown) => {
      if (typeof name !== 'string' || !name) throw new host.realm.Error('collection name should be a non-empty string');
      const c = lib(() => db.collection(name));
      return {
        ...query(c, 'collection'),
        doc: (id: unknown) => {
          if (typeof id !== 'string' && typeof id !== 'number') throw new host.realm.Error('docId must be a string or number');
          return doc(lib(() => c.doc(id)));
        },
        add: defineAsync(host, 'collection.add', { params: dataParam }, (o) =>
          wrapErrors(async () => {
            const r = check(await c.add(o.data));
            return { _id: r.id };
          }),
        ),
      };
    },
  };
}
