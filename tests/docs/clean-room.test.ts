/**
 * The first hour as a dependency, offline: `npm pack` this package, install the tarball into a
 * fresh temp project the way npm lays it out (the package in node_modules/mpsim, its
 * dependencies and the user's dev tools — jest, ts-jest, typescript, @types — next to it,
 * resolved from this repository's node_modules, so nothing is downloaded), then follow the
 * README block by block (tests/docs/doc-blocks.ts runs every fenced block of README.md,
 * CONTRIBUTING.md and docs/**.md in that project). Also: what the tarball holds, a strict
 * `tsc` over the typed test without skipLibCheck, the HAR written by `mpsim run --har`.
 *
 * Needs a built dist/ (`npm test` builds first).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { docFiles, extractBlocks, failures, runBlocks, type Project } from './doc-blocks';
import { harErrors } from '../helpers/har';

/**
 * `mpsim run --verbose` is being built on another branch (wx call history). Set to true once
 * it has merged: the step below then checks its one-line-per-event output.
 */
const VERBOSE_MERGED = true;

const root = path.join(__dirname, '..', '..');
const repoModules = path.join(root, 'node_modules');
/** What a user installs next to mpsim for the README's examples. */
const USER_DEV_TOOLS = ['jest', 'ts-jest', 'typescript', '@types/jest', '@types/node', 'cos-wx-sdk-v5'];

let work: string;
let project: Project;
let tarballFiles: string[];

jest.setTimeout(15 * 60_000);

function link(name: string, into: string): void {
  const from = path.join(repoModules, name);
  if (!fs.existsSync(from)) throw new Error(`clean room: ${name} is not in ${repoModules} (npm ci first)`);
  const to = path.join(into, 'node_modules', name);
  if (fs.existsSync(to)) return;
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.symlinkSync(fs.realpathSync(from), to, 'dir');
}

beforeAll(() => {
  for (const f of ['dist/index.js', 'dist/jest-environment.js', 'dist/wx-typings/lib.wx.api.d.ts'])
    if (!fs.existsSync(path.join(root, f))) throw new Error(`clean room: ${f} missing — run npm run build first`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-clean-room-'));
  // `prepare` would rebuild; dist is fresh (npm test builds before jest).
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarballFiles = packed[0].files.map((f) => f.path);
  const dir = path.join(work, 'project');
  const pkgDir = path.join(dir, 'node_modules', 'mpsim');
  fs.mkdirSync(pkgDir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'my-mini-program', version: '1.0.0', private: true }, null, 2));
  execFileSync('tar', ['-xzf', path.join(work, packed[0].filename), '--strip-components=1', '-C', pkgDir]);
  const deps = Object.keys(
    (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { dependencies: object }).dependencies,
  );
  for (const d of [...deps, ...USER_DEV_TOOLS]) link(d, dir);
  const bin = path.join(dir, 'node_modules', '.bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.symlinkSync('../mpsim/bin/mpsim', path.join(bin, 'mpsim'));
  fs.symlinkSync('../jest/bin/jest.js', path.join(bin, 'jest'));
  fs.symlinkSync('../typescript/bin/tsc', path.join(bin, 'tsc'));
  // The README says strict TypeScript works without skipLibCheck: hold it to that.
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify(
      { compilerOptions: { strict: true, target: 'ES2022', module: 'commonjs', esModuleInterop: true, noEmit: true } },
      null,
      2,
    ),
  );
  project = { dir, env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, FORCE_COLOR: '0' } };
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('the tarball holds the built code, typings, the sources its source maps name, the LICENSE — and no tests', () => {
  for (const f of [
    'LICENSE',
    'README.md',
    'package.json',
    'bin/mpsim',
    'dist/index.js',
    'dist/jest-environment.js',
    'dist/wx-typings/lib.wx.api.d.ts',
    'typings/index.d.ts',
    'typings/globals.d.ts',
    'typings/jest-environment.d.ts',
    'globals.d.ts',
    'index.ts',
    'runtime/page/harness.ts',
    'simulator/network/index.ts',
    'simulator/assets/sample-video-thumb.jpg',
    'samples/miniprogram/app.json',
  ])
    expect(tarballFiles).toContain(f);
  expect(tarballFiles.filter((f) => f.startsWith('tests/') || f.startsWith('bench/'))).toEqual([]);
  // Every source a shipped source map names is shipped.
  const missing = new Set<string>();
  for (const map of tarballFiles.filter((f) => f.endsWith('.js.map'))) {
    const { sources } = JSON.parse(fs.readFileSync(path.join(project.dir, 'node_modules', 'mpsim', map), 'utf8')) as { sources: string[] };
    for (const s of sources) {
      const rel = path.posix.normalize(path.posix.join(path.posix.dirname(map), s));
      if (!tarballFiles.includes(rel)) missing.add(rel);
    }
  }
  expect([...missing]).toEqual([]);
  expect(fs.readFileSync(path.join(project.dir, 'node_modules', 'mpsim', 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
});

test('README, CONTRIBUTING and docs/: every code block runs as written in the installed project', async () => {
  const blocks = docFiles(root).flatMap((f) => extractBlocks(f, fs.readFileSync(path.join(root, f), 'utf8')));
  expect(blocks.filter((b) => b.doc === 'README.md' && b.skip === undefined).length).toBeGreaterThanOrEqual(8);
  const results = await runBlocks(blocks, project);
  expect(failures(results)).toEqual([]);
  // What the README's blocks left behind is what they claim.
  expect(fs.existsSync(path.join(project.dir, 'tests', 'typed.test.ts'))).toBe(true);
  const har = JSON.parse(fs.readFileSync(path.join(project.dir, 'upload.har'), 'utf8'));
  expect(harErrors(har)).toEqual([]);
  expect(har.log.entries.map((e: { _api: string }) => e._api)).toEqual(['uploadFile']);
  expect(har.log.entries[0].request.postData.params.at(-1)).toMatchObject({ name: 'file', contentType: 'image/jpeg' });
});

test('strict tsc over the typed tests: no errors, no skipLibCheck; the mpsim/globals types entry also works from tsconfig "types"', () => {
  const tsc = path.join(project.dir, 'node_modules', 'typescript', 'bin', 'tsc');
  const strict = spawnSync(process.execPath, [tsc, '-p', '.'], { cwd: project.dir, encoding: 'utf8' });
  expect(strict.stdout + strict.stderr).toBe('');
  expect(strict.status).toBe(0);
  const typesDir = path.join(project.dir, 'types-entry');
  fs.mkdirSync(typesDir);
  fs.writeFileSync(
    path.join(typesDir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        types: ['jest', 'node', 'mpsim/globals'],
      },
    }),
  );
  fs.writeFileSync(
    path.join(typesDir, 'no-reference.test.ts'),
    "test('x', async () => {\n  const p: string = wx.getSystemInfoSync().platform;\n  mpsim.servers.cos.faults.failNext('PutObject');\n  getCurrentPages();\n  expect(p).toBe('android');\n});\n",
  );
  const viaTypes = spawnSync(process.execPath, [tsc, '-p', typesDir], { cwd: project.dir, encoding: 'utf8' });
  expect(viaTypes.stdout + viaTypes.stderr).toBe('');
  // The check is live: a type error is reported (skipLibCheck only keeps this run short).
  fs.writeFileSync(path.join(typesDir, 'broken.test.ts'), 'const n: number = wx.getSystemInfoSync().platform;\nmpsim.servers.nope.x;\n');
  const broken = spawnSync(process.execPath, [tsc, '-p', typesDir, '--skipLibCheck'], { cwd: project.dir, encoding: 'utf8' });
  expect(broken.status).not.toBe(0);
  expect(broken.stdout).toMatch(/TS2322/);
});

(VERBOSE_MERGED ? test : test.skip)('mpsim run --verbose: one line per wx call and per request', () => {
  fs.writeFileSync(
    path.join(project.dir, 'verbose.js'),
    "wx.request({ url: 'https://test.url/anything', success: (r) => console.log('status', r.statusCode) });\n",
  );
  const r = spawnSync('sh', ['-c', 'mpsim run --verbose verbose.js'], { cwd: project.dir, env: project.env, encoding: 'utf8' });
  expect(r.status).toBe(0);
  const all = r.stdout + r.stderr;
  expect(all).toMatch(/\[wx\] request\(/);
  expect(all).toMatch(/GET https:\/\/test\.url\/anything.*200/);
});
