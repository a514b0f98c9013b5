/**
 * Property-based layer (fast-check) over every asynchronous `wx` API's parameters:
 * random options — odd types, BigInt, NaN, ±Infinity, holes, huge lengths, class
 * instances, Object.create(defaults), throwing getters, Proxies — and the calling
 * convention's invariants on every call:
 *
 *   - callbacks: exactly one of success/fail, then complete, once, with the same object;
 *   - errMsg `<api>:ok` or `<api>:fail <reason>` on one line, no JavaScript-engine text;
 *   - no callbacks (promisifiable API): a promise settling with the same forms;
 *   - nothing thrown synchronously, nothing escaping to the process, no crash.
 *
 * Bounded (a fixed number of runs, each call bounded in time) and reproducible: the seed
 * is printed; a fixed default, override with MPSIM_FC_SEED=<n> (and MPSIM_FC_RUNS=<n>).
 */
import fc from 'fast-check';
import { WX_METHODS } from '../../runtime/wx-catalog';
import { bounded, describeEscapes, watchEscapes } from '../helpers/reliability';

declare const wx: any;
declare const mpsim: any;

const SEED = Number(process.env.MPSIM_FC_SEED ?? 20261304);
const RUNS = Number(process.env.MPSIM_FC_RUNS ?? 6);
const escaped = watchEscapes();
jest.setTimeout(120000);

const ENGINE =
  /Cannot read propert|is not a function|is not iterable|Converting circular|Do not know how to serialize|detached ArrayBuffer|Invalid array length|Maximum call stack|is not defined|Cannot convert|undefined \(reading/;

// wx APIs that take an options object: the typings' asynchronous ones (runtime/wx-catalog.ts,
// generated from miniprogram-api-typings), plus any async convention API not in the typings.
const APIS = Object.keys(wx)
  .filter((k) => typeof wx[k] === 'function')
  .filter((k) => (WX_METHODS as Record<string, { style: string } | undefined>)[k]?.style === 'async')
  .sort();

/** Every parameter name any API documents, so random options often hit real fields. */
const FIELDS = [
  'url',
  'data',
  'header',
  'method',
  'timeout',
  'dataType',
  'responseType',
  'redirect',
  'enableChunked',
  'filePath',
  'name',
  'formData',
  'key',
  'keyList',
  'kvList',
  'count',
  'sizeType',
  'sourceType',
  'mediaType',
  'maxDuration',
  'camera',
  'type',
  'extension',
  'src',
  'quality',
  'urls',
  'current',
  'showmenu',
  'referrerPolicy',
  'tempFilePath',
  'title',
  'content',
  'showCancel',
  'cancelText',
  'confirmText',
  'editable',
  'icon',
  'duration',
  'mask',
  'itemList',
  'delta',
  'frontColor',
  'backgroundColor',
  'scrollTop',
  'encoding',
  'schema',
  'filePaths',
];

const weird = fc.oneof(
  fc.constantFrom(
    NaN,
    Infinity,
    -Infinity,
    -0,
    2 ** 31,
    2 ** 53,
    1e308,
    '',
    '\r\n',
    '\u0000',
    'wxfile://usr/../../etc/passwd',
    'https://echo.mpsim.test/status/000',
  ),
  fc.bigInt().map((b) => b),
  fc.constant(Symbol('s')),
  fc.constant(new Array(1e7)),
  fc.constant(['a', , 'b']), // eslint-disable-line no-sparse-arrays
  fc.constant(Object.create(null)),
  fc.constant(new Date(NaN)),
  fc.constant(new Map([['k', 'v']])),
  fc.constant(new Uint8Array(3)),
  fc.constant(new ArrayBuffer(4)),
  fc.constant(() => undefined),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.anything({ maxDepth: 2, maxKeys: 3 }), weight: 3 },
  { arbitrary: weird, weight: 2 },
);
const fieldsObject = fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 6 })), value, { maxKeys: 5 });

type Shape = 'literal' | 'class' | 'create' | 'getter' | 'proxy';
const shaped = fc.tuple(fieldsObject, fc.constantFrom<Shape>('literal', 'literal', 'literal', 'class', 'create', 'getter', 'proxy'));

function build(fields: Record<string, unknown>, shape: Shape): Record<string, unknown> {
  switch (shape) {
    case 'class': {
      class Opts {}
      return Object.assign(new Opts(), fields) as Record<string, unknown>;
    }
    case 'create':
      return Object.create(fields) as Record<string, unknown>;
    case 'getter': {
      const o = { ...fields };
      Object.defineProperty(o, FIELDS[Object.keys(fields).length % FIELDS.length]!, {
        enumerable: true,
        get() {
          throw new TypeError('getter bug');
        },
      });
      return o;
    }
    case 'proxy':
      return new Proxy(fields, {
        get(t, k) {
          if (k === 'url' || k === 'key') throw new Error('trap');
          return Reflect.get(t, k) as unknown;
        },
      });
    default:
      return fields;
  }
}

function checkErrMsg(api: string, errMsg: unknown): void {
  expect(typeof errMsg).toBe('string');
  const m = errMsg as string;
  if (m !== `${api}:ok`) expect(m).toMatch(new RegExp(`^${api}:(ok|fail [^\\r\\n]*)$`));
  expect(m).not.toMatch(ENGINE);
}

/** One call with callbacks: exactly one of success/fail, then complete once with the same object. */
async function callbackCall(api: string, opts: Record<string, unknown>): Promise<void> {
  const seen: string[] = [];
  let first: any;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const target = opts;
  try {
    target.success = (r: any) => (seen.push('success'), (first = r));
    target.fail = (r: any) => (seen.push('fail'), (first = r));
    target.complete = (r: any) => {
      seen.push('complete');
      expect(r).toBe(first);
      setTimeout(done, 5);
    };
  } catch {
    return; // a Proxy/frozen options object cannot take callbacks: the promise form covers it
  }
  let thrown: unknown;
  try {
    wx[api](target);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeUndefined();
  const hung = await bounded(
    finished.then(() => false),
    10000,
    () => true,
  );
  expect([api, hung]).toEqual([api, false]);
  expect([api, seen.length === 2 && (seen[0] === 'success' || seen[0] === 'fail') && seen[1] === 'complete']).toEqual([api, true]);
  checkErrMsg(api, first?.errMsg);
}

/** One call without callbacks: a promise (or a task / undefined) — never a throw. */
async function promiseCall(api: string, opts: unknown): Promise<void> {
  let ret: any;
  let thrown: unknown;
  try {
    ret = wx[api](opts);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeUndefined();
  if (ret && typeof ret.then === 'function') {
    const settled = await bounded(
      ret.then(
        (r: any) => ({ r }),
        (r: any) => ({ r }),
      ),
      10000,
      () => ({ r: { errMsg: `${api}: hung` } }),
    );
    checkErrMsg(api, (settled as { r: any }).r?.errMsg);
  }
}

test(`fast-check seed ${SEED}: every wx API's calling convention holds for random options (${APIS.length} APIs × ${RUNS} runs × 2 styles)`, async () => {
  process.stdout.write(`property.test: fast-check seed ${SEED} (MPSIM_FC_SEED=${SEED} reproduces), ${RUNS} runs per API\n`);
  expect(APIS.length).toBeGreaterThan(30);
  for (const api of APIS) {
    await fc.assert(
      fc.asyncProperty(
        shaped,
        fc.oneof({ arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary: value, weight: 1 }),
        async ([fields, shape], other) => {
          await callbackCall(api, build(fields, shape));
          await promiseCall(api, shape === 'literal' ? other : build(fields, shape));
        },
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }
  await mpsim.idle();
});

afterAll(() => expect(describeEscapes(escaped)).toEqual([]));
