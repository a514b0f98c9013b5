/**
 * `npm run conformance -- <suite> [--source <checkout> | --vendored] [--only <substring>...] [--no-write] [--workers n]`
 *
 * Runs an open-source library's own miniprogram-simulate test suite, unchanged,
 * on mpsim/simulate, and writes docs/conformance/simulate-<suite>.md: files,
 * cases, passed, failed, and every failure grouped by cause.
 *
 * Suites (sources pinned in tests/conformance/<suite>/README.md):
 * - `tdesign`: Tencent/tdesign-miniprogram `packages/components/*\/__test__/*.test.js`
 * - `vant`:    youzan/vant-weapp `packages/*\/test/*.spec.ts`
 *
 * Sources: `--source <dir>` (a checkout), else the read-only mirror of the pinned
 * commit (`/work/.mirror/...`, `git archive`), else (or with `--vendored`) the vendored
 * subset tests/conformance/<suite>/source.tgz. They are unpacked into
 * `.conformance/<suite>/` (git-ignored) inside this repository, so the suite's
 * babel presets, ts-jest and miniprogram-simulate's `src/api` resolve from our
 * node_modules.
 *
 * The suite's own jest config is used with these changes only (the "module
 * mapping"): `miniprogram-simulate` → mpsim/simulate, testEnvironment → mpsim's,
 * snapshotSerializers → mpsim/simulate/jest-snapshot-plugin (so the run does not
 * depend on miniprogram-simulate; theirs, which loads pretty-format 26 through
 * miniprogram-simulate's own dependency, prints the same), no coverage, no custom
 * reporters, no `bail`, `--ci` (snapshots are compared, never written).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..');

export interface Suite {
  name: string;
  repo: string;
  commit: string;
  mirror: string;
  /** Paths `git archive` takes from the mirror. */
  paths: string[];
  /** The suite's jest config file, relative to the checkout. */
  config: string;
  /** Simulator options: the phone the suite's snapshots were recorded on (docs/conformance says why). */
  phone?: Record<string, unknown>;
  /** Where the config's rootDir points, relative to the checkout. */
}

export const SUITES: Record<string, Suite> = {
  tdesign: {
    name: 'tdesign',
    repo: 'Tencent/tdesign-miniprogram',
    commit: 'deece39d609ecbd0ab50cc88499bfc39830ff6e7',
    mirror: '/work/.mirror/Tencent+tdesign-miniprogram/repo',
    paths: [
      'LICENSE',
      'babel.config.js',
      'packages/components',
      'packages/tdesign-miniprogram/test',
      'packages/tdesign-miniprogram/example/behaviors',
    ],
    config: 'packages/tdesign-miniprogram/test/jest.config.js',
  },
  vant: {
    name: 'vant',
    repo: 'youzan/vant-weapp',
    commit: 'cce61c26af82c7e57a73c350a1accfcae7d8cf69',
    mirror: '/work/.mirror/youzan+vant-weapp/repo',
    paths: ['LICENSE', 'babel.config.js', 'jest.config.js', 'tsconfig.json', 'package.json', 'packages', 'example/components/demo-block'],
    config: 'jest.config.js',
    // vant's nav-bar pads by the status bar height; its snapshots were recorded with
    // miniprogram-simulate 1.4's canned getSystemInfoSync (statusBarHeight 20).
    phone: { system: { statusBarHeight: 20 } },
  },
};

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
function args(name: string): string[] {
  const out: string[] = [];
  process.argv.forEach((a, i) => {
    if (a === name && process.argv[i + 1]) out.push(process.argv[i + 1]);
  });
  return out;
}

/** Where a suite's sources come from (the CLI's `--source` / `--vendored`). */
export interface SourceOptions {
  /** A checkout of the suite's repository. */
  source?: string;
  /** Use the vendored subset tests/conformance/<suite>/source.tgz (unpacked into `.conformance/<suite>-vendored`). */
  vendored?: boolean;
  /** The folder under `.conformance/` to unpack into (default: the suite's name, `-vendored` appended for a vendored run). */
  folder?: string;
}

/** Unpacks the suite's sources into `.conformance/<suite>` (fresh each run). */
export function prepare(
  suite: Suite,
  opts: SourceOptions = { source: arg('--source'), vendored: process.argv.includes('--vendored') },
): string {
  const vendoredRun = opts.vendored === true;
  const dest = path.join(REPO, '.conformance', opts.folder ?? (vendoredRun ? `${suite.name}-vendored` : suite.name));
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  const source = opts.source;
  const vendored = path.join(REPO, 'tests', 'conformance', suite.name, 'source.tgz');
  if (source) {
    for (const p of suite.paths) {
      const from = path.join(path.resolve(source), p);
      if (fs.existsSync(from)) fs.cpSync(from, path.join(dest, p), { recursive: true });
    }
  } else if (fs.existsSync(vendored) && (vendoredRun || !fs.existsSync(suite.mirror))) {
    run('tar', ['-xzf', vendored, '-C', dest]);
  } else if (fs.existsSync(suite.mirror)) {
    const tar = spawnSync('git', ['--git-dir', suite.mirror, 'archive', suite.commit, ...suite.paths], { maxBuffer: 1 << 30 });
    if (tar.status !== 0) throw new Error(`git archive failed: ${tar.stderr}`);
    spawnSync('tar', ['-x', '-C', dest], { input: tar.stdout });
  } else {
    throw new Error(`no sources for ${suite.name}: pass --source <checkout of ${suite.repo}@${suite.commit}>`);
  }
  updateSnapshotHeaders(dest);
  return dest;
}

/**
 * Jest 29+ refuses snapshot files whose header still carries the old guide link
 * (`https://goo.gl/fbAQLP`, written by jest ≤ 28). Only that header line changes.
 */
function updateSnapshotHeaders(dir: string): void {
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.snap')) {
        const text = fs.readFileSync(p, 'utf8');
        const fixed = text.replace(
          /^\/\/ Jest Snapshot v1, https:\/\/goo\.gl\/fbAQLP/,
          '// Jest Snapshot v1, https://jestjs.io/docs/snapshot-testing',
        );
        if (fixed !== text) fs.writeFileSync(p, fixed);
      }
    }
  };
  walk(dir);
}

function run(cmd: string, argv: string[]): void {
  const r = spawnSync(cmd, argv, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}`);
}

/**
 * The suite's own jest config with only what any run here changes, whichever simulator it
 * runs on: rootDir resolved, no coverage, no custom reporters (TDesign's jest-html-reporter is
 * not installed), no `bail`, `--ci`, the snapshot format their .snap files were written in,
 * ts-jest transpiling only, `<rootDir>` in setup paths resolved, jest 29's matcher aliases. Their testEnvironment,
 * module names and snapshot serializer are left as they are: this is the config the suite runs
 * with on miniprogram-simulate itself (bench/rows/simulate-suite.ts), and `mappedConfig` adds the
 * module mapping to it.
 */
export function harnessConfig(suite: Suite, dir: string): Record<string, unknown> {
  const configFile = path.join(dir, suite.config);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const theirs = require(configFile) as Record<string, unknown>;
  const rootDir = path.resolve(path.dirname(configFile), (theirs.rootDir as string | undefined) ?? '.');
  const config: Record<string, unknown> = {
    ...theirs,
    rootDir,
    // Jest 28 moved `testURL` into testEnvironmentOptions (jsdom's `url`).
    ...(theirs.testURL ? { testEnvironmentOptions: { url: theirs.testURL } } : {}),
    // The suites target jest ≤ 29: its matcher aliases (toBeCalled…), removed in jest 30, come back.
    setupFilesAfterEnv: [...((theirs.setupFilesAfterEnv as string[]) ?? []), path.join(REPO, 'scripts', 'conformance-jest29-aliases.js')],
    // The .snap files were written by jest ≤ 28, whose snapshot format printed `Object {` / `Array [`
    // and escaped strings; jest 29 changed both defaults.
    snapshotFormat: { printBasicPrototype: true, escapeString: true },
    collectCoverage: false,
    reporters: ['default'],
    bail: 0,
    ci: true,
    cacheDirectory: path.join(os.tmpdir(), `mpsim-conformance-jest-${process.getuid?.() ?? 0}`),
  };
  delete config.coverageReporters;
  delete config.collectCoverageFrom;
  delete config.coverageDirectory;
  delete config.coverageProvider;
  delete config.testURL;
  delete config.verbose;
  // Type checking is not what the suite tests: their TypeScript tests were written against
  // older typings (miniprogram-api-typings 3, TypeScript 4); ts-jest only transpiles here.
  const transform = config.transform as Record<string, unknown> | undefined;
  if (transform) for (const [k, v] of Object.entries(transform)) if (v === 'ts-jest') transform[k] = ['ts-jest', { diagnostics: false }];
  if (config.preset === 'ts-jest') {
    delete config.preset;
    config.transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }], ...(transform ?? {}) };
  }
  if (config.setupFiles) config.setupFiles = (config.setupFiles as string[]).map((f) => f.replace('<rootDir>', rootDir));
  if (config.globalSetup) config.globalSetup = (config.globalSetup as string).replace('<rootDir>', rootDir);
  return config;
}

/** The suite's jest config with the module mapping applied (on top of `harnessConfig`). */
export function mappedConfig(suite: Suite, dir: string): Record<string, unknown> {
  const base = harnessConfig(suite, dir);
  const dist = path.join(REPO, 'dist');
  return {
    ...base,
    testEnvironment: path.join(dist, 'jest-environment.js'),
    moduleNameMapper: {
      '^miniprogram-simulate$': path.join(dist, 'simulate', 'index.js'),
      ...((base.moduleNameMapper as Record<string, string>) ?? {}),
    },
    snapshotSerializers: [path.join(dist, 'simulate', 'jest-snapshot-plugin.js')],
    // Our compiled engine is not theirs to transform.
    transformIgnorePatterns: [...((base.transformIgnorePatterns as string[]) ?? ['/node_modules/']), `^${dist}/`],
    // The phone their snapshots were recorded on, where the suite's output depends on it.
    testEnvironmentOptions: { mpsim: suite.phone ?? {} },
  };
}

interface AssertionResult {
  fullName: string;
  status: string;
  failureMessages: string[];
}
interface FileResult {
  name: string;
  status: string;
  message: string;
  assertionResults: AssertionResult[];
}

/** A short cause for a failure message (the line that says what went wrong). */
function causeOf(message: string): string {
  // eslint-disable-next-line no-control-regex -- ANSI colour codes in jest's messages
  const text = message.replace(/\u001b\[[0-9;]*m/g, '');
  if (/toMatchSnapshot|Snapshot name:|snapshot/i.test(text) && /Snapshot/.test(text)) return 'snapshot differs';
  const lines = text.split('\n').map((l) => l.trim());
  const first = lines.find((l) => l && !l.startsWith('at ')) ?? 'unknown';
  return first
    .replace(/\/[^\s'"`)]*\.conformance\/[^/]+\//g, '')
    .replace(/__simulate__\/[a-j]+-[a-j]+\.wxml/g, '<inline template>')
    .replace(/\d+/g, 'N')
    .slice(0, 160);
}

/**
 * Why a case fails, where we know (matched against "<file> › <full name>"). Every entry was
 * read from the failure and the test; "not investigated" says so.
 */
const EXPLAINED: Array<{ match: RegExp; why: string }> = [
  {
    match:
      /fab\/__test__.*fab :(base|event)|switch\/__test__.*style && customStyle|notice-bar\/__test__.*event : click|search\/__test__.*:action-click/,
    why: "the test's inline template is malformed (`<t-fab></fab>`, `<t-switch></switch>`, an unquoted attribute); j-component's lenient parser accepts it, mpsim's WXML compiler rejects it as the official compiler does",
  },
  { match: /badge\/__test__.*:color/, why: 'jsdom normalises `style.color` to `rgb(51, 34, 68)`, happy-dom keeps `#332244` as written' },
  {
    match: /steps\/__test__.*(: layout|:theme|: readonly)/,
    why: "asserts exparser's class-prefixed DOM class names (`t-steps--t-steps--horizontal`); mpsim keeps names as written so component selector queries work (decision 022)",
  },
  {
    match: /(input|search|switch|textarea)\/__test__\/index.*(:base|clearable|: label)/,
    why: 'a property declared `value: undefined`: exparser stores `null` (`{{null}}` in the snapshot), mpsim keeps `undefined` (`""`); input/textarea label also differ in whitespace of a text node',
  },
  {
    match: /count-down\/__test__\/demo/,
    why: 'whitespace-only text between `<t-count-down>` tags: the official compiler drops it, mpsim keeps text without a line break',
  },
  {
    match:
      /(picker|date-time-picker|calendar)\/__test__\/index.*:base|date-time-picker.*(controlled|@event|:showWeek)|slider\/__test__|image\/__test__.*:success|indexes\/__test__|grid\/__test__.*:gutter|swiper\/__test__.*:navigation|tag\/__test__.*maxWidth|loading\/__test__.*size/,
    why: 'depends on layout or computed style (item heights, rects, `getComputedStyle` sizes): mpsim has no layout engine (docs/pages.md: every element 0 high unless set), jsdom/j-component differ; not investigated further',
  },
  {
    match: /navbar\/__test__/,
    why: "TDesign's navbar animation class (`t-navbar--visible-animation`) after attach: timer-driven state differs; not investigated",
  },
  {
    match: /calendar\/__test__.*:action|notice-bar\/__test__.*marquee/,
    why: 'times out waiting for animation/transition events mpsim does not fire (no CSS transitions); not investigated',
  },
  {
    match: /rate\/__test__.*:disabled/,
    why: "depends on jsdom's all-zero rects: the test touches x = 0 of the star wrapper; with width 0 TDesign's arithmetic gives value 5 (≠ 1, so `change`); mpsim's layout gives the wrapper the window's width, so x = 0 is on the first star, value 1 = the current value, no `change` — as on a phone",
  },
  { match: /rate\/__test__|paragraph\/__test__/, why: 'not investigated' },
  { match: /dialog\/__test__.*:base/, why: 'not investigated beyond the WXS-handler attributes (now printed as j-component does)' },
  {
    match: /tree-select\/test/,
    why: "a j-component quirk: sidebar-item declares `info: null`; j-component rewrites that to `{ type: null }` with no value (src/tool/utils.js adjustExparserDefinition), so `info` is undefined and `info !== null` renders `<van-info>`; glass-easel (the client's framework) gives a `null`-typed property the default `null`, as mpsim does, and renders none",
  },
  {
    match: /tabbar\/test/,
    why: 'an exparser quirk the snapshot recorded: the item is active (`van-tabbar-item--active` in the snapshot too) and its template shows `<slot wx:if="{{ active }}" name="icon-active" />`, yet the snapshot holds the `icon` content — exparser 2 does not move slot content when a wx:if switches the named slot; mpsim (like glass-easel\'s dynamic slots) shows the slot the template selects',
  },
  {
    match: /count-down\/test/,
    why: "a j-component order: it sets a component's attributes before adding the host's event listeners (src/render/render.js renderExparserNode: updateAttrs, then updateEvent), so the `change` count-down emits from its `time` observer during creation reaches nobody and the slot's timeData stays empty; glass-easel queues the property values and runs observers after the listeners are bound (its generated template code binds events in the same init callback, applyDataUpdates after it), so the owner gets the event, as in mpsim",
  },
];

function main(): void {
  const name = process.argv[2];
  const suite = SUITES[name ?? ''];
  if (!suite) {
    console.error(`usage: npm run conformance -- <${Object.keys(SUITES).join('|')}> [--source <checkout>] [--only <substring>]`);
    process.exit(2);
  }
  if (process.argv.includes('--report-only')) {
    // Rewrites the table from the last run's results (no jest run).
    const dir = path.join(REPO, '.conformance', suite.name);
    const last = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as { testResults: FileResult[] };
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')) as { seconds: number; workers: string; only: string[] };
    report(suite, last.testResults, dir, meta.seconds, meta.only, meta.workers);
    return;
  }
  if (!fs.existsSync(path.join(REPO, 'dist', 'simulate', 'engine.js'))) run('npm', ['run', 'build']);
  const dir = prepare(suite);
  const config = mappedConfig(suite, dir);
  const configPath = path.join(dir, 'jest.mpsim.config.json');
  fs.writeFileSync(configPath, JSON.stringify(config, null, 2));
  const out = path.join(dir, 'results.json');
  const only = args('--only');
  const jestBin = path.join(REPO, 'node_modules', 'jest', 'bin', 'jest.js');
  const jestArgs = [
    jestBin,
    '--config',
    configPath,
    '--json',
    '--outputFile',
    out,
    '--ci',
    '--forceExit',
    `--maxWorkers=${arg('--workers') ?? '1'}`,
    ...only,
  ];
  const started = Date.now();
  spawnSync(process.execPath, jestArgs, {
    stdio: ['ignore', 'inherit', 'inherit'],
    cwd: dir,
    env: { ...process.env, TZ: 'Asia/Shanghai' },
  });
  const seconds = (Date.now() - started) / 1000;
  if (!fs.existsSync(out)) throw new Error('jest wrote no results');
  const results = JSON.parse(fs.readFileSync(out, 'utf8')) as { testResults: FileResult[] };
  const workers = arg('--workers') ?? '1';
  fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ seconds, workers, only }));
  report(suite, results.testResults, dir, seconds, only, workers);
}

function report(suite: Suite, files: FileResult[], dir: string, seconds: number, only: string[], workers: string): void {
  let cases = 0;
  let passed = 0;
  let failed = 0;
  const causes = new Map<string, string[]>();
  const fileRows: string[] = [];
  for (const f of files.sort((a, b) => a.name.localeCompare(b.name))) {
    const relName = path.relative(dir, f.name);
    let fp = 0;
    let ff = 0;
    for (const a of f.assertionResults) {
      if (a.status === 'pending' || a.status === 'skipped' || a.status === 'todo') continue;
      cases++;
      if (a.status === 'passed') {
        passed++;
        fp++;
      } else {
        failed++;
        ff++;
        const c = causeOf(a.failureMessages.join('\n'));
        const entry = `${relName} › ${a.fullName}`;
        const why = EXPLAINED.find((e) => e.match.test(entry))?.why;
        causes.set(c, [...(causes.get(c) ?? []), why ? `${entry} — ${why}` : entry]);
      }
    }
    if (f.assertionResults.length === 0 && f.status === 'failed') {
      // The file failed before any test ran: every case it declares is lost; count the file as one failed case.
      cases++;
      failed++;
      ff++;
      const c = `file failed to run: ${causeOf(f.message)}`;
      causes.set(c, [...(causes.get(c) ?? []), relName]);
    }
    fileRows.push(`| ${relName} | ${fp + ff} | ${fp} | ${ff} |`);
  }
  const pct = cases ? ((passed / cases) * 100).toFixed(1) : '0';
  const lines = [
    `# mpsim/simulate conformance: ${suite.repo}`,
    '',
    `Source: ${suite.repo} @ \`${suite.commit}\`, the suite's own tests run unchanged except for the module mapping`,
    `(scripts/conformance.ts says exactly what changes in their jest config).`,
    '',
    `Command: \`npm run conformance -- ${suite.name}${only.map((o) => ` ${o}`).join('')}\` (wall time ${seconds.toFixed(0)} s, ${workers} worker${workers === '1' ? '' : 's'}, on a shared 2-core machine).`,
    '',
    `| files | cases | passed | failed | pass rate |`,
    `|---|---|---|---|---|`,
    `| ${files.length} | ${cases} | ${passed} | ${failed} | ${pct} % |`,
    '',
    '## Failures by cause',
    '',
    ...[...causes.entries()]
      .sort((a, b) => b[1].length - a[1].length)
      .flatMap(([cause, list]) => [`### ${cause.replace(/\|/g, '\\|')} (${list.length})`, '', ...list.map((l) => `- ${l}`), '']),
    '## Per file',
    '',
    '| file | cases | passed | failed |',
    '|---|---|---|---|',
    ...fileRows,
    '',
  ];
  console.log(`\n${suite.name}: ${files.length} files, ${cases} cases, ${passed} passed, ${failed} failed (${pct} %)`);
  if (process.argv.includes('--no-write')) return;
  const target = path.join(REPO, 'docs', 'conformance', `simulate-${suite.name}.md`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, lines.join('\n'));
  console.log(`wrote ${path.relative(REPO, target)}`);
}

if (require.main === module) main();
