/**
 * The doc-block runner itself (tests/docs/doc-blocks.ts): a broken block fails, only a marked
 * block with a reason is skipped, a language it cannot run fails.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { extractBlocks, failures, runBlocks, type Project } from './doc-blocks';

const root = path.join(__dirname, '..', '..');
let project: Project;

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-doc-blocks-'));
  const bin = path.join(dir, 'node_modules', '.bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.symlinkSync(path.join(root, 'bin', 'mpsim'), path.join(bin, 'mpsim'));
  project = { dir, env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` } };
});
afterAll(() => fs.rmSync(project.dir, { recursive: true, force: true }));

const md = (...parts: string[]) => parts.join('\n');

test('blocks, their languages, lines and skip reasons are extracted', () => {
  const blocks = extractBlocks(
    'x.md',
    md('# t', '```js', 'a();', '```', '<!-- doc-test: skip — needs a phone -->', '```sh', 'rm -rf /', '```', '~~~', 'plain', '~~~'),
  );
  expect(blocks).toEqual([
    { doc: 'x.md', line: 2, lang: 'js', body: 'a();\n' },
    { doc: 'x.md', line: 6, lang: 'sh', body: 'rm -rf /\n', skip: 'needs a phone' },
    { doc: 'x.md', line: 9, lang: '', body: 'plain\n' },
  ]);
  expect(() => extractBlocks('y.md', md('<!-- doc-test: skip -->', '```js', 'a();', '```'))).toThrow(/malformed doc-test marker/);
});

test('working blocks pass; broken ones, unknown languages and failing commands fail', async () => {
  const blocks = extractBlocks(
    'x.md',
    md(
      '```js',
      "wx.setStorageSync('k', 1); console.log(wx.getStorageSync('k'));",
      '```',
      '```js',
      'wx.setStorageSync(;',
      '```',
      '```js',
      "setTimeout(() => { throw new Error('late'); }, 1);",
      '```',
      '```sh',
      'true',
      'false',
      '```',
      '```text',
      'words',
      '```',
      '```json',
      '// settings.json',
      '{ "a": 1, }',
      '```',
      '<!-- doc-test: skip — deliberately broken -->',
      '```js',
      'syntax error here(',
      '```',
      '```sh',
      'mpsim run nope.js',
      '```',
    ),
  );
  const results = await runBlocks(blocks, project);
  expect(results.map((r) => r.ok)).toEqual([true, false, false, false, false, false, true, false]);
  expect(results[0].output).toBe('1\n');
  expect(results[1].output).toMatch(/syntax error in .*:1:19/);
  expect(results[3].output).toBe('$ true\n$ false\n');
  expect(failures(results)).toHaveLength(6);
});
