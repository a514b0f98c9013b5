/**
 * `mpsim.cloud`: the control surface of the local Cloud Development environment —
 * where functions live, the simulated user, seeding and exporting data and
 * files, the call log, faults per function or operation.
 */
import type { Device } from '../../device';
import { cloudUserOf, setCloudUser, type CloudUser } from '../../cloud-identity';
import type { CollectionPermission, TcbCall, TcbFault, TcbServer } from './index';

export interface CloudControl {
  /** The environment used when wx.cloud.init names none. */
  readonly defaultEnv: string;
  /** Functions of `env` (default: every environment) live in `dir` (`<project>/cloudfunctions`). */
  setFunctionsDir(dir: string, env?: string): void;
  /** The simulated user (OPENID, APPID, UNIONID) the phone's calls carry. */
  user(): CloudUser;
  setUser(user: Partial<CloudUser>): void;
  /** Replaces collections' documents (creating them). */
  seed(data: Record<string, Array<Record<string, unknown>>>, env?: string): void;
  /** Stores files (`cloudPath` → bytes); resolves to their fileIDs. */
  seedFiles(files: Record<string, Uint8Array | string>, env?: string): Promise<Record<string, string>>;
  /** Every collection's documents (Dates as Date). */
  exportData(env?: string): Record<string, Array<Record<string, unknown>>>;
  /** Stored fileIDs. */
  files(env?: string): string[];
  /** The bytes of a stored file (undefined when missing). */
  readFile(fileID: string): Buffer | undefined;
  /** Collection permission for phone requests (default `creator`). */
  setPermission(collection: string, permission: CollectionPermission, env?: string): void;
  /** Calls so far (functions, database, storage), oldest first. */
  readonly calls: readonly TcbCall[];
  /** Adds a fault (`{ action: 'functions.invokeFunction', target: 'addPhoto', code: 'FUNCTIONS_EXECUTE_FAIL' }`); returns its remover. */
  fault(f: TcbFault): () => void;
  /** Clears faults and the call log. */
  reset(): void;
}

export function createCloudControl(device: Device): CloudControl {
  const server = (): TcbServer => {
    const s = device.network.attachedCloud?.servers.tcb as TcbServer | undefined;
    if (!s) throw new Error('mpsim.cloud: the simulator has no cloud with a Cloud Development environment');
    return s;
  };
  return {
    get defaultEnv() {
      return server().defaultEnv;
    },
    setFunctionsDir: (dir, env = '*') => server().functions.setRoot(env, dir),
    user: () => cloudUserOf(device),
    setUser: (user) => setCloudUser(device, user),
    seed: (data, env) => {
      const e = server().env(env);
      for (const [name, docs] of Object.entries(data)) e.db.seed(name, docs);
    },
    seedFiles: async (files, env) => {
      const s = server();
      const out: Record<string, string> = {};
      for (const [p, bytes] of Object.entries(files)) out[p] = await s.putFile(env ?? s.defaultEnv, p, bytes);
      return out;
    },
    exportData: (env) => {
      const db = server().env(env).db;
      return Object.fromEntries(db.list().map((n) => [n, db.dump(n)]));
    },
    files: (env) => server().listFiles(env),
    readFile: (fileID) => server().readFile(fileID),
    setPermission: (collection, permission, env) => {
      const s = server();
      s.setPermission(env ?? s.defaultEnv, collection, permission);
    },
    get calls() {
      return server().calls;
    },
    fault: (f) => {
      const list = server().faults;
      const copy = { ...f };
      list.push(copy);
      return () => {
        const i = list.indexOf(copy);
        if (i >= 0) list.splice(i, 1);
      };
    },
    reset: () => {
      const s = server();
      s.faults.length = 0;
      s.calls.length = 0;
    },
  };
}
