/**
 * The Cloud Development database of one environment: collections of documents
 * queried and updated with MongoDB semantics by `mingo` (decision
 * 014-wx-cloud-database), kept on disk as one EJSON file per collection written
 * atomically (temp file + rename, servers/json-files.ts), so a crash leaves the
 * previous or the next state of a collection, never half of one.
 *
 * The wire format is what `@cloudbase/database` sends (the library under both
 * wx-server-sdk and our wx.cloud client): queries, orders, projections and
 * update documents as canonical EJSON strings with MongoDB `$` operators, plus
 * the CloudBase extension `{ $tcb_server_date: { offset } }` (db.serverDate()).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BSONRegExp, EJSON } from 'bson';
import { find, update as mingoUpdate } from 'mingo';
import { writeJsonAtomic } from '../json-files';

type Doc = Record<string, unknown>;

/** No `$where`/`$function` from the wire (they need Function objects, which JSON cannot carry, but say so). */
const QUERY_OPTIONS = { scriptEnabled: false };

/** A database failure with the code CloudBase reports (`DATABASE_REQUEST_FAILED`, `INVALID_PARAM`…). */
export class DbError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Collection names as the console accepts them (letters, digits, `_`, `-`; 1–32 chars). UNCONFIRMED bounds. */
const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,32}$/;

export interface DatabaseOptions {
  /** Directory of the collection files. */
  dir: string;
  /** Server clock (ms). */
  clock: () => number;
}

export class Database {
  private readonly collections = new Map<string, Doc[]>();

  constructor(private readonly options: DatabaseOptions) {
    fs.mkdirSync(options.dir, { recursive: true });
    for (const name of fs.readdirSync(options.dir)) {
      if (name.startsWith('.')) {
        fs.rmSync(path.join(options.dir, name), { force: true }); // an interrupted write
        continue;
      }
      if (!name.endsWith('.json')) continue;
      const text = fs.readFileSync(path.join(options.dir, name), 'utf8');
      this.collections.set(name.slice(0, -5), EJSON.parse(text, { relaxed: true }) as Doc[]);
    }
  }

  /** Collection names. */
  list(): string[] {
    return [...this.collections.keys()].sort();
  }

  /** True when the collection exists. */
  has(name: string): boolean {
    return this.collections.has(name);
  }

  /** Creates a collection (`DATABASE_COLLECTION_ALREADY_EXIST` when it exists). */
  createCollection(name: string): void {
    checkName(name);
    if (this.collections.has(name)) throw new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`);
    this.collections.set(name, []);
    this.persist(name);
  }

  /** Documents of a collection (copies, EJSON-typed values). */
  dump(name: string): Doc[] {
    return structuredClone(this.require(name));
  }

  /** Replaces a collection's documents (seeding); missing `_id`s are generated. */
  seed(name: string, docs: Doc[]): void {
    checkName(name);
    this.collections.set(
      name,
      docs.map((d) => ({ _id: newId(), ...structuredClone(d) })),
    );
    this.persist(name);
  }

  drop(name: string): void {
    this.collections.delete(name);
    fs.rmSync(this.file(name), { force: true });
  }

  insert(name: string, docs: Doc[]): string[] {
    const coll = this.require(name);
    const ids: string[] = [];
    const added: Doc[] = [];
    for (const d of docs) {
      const doc = this.resolveServerDates(d) as Doc;
      if (doc._id === undefined) doc._id = newId();
      const id = doc._id;
      if (coll.some((c) => sameId(c._id, id)) || added.some((c) => sameId(c._id, id)))
        throw new DbError(
          'DATABASE_REQUEST_FAILED',
          `E11000 duplicate key error collection: ${name} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`,
        );
      added.push(doc);
      ids.push(String(id));
    }
    coll.push(...added);
    this.persist(name);
    return ids;
  }

  find(name: string, query: Doc, opts: { order?: Doc; offset?: number; limit?: number; projection?: Doc } = {}): Doc[] {
    const coll = this.require(name);
    let cursor = find(
      coll,
      toMingo(query) as Doc,
      opts.projection && Object.keys(opts.projection).length ? (toMingo(opts.projection) as Doc) : undefined,
    );
    if (opts.order && Object.keys(opts.order).length) cursor = cursor.sort(toMingo(opts.order) as Record<string, 1 | -1>);
    if (opts.offset) cursor = cursor.skip(opts.offset);
    if (opts.limit !== undefined) cursor = cursor.limit(opts.limit);
    return structuredClone(cursor.all() as Doc[]);
  }

  count(name: string, query: Doc): number {
    return find(this.require(name), toMingo(query) as Doc, undefined, QUERY_OPTIONS).all().length;
  }

  /**
   * Updates matching documents. `merge` true: `data` holds update operators (or plain
   * fields, applied as `$set`); false: `data` replaces the document (set). `upsert`:
   * inserts `query._id` + data when nothing matches.
   */
  modify(
    name: string,
    query: Doc,
    data: Doc,
    opts: { multi: boolean; merge: boolean; upsert: boolean },
  ): { updated: number; upsertId?: string } {
    const coll = this.require(name, opts.upsert);
    const q = toMingo(query) as Doc;
    const matches = find(coll, q, undefined, QUERY_OPTIONS).all() as Doc[];
    const targets = opts.multi ? matches : matches.slice(0, 1);
    const resolved = this.resolveServerDates(data) as Doc;
    // checked before anything is touched (MongoDB refuses the whole update)
    for (const op of ['$inc', '$mul'])
      for (const [field, v] of Object.entries((resolved[op] as Doc | undefined) ?? {}))
        if (typeof v !== 'number')
          throw new DbError(
            'DATABASE_REQUEST_FAILED',
            `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${field}: ${JSON.stringify(v)}}`,
          );
    let updated = 0;
    for (const target of targets) {
      const i = coll.indexOf(target);
      if (opts.merge) {
        const modifier = hasOperator(resolved) ? resolved : { $set: resolved };
        if ('_id' in ((modifier.$set as Doc | undefined) ?? {}))
          throw new DbError('DATABASE_REQUEST_FAILED', "Performing an update on the path '_id' would modify the immutable field '_id'");
        const copy = structuredClone(target);
        const changed = mingoUpdate(copy, toMingo(modifier) as never, undefined, undefined, { queryOptions: QUERY_OPTIONS });
        if (changed.length) {
          coll[i] = copy;
          updated++;
        }
      } else {
        if (hasOperator(resolved)) throw new DbError('DATABASE_REQUEST_FAILED', 'update operator complicit');
        coll[i] = { _id: target._id, ...resolved };
        updated++;
      }
    }
    let upsertId: string | undefined;
    if (!targets.length && opts.upsert) {
      const id = (query as { _id?: unknown })._id ?? newId();
      coll.push({ _id: id, ...(opts.merge && hasOperator(resolved) ? ((resolved.$set as Doc) ?? {}) : resolved) });
      upsertId = String(id);
    }
    if (updated || upsertId !== undefined) this.persist(name);
    return { updated, upsertId };
  }

  remove(name: string, query: Doc, multi: boolean): number {
    const coll = this.require(name);
    const matches = find(coll, toMingo(query) as Doc, undefined, QUERY_OPTIONS).all() as Doc[];
    const gone = new Set(multi ? matches : matches.slice(0, 1));
    if (!gone.size) return 0;
    this.collections.set(
      name,
      coll.filter((d) => !gone.has(d)),
    );
    this.persist(name);
    return gone.size;
  }

  private require(name: string, create = false): Doc[] {
    const coll = this.collections.get(name);
    if (coll) return coll;
    if (create) {
      checkName(name);
      const fresh: Doc[] = [];
      this.collections.set(name, fresh);
      return fresh;
    }
    throw new DbError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${name}`);
  }

  private file(name: string): string {
    return path.join(this.options.dir, `${name}.json`);
  }

  private persist(name: string): void {
    writeJsonAtomic(this.file(name), JSON.parse(EJSON.stringify(this.collections.get(name) ?? [], { relaxed: false })));
  }

  /** `{ $tcb_server_date: { offset } }` → the server's Date (+offset ms). */
  private resolveServerDates(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolveServerDates(v));
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const rec = value as Doc;
      if ('$tcb_server_date' in rec) {
        const offset = Number(((rec.$tcb_server_date as Doc | undefined)?.offset as number | undefined) ?? 0);
        return new Date(this.options.clock() + (Number.isFinite(offset) ? offset : 0));
      }
      const out: Doc = {};
      for (const [k, v] of Object.entries(rec)) out[k] = this.resolveServerDates(v);
      return out;
    }
    return value;
  }
}

function checkName(name: string): void {
  if (!COLLECTION_NAME.test(name)) throw new DbError('INVALID_PARAM', `invalid collection name: ${name}`);
}

/** Document ids as CloudBase makes them: 32 hex characters (UNCONFIRMED shape; the cloud's are 32 hex too). */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

function sameId(a: unknown, b: unknown): boolean {
  return a === b || String(a) === String(b);
}

function hasOperator(data: Doc): boolean {
  return Object.keys(data).some((k) => k.startsWith('$'));
}

/** BSON wrapper types mingo does not know → plain JS (numbers already are with relaxed EJSON). */
function toMingo(value: unknown): unknown {
  if (value instanceof BSONRegExp) return new RegExp(value.pattern, value.options.replace(/[^gimsuy]/g, ''));
  if (Array.isArray(value)) return value.map(toMingo);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Doc = {};
    for (const [k, v] of Object.entries(value)) out[k] = toMingo(v);
    return out;
  }
  return value;
}

/** Parses one EJSON string of the wire (relaxed: numbers become JS numbers, dates Dates). */
export function parseEjson(text: unknown, what: string): Doc {
  if (text === undefined || text === null || text === '') return {};
  if (typeof text !== 'string') throw new DbError('INVALID_PARAM', `${what} should be an EJSON string`);
  let v: unknown;
  try {
    v = EJSON.parse(text, { relaxed: true });
  } catch {
    throw new DbError('INVALID_PARAM', `${what} is not valid EJSON`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new DbError('INVALID_PARAM', `${what} should be an object`);
  return v as Doc;
}

/** A document as the wire returns it (one canonical EJSON string). */
export function docToEjson(doc: Doc): string {
  return EJSON.stringify(doc, { relaxed: false });
}
