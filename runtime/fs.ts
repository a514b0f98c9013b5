/**
 * `wx.getFileSystemManager()` and the legacy file APIs on `wx` (saveFile,
 * getSavedFileList, getSavedFileInfo, removeSavedFile, getFileInfo), over the
 * Device's SandboxFiles (wx-api-semantics §4).
 *
 * - One manager object per `wx`. Its async methods are never promisified (research §6)
 *   and its `*Sync` methods return values or throw an Error whose message is the
 *   errMsg (`readFileSync:fail no such file or directory wxfile://usr/a`) with `errno`.
 *   Error vs plain object for sync throws is UNCONFIRMED; we throw the realm's Error.
 * - Every failure is `<api>:fail <message>` with the documented errno (FsError).
 * - Unknown encodings fail as a parameter error (`unknown encoding: x`, errno 1001) —
 *   the client's text is UNCONFIRMED.
 * - `stat`: Stats objects are plain mutable objects (cos-wx-sdk-v5 adds `FilePath` to
 *   them) whose prototype carries isFile()/isDirectory(); times are seconds; the
 *   recursive form is the current typings' array of `{path, stats}`.
 */
import { FsError } from '../simulator/fs-error';
import type { FileStatInfo } from '../simulator/files';
import {
  ApiError,
  PARAM_ERRNO,
  defineAsync,
  defineSync,
  paramErrorReason,
  validateOptions,
  type ParamRules,
  type WxType,
} from './convention';
import type { RuntimeHost } from './host';
import { bytesOf, isArrayBuffer, isPlainObject, toRealmArrayBuffer } from './realm';

/** Text encodings every FS API accepts (Node Buffer names, research §4.2). */
export const FS_ENCODINGS = [
  'ascii',
  'base64',
  'binary',
  'hex',
  'ucs2',
  'ucs-2',
  'utf16le',
  'utf-16le',
  'utf-8',
  'utf8',
  'latin1',
] as const;

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

type Options = Record<string, unknown>;
type Payload = Record<string, unknown>;

const encodingRule = {
  type: 'String' as const,
  check: (e: string) => ((FS_ENCODINGS as readonly string[]).includes(e) ? undefined : `unknown encoding: ${e}`),
};
const str = (required = true) => ({ type: 'String' as const, required });
const num = (required = false) => ({ type: 'Number' as const, required });
const bool = { type: 'Boolean' as const };

/** Turns anything the simulator threw into the client's fail (errno attached). */
function asApiError(err: unknown): never {
  if (err instanceof FsError) throw new ApiError(err.message, { errno: err.errno });
  if (err instanceof ApiError) throw err;
  // Nothing unexpected may escape as a crash: report it as the client's system error.
  throw new ApiError(`system error ${err instanceof Error ? err.message : String(err)}`.trim(), { errno: 1300201 });
}

/**
 * The async forms do their work after the calling code has run to its end (as the
 * client's native file thread does), not inside the call: code that reads a file
 * right after an async writeFile without waiting for its callback fails here as
 * on a phone. Calls still run in the order they were made.
 */
function fileQueue(): <T>(fn: () => T | Promise<T>) => Promise<T> {
  // One queue per phone: an op that takes a while off-thread (getFileInfo of a large
  // file) holds back the async calls made after it, as the client's file thread would.
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => T | Promise<T>): Promise<T> => {
    const p = tail.then(async () => {
      try {
        return await fn();
      } catch (err) {
        asApiError(err);
      }
    });
    tail = p.catch(() => undefined);
    return p;
  };
}

function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    asApiError(err);
  }
}

/** `data` of writeFile/appendFile/write: String, ArrayBuffer or a typed array view. */
function checkData(value: unknown): string | ArrayBuffer | ArrayBufferView {
  if (typeof value === 'string' || isArrayBuffer(value) || ArrayBuffer.isView(value))
    return value as string | ArrayBuffer | ArrayBufferView;
  throw new ApiError(paramErrorReason('data', ['String', 'ArrayBuffer'] as WxType[], value), { errno: PARAM_ERRNO });
}

/** Bytes of string data in an encoding (utf8 default); a `data:` URI in base64 is the documented error. */
function encode(data: string | ArrayBuffer | ArrayBufferView, encoding: string | undefined): Buffer {
  if (typeof data !== 'string') return bytesOf(data);
  const enc = (encoding ?? 'utf8') as BufferEncoding;
  if (enc === 'base64' && !/^[A-Za-z0-9+/=\s]*$/.test(data)) throw FsError.base64();
  return Buffer.from(data, enc);
}

export function installFs(host: RuntimeHost, wx: Record<string, unknown>): void {
  const later = fileQueue();
  const files = host.device.files;
  host.device.onDispose(() => files.closeAll());

  const statsProto = new host.realm.Object() as Record<string, unknown>;
  Object.defineProperties(statsProto, {
    isFile: {
      value: function isFile(this: { mode: number }) {
        return (this.mode & S_IFMT) === S_IFREG;
      },
    },
    isDirectory: {
      value: function isDirectory(this: { mode: number }) {
        return (this.mode & S_IFMT) === S_IFDIR;
      },
    },
  });
  const toStats = (i: FileStatInfo) => {
    const s = host.realm.Object.create(statsProto) as Record<string, unknown>;
    s.mode = i.mode;
    s.size = i.size;
    s.lastAccessedTime = i.lastAccessedTime;
    s.lastModifiedTime = i.lastModifiedTime;
    return s;
  };
  const realmArray = <T>(items: T[]): T[] => host.realm.Array.from(items) as T[];
  const output = (bytes: Buffer, encoding: unknown): string | ArrayBuffer =>
    typeof encoding === 'string' ? bytes.toString(encoding as BufferEncoding) : toRealmArrayBuffer(host.realm, bytes);
  /** readFile without an encoding reads straight into an ArrayBuffer of the user's realm (no copy). */
  const readOutput = (
    filePath: unknown,
    position: number | undefined,
    length: number | undefined,
    encoding: unknown,
  ): string | ArrayBuffer => {
    if (typeof encoding === 'string') return output(files.readFile(filePath, position, length), encoding);
    const view = files.readFile(filePath, position, length, (n) => new host.realm.Uint8Array(new host.realm.ArrayBuffer(n)));
    return view.byteLength === view.buffer.byteLength ? (view.buffer as ArrayBuffer) : toRealmArrayBuffer(host.realm, view);
  };

  /**
   * One manager method: `args` is the positional order of its Sync form (or
   * 'object' when the Sync form takes the options object, or null when there is none).
   */
  interface Op {
    params: ParamRules;
    args: string[] | 'object' | null;
    run: (o: Options) => Payload;
    /** What the Sync form returns, from the success payload. */
    syncResult?: (p: Payload) => unknown;
  }

  const ops: Record<string, Op> = {
    access: {
      params: { path: str() },
      args: ['path'],
      run: (o) => (files.access(o.path), {}),
    },
    appendFile: {
      params: { filePath: str(), encoding: encodingRule },
      args: ['filePath', 'data', 'encoding'],
      run: (o) => (files.writeFile(o.filePath, encode(checkData(o.data), o.encoding as string | undefined), true), {}),
    },
    writeFile: {
      params: { filePath: str(), encoding: encodingRule },
      args: ['filePath', 'data', 'encoding'],
      run: (o) => (files.writeFile(o.filePath, encode(checkData(o.data), o.encoding as string | undefined)), {}),
    },
    copyFile: {
      params: { srcPath: str(), destPath: str() },
      args: ['srcPath', 'destPath'],
      run: (o) => (files.copyFile(o.srcPath, o.destPath), {}),
    },
    getSavedFileList: {
      params: {},
      args: null,
      run: () => ({ fileList: realmArray(files.savedFileList()) }),
    },
    removeSavedFile: {
      params: { filePath: str() },
      args: null,
      run: (o) => (files.removeSavedFile(o.filePath), {}),
    },
    saveFile: {
      params: { tempFilePath: str(), filePath: str(false) },
      args: ['tempFilePath', 'filePath'],
      run: (o) => ({ savedFilePath: files.saveFile(o.tempFilePath, o.filePath) }),
      syncResult: (p) => p.savedFilePath,
    },
    mkdir: {
      params: { dirPath: str(), recursive: bool },
      args: ['dirPath', 'recursive'],
      run: (o) => (files.mkdir(o.dirPath, o.recursive === true), {}),
    },
    rmdir: {
      params: { dirPath: str(), recursive: bool },
      args: ['dirPath', 'recursive'],
      run: (o) => (files.rmdir(o.dirPath, o.recursive === true), {}),
    },
    readdir: {
      params: { dirPath: str() },
      args: ['dirPath'],
      run: (o) => ({ files: realmArray(files.readdir(o.dirPath)) }),
      syncResult: (p) => p.files,
    },
    readFile: {
      params: { filePath: str(), encoding: encodingRule, position: num(), length: num() },
      args: ['filePath', 'encoding', 'position', 'length'],
      run: (o) => ({
        data: readOutput(o.filePath, o.position as number | undefined, o.length as number | undefined, o.encoding),
      }),
      syncResult: (p) => p.data,
    },
    rename: {
      params: { oldPath: str(), newPath: str() },
      args: ['oldPath', 'newPath'],
      run: (o) => (files.rename(o.oldPath, o.newPath), {}),
    },
    stat: {
      params: { path: str(), recursive: bool },
      args: ['path', 'recursive'],
      run: (o) => {
        const r = files.stat(o.path, o.recursive === true);
        const stats = Array.isArray(r) ? realmArray(r.map((e) => ({ path: e.path, stats: toStats(e.stats) }))) : toStats(r);
        return { stats };
      },
      syncResult: (p) => p.stats,
    },
    truncate: {
      params: { filePath: str(), length: num() },
      args: 'object',
      run: (o) => (files.truncate(o.filePath, (o.length as number | undefined) ?? 0), {}),
    },
    unlink: {
      params: { filePath: str() },
      args: ['filePath'],
      run: (o) => (files.unlink(o.filePath), {}),
    },
    open: {
      params: { filePath: str(), flag: str(false) },
      args: 'object',
      run: (o) => ({ fd: files.open(o.filePath, (o.flag as string | undefined) ?? 'r') }),
      syncResult: (p) => p.fd,
    },
    close: {
      params: { fd: str() },
      args: 'object',
      run: (o) => (files.close(o.fd as string), {}),
    },
    fstat: {
      params: { fd: str() },
      args: 'object',
      run: (o) => ({ stats: toStats(files.fstat(o.fd as string)) }),
      syncResult: (p) => p.stats,
    },
    ftruncate: {
      // `length` is required in the async form (research §4.2); the Sync form too here.
      params: { fd: str(), length: num(true) },
      args: 'object',
      run: (o) => (files.ftruncate(o.fd as string, o.length as number), {}),
    },
    read: {
      params: { fd: str(), arrayBuffer: { type: 'ArrayBuffer', required: true }, offset: num(), length: num() },
      args: 'object',
      run: (o) => {
        const ab = o.arrayBuffer as ArrayBuffer;
        const position = typeof o.position === 'number' ? o.position : null;
        const bytesRead = files.read(
          o.fd as string,
          Buffer.from(ab),
          (o.offset as number | undefined) ?? 0,
          (o.length as number | undefined) ?? 0,
          position,
        );
        return { bytesRead, arrayBuffer: ab };
      },
      syncResult: (p) => ({ bytesRead: p.bytesRead, arrayBuffer: p.arrayBuffer }),
    },
    write: {
      params: { fd: str(), offset: num(), length: num(), encoding: encodingRule },
      args: 'object',
      run: (o) => {
        const data = checkData(o.data);
        let bytes: Buffer;
        if (typeof data === 'string') bytes = encode(data, o.encoding as string | undefined);
        else {
          // offset/length apply to binary data only.
          const all = bytesOf(data);
          const offset = (o.offset as number | undefined) ?? 0;
          if (!Number.isInteger(offset) || offset < 0 || offset > all.length) throw FsError.offsetRange();
          const length = (o.length as number | undefined) ?? all.length - offset;
          if (!Number.isInteger(length) || length < 0 || offset + length > all.length) throw FsError.lengthRange();
          bytes = all.subarray(offset, offset + length);
        }
        const position = typeof o.position === 'number' ? o.position : null;
        return { bytesWritten: files.write(o.fd as string, bytes, position) };
      },
      syncResult: (p) => ({ bytesWritten: p.bytesWritten }),
    },
    readCompressedFile: {
      params: {
        filePath: str(),
        compressionAlgorithm: {
          type: 'String',
          required: true,
          // Only brotli exists (research §4.2); the client's text for others is UNCONFIRMED.
          check: (a: string) =>
            a === 'br' ? undefined : `parameter error: parameter.compressionAlgorithm should be "br" instead of "${a}";`,
        },
      },
      args: 'object',
      run: (o) => ({ data: toRealmArrayBuffer(host.realm, files.readCompressedFile(o.filePath)) }),
      syncResult: (p) => p.data,
    },
    unzip: {
      params: { zipFilePath: str(), targetPath: str() },
      args: null,
      run: (o) => (files.unzip(o.zipFilePath, o.targetPath), {}),
    },
    readZipEntry: {
      params: { filePath: str(), encoding: encodingRule },
      args: null,
      run: (o) => {
        const entries = checkZipEntries(o.entries);
        const results = files.readZipEntries(o.filePath, entries);
        const out = new host.realm.Object() as Record<string, unknown>;
        for (const [p, res] of results) {
          const enc = entries === 'all' ? o.encoding : entries.find((e) => e.path === p)?.encoding;
          out[p] =
            'data' in res
              ? { data: output(res.data, enc), errMsg: 'readZipEntry:ok' }
              : { errMsg: `readZipEntry:fail ${res.error.message}`, errno: res.error.errno };
        }
        return { entries: out };
      },
    },
  };

  const manager: Record<string, unknown> = {};
  for (const [name, op] of Object.entries(ops)) {
    const run = (o: Options) => guarded(() => op.run(o));
    manager[name] = defineAsync(host, name, { params: op.params, promise: false }, (o: Options) => later(() => op.run(o)));
    if (op.args === null) continue;
    const syncName = `${name}Sync`;
    const result = (p: Payload) => (op.syncResult ? op.syncResult(p) : undefined);
    if (op.args === 'object') {
      manager[syncName] = defineSync(host, syncName, [{ name: 'option', type: 'Object', required: true }], (o: Options) => {
        const bad = validateOptions(o, op.params);
        if (bad) throw new ApiError(bad, { errno: PARAM_ERRNO });
        return result(run(o));
      });
    } else {
      const names = op.args;
      // Positional params validated by the same rules (data is checked in run()).
      const positional = names.filter((n) => n in op.params).map((n) => ({ name: n, ...op.params[n] }));
      manager[syncName] = defineSync(host, syncName, [], (...args: unknown[]) => {
        const o: Options = {};
        names.forEach((n, i) => {
          if (args[i] !== undefined) o[n] = args[i];
        });
        for (const p of positional) {
          const bad = validateOptions(o, { [p.name]: p });
          if (bad) throw new ApiError(bad, { errno: PARAM_ERRNO });
        }
        return result(run(o));
      });
    }
  }

  // getFileInfo has no Sync form; its digest is computed off the JS thread (files.fileInfoAsync).
  const fileInfoParams: ParamRules = { filePath: str(), digestAlgorithm: digestRule() };
  const getFileInfo = (o: Options) => later(() => files.fileInfoAsync(o.filePath, (o.digestAlgorithm as 'md5' | undefined) ?? 'md5'));
  manager.getFileInfo = defineAsync(host, 'getFileInfo', { params: fileInfoParams, promise: false }, getFileInfo);

  wx.getFileSystemManager = defineSync(host, 'getFileSystemManager', [], () => manager);

  // Legacy APIs on wx (research §4.4): promisifiable, errMsg under their own names.
  wx.saveFile = defineAsync(host, 'saveFile', { params: ops.saveFile.params }, (o) => later(() => ops.saveFile.run(o)));
  wx.getSavedFileList = defineAsync(host, 'getSavedFileList', {}, () => later(() => ops.getSavedFileList.run({})));
  wx.getSavedFileInfo = defineAsync(host, 'getSavedFileInfo', { params: { filePath: str() } }, (o) =>
    later(() => files.savedFileInfo(o.filePath)),
  );
  wx.removeSavedFile = defineAsync(host, 'removeSavedFile', { params: ops.removeSavedFile.params }, (o) =>
    later(() => ops.removeSavedFile.run(o)),
  );
  wx.getFileInfo = defineAsync(host, 'getFileInfo', { params: fileInfoParams }, getFileInfo);
}

function digestRule() {
  return {
    type: 'String' as const,
    check: (a: string) =>
      a === 'md5' || a === 'sha1' || a === 'sha256'
        ? undefined
        : `parameter error: parameter.digestAlgorithm should be "md5" or "sha1" or "sha256" instead of "${a}";`,
  };
}

/** `entries` of readZipEntry: 'all' or an array of {path: String, encoding?, position?, length?}. */
function checkZipEntries(v: unknown): 'all' | Array<{ path: string; encoding?: string; position?: number; length?: number }> {
  if (v === 'all') return 'all';
  const bad = () => new ApiError('parameter error: parameter.entries should be Array of {path: String} or "all";', { errno: PARAM_ERRNO });
  if (!Array.isArray(v)) throw bad();
  for (const e of v) {
    if (!isPlainObject(e) || typeof e.path !== 'string') throw bad();
    if (e.encoding !== undefined && !(FS_ENCODINGS as readonly unknown[]).includes(e.encoding)) throw bad();
    if (e.position !== undefined && typeof e.position !== 'number') throw bad();
    if (e.length !== undefined && typeof e.length !== 'number') throw bad();
  }
  return v as Array<{ path: string; encoding?: string; position?: number; length?: number }>;
}
