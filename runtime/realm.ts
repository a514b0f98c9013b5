/**
 * The JavaScript realm that mini-program code runs in.
 *
 * Under `mpsim run` that is Node's main realm. Under jest every test file runs
 * in its own `vm` context while our environment class lives outside it, so a
 * `new ArrayBuffer()` made by the runtime would fail `instanceof ArrayBuffer`
 * inside the test (cos-wx-sdk-v5 checks exactly that). Every value the runtime
 * hands to user code that user code may test with `instanceof` is therefore
 * built with the constructors of the realm the globals were installed into.
 */
export interface Realm {
  ArrayBuffer: ArrayBufferConstructor;
  Uint8Array: Uint8ArrayConstructor;
  Promise: PromiseConstructor;
  Error: ErrorConstructor;
  Array: ArrayConstructor;
  Object: ObjectConstructor;
  Date: DateConstructor;
  JSON: JSON;
}

export function realmOf(global: Record<string, unknown>): Realm {
  const pick = <K extends keyof Realm>(name: K): Realm[K] =>
    (global[name] as Realm[K] | undefined) ?? (globalThis as unknown as Realm)[name];
  return {
    ArrayBuffer: pick('ArrayBuffer'),
    Uint8Array: pick('Uint8Array'),
    Promise: pick('Promise'),
    Error: pick('Error'),
    Array: pick('Array'),
    Object: pick('Object'),
    Date: pick('Date'),
    JSON: pick('JSON'),
  };
}

export const mainRealm: Realm = realmOf(globalThis as unknown as Record<string, unknown>);

/** Copies bytes into a fresh ArrayBuffer of the given realm (never shares Node's Buffer pool). */
export function toRealmArrayBuffer(realm: Realm, bytes: Uint8Array): ArrayBuffer {
  const ab = new realm.ArrayBuffer(bytes.byteLength);
  new realm.Uint8Array(ab).set(bytes);
  return ab;
}

/** Cross-realm test for ArrayBuffer (instanceof would fail across vm contexts). */
export function isArrayBuffer(v: unknown): v is ArrayBuffer {
  return tagOf(v) === 'ArrayBuffer';
}

/**
 * `Object.prototype.toString` tag, or `Object` when reading it throws: a Proxy
 * whose traps throw (or a revoked one) must end in a parameter error, not an
 * exception out of the runtime.
 */
function tagOf(v: unknown): string {
  try {
    return Object.prototype.toString.call(v).slice(8, -1);
  } catch {
    return 'Object';
  }
}

/** Bytes of a user-supplied ArrayBuffer or typed array view, without copying. */
export function bytesOf(v: ArrayBuffer | ArrayBufferView): Buffer {
  try {
    if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    return Buffer.from(v);
  } catch {
    // a detached (transferred) buffer: byteLength 0, so no bytes — not the engine's TypeError
    return Buffer.alloc(0);
  }
}

/**
 * The type name WeChat prints in parameter errors: `String`, `Number`,
 * `Boolean`, `Object`, `Array`, `Function`, `ArrayBuffer`, `Undefined`, `Null`.
 */
export function wxTypeName(v: unknown): string {
  if (v === null) return 'Null';
  if (v === undefined) return 'Undefined';
  const tag = tagOf(v);
  // Typed arrays, Map, Date, RegExp... keep their own tag; plain objects and class
  // instances are "Object" as in the client.
  return tag;
}

/** A plain object from any realm (not an array, not a Map, not a class instance with another tag). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  try {
    if (Object.prototype.toString.call(v) !== '[object Object]') return false;
    const proto = Object.getPrototypeOf(v);
    return proto === null || Object.getPrototypeOf(proto) === null;
  } catch {
    return false; // a Proxy whose traps throw is not an options object we can read
  }
}
