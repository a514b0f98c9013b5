/**
 * `mpsim run` applies the developer tools' compile step to the script and the
 * mini-program modules it requires (ES modules, TypeScript), and stack traces
 * name the user's own file:line:column — line 1 included.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runMpsim } from '../helpers/cli';

const mpsim = (args: string[]) => runMpsim(args);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-run-compile-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, source: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, source);
  return f;
}

test('an ES-module script importing an ES module and a CommonJS module runs; window is module-scoped', async () => {
  file('esm-lib.js', "export const twice = (x) => x * 2;\nexport default 'lib';\n");
  file('cjs-lib.js', 'module.exports = { kind: typeof window };\n');
  const main = file(
    'esm-main.js',
    "import name, { twice } from './esm-lib';\nimport { kind } from './cjs-lib';\n" +
      "const later = await0();\nfunction await0() { return import('./esm-lib').then((m) => m.twice(5)); }\n" +
      'later.then((v) => console.log(name, twice(21), kind, v, typeof globalThis.window, typeof wx.request));\n',
  );
  const r = await mpsim(['run', main]);
  expect(r.err).toBe('');
  expect(r.out).toBe('lib 42 object 10 undefined function\n');
  expect(r.code).toBe(0);
});

test('a TypeScript script runs with its types stripped', async () => {
  file('util.ts', 'export function pad(n: number, width = 3): string {\n  return String(n).padStart(width, "0");\n}\n');
  const main = file('main.ts', "import { pad } from './util';\nconst n: number = 7;\nconsole.log(pad(n));\n");
  const r = await mpsim(['run', main]);
  expect(r.err).toBe('');
  expect(r.out).toBe('007\n');
});

test('a throw on line 1 is reported at its own column, and ES-module frames at theirs', async () => {
  const cjs = file('line1.js', "      throw new Error('first line');\n");
  const r1 = await mpsim(['run', cjs]);
  expect(r1.code).toBe(1);
  expect(r1.err).toContain(`${cjs}:1:13`);
  file('thrower.js', "export function boom() {\n  throw new Error('from esm');\n}\n");
  const esm = file('line1-esm.js', "import { boom } from './thrower';\nboom();\n");
  const r2 = await mpsim(['run', esm]);
  expect(r2.code).toBe(1);
  expect(r2.err).toContain(`${path.join(dir, 'thrower.js')}:2:9`);
  expect(r2.err).toContain(`${esm}:2:1`);
});

test('a syntax error in an ES module names file:line:column with a code frame', async () => {
  const f = file('bad-esm.js', "import x from './esm-lib';\nconst y = ;\n");
  const r = await mpsim(['run', f]);
  expect(r.code).toBe(1);
  expect(r.err).toContain(`${f}:2:11: Unexpected token`);
  expect(r.err).toContain('> 2 | const y = ;');
});
