// Speed of the two engines on the bench "pages" workload (bench/children/pages-ours.js): a
// 1,000-row keyed list replaced by setData N times, every row changed; ms per setData after 5
// warm-up rounds. glass-easel renders the same template (bench/fixtures/list-page) as a component
// into happy-dom. Each engine in its own child process, alternated, median of the rounds.
//   npm run build && node bench/engine/list-setdata.js [rounds=3] [n=30]
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'list-page');
const rows = (k) => Array.from({ length: 1000 }, (_, i) => ({ id: i, name: 'row ' + i, n: k }));

async function glassEaselChild(n) {
  const { Window } = require('happy-dom');
  const win = new Window();
  globalThis.window = win;
  globalThis.document = win.document;
  const glassEasel = require('glass-easel');
  const { MiniProgramEnv } = require('glass-easel-miniprogram-adapter');
  const { TmplGroup } = require('glass-easel-template-compiler');
  const group = new TmplGroup();
  group.addTmpl('list', fs.readFileSync(path.join(FIXTURE, 'pages', 'list', 'list.wxml'), 'utf8'));
  const gen = new Function('return ' + group.getTmplGenObjectGroups())();
  const env = new MiniProgramEnv();
  const cs = env.createCodeSpace('', true);
  cs.addComponentStaticConfig('list', { component: true });
  cs.addCompiledTemplate('list', { groupList: gen, content: gen.list });
  cs.componentEnv('list', ({ Component }) => Component({ data: { list: [] } }));
  const ab = env.associateBackend(new glassEasel.CurrentWindowBackendContext());
  const root = ab.createRoot('body', cs, 'list');
  const ph = document.createElement('span');
  document.body.appendChild(ph);
  root.attach(document.body, ph);
  const caller = root.get();
  const setData = (d) => new Promise((r) => caller.setData(d, r));
  for (let k = 0; k < 5; k++) await setData({ list: rows(1000 + k) });
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < n; k++) await setData({ list: rows(k) });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / n;
  // The DOM holds scoped class names (`__<scope>--row`, style isolation); glass-easel's own
  // selector engine matches the template's class names.
  const els = root.getComponent().getShadowRoot().querySelectorAll('.row');
  const text = els.length ? els[0].getBackendElement().textContent : '';
  if (els.length !== 1000 || !text.endsWith(String(n - 1))) throw new Error('list not rendered: ' + els.length);
  return ms;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main() {
  if (process.argv[2] === '--child-glass-easel') {
    glassEaselChild(Number(process.argv[3])).then(
      (ms) => process.stdout.write(JSON.stringify({ ms }) + '\n'),
      (e) => {
        process.stderr.write(String(e.stack || e) + '\n');
        process.exit(1);
      },
    );
    return;
  }
  const roundsN = Number(process.argv[2] || 3);
  const n = Number(process.argv[3] || 30);
  const run = (args) => {
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 << 20 });
    if (r.status !== 0) throw new Error(String(r.stderr).slice(0, 400));
    return JSON.parse(r.stdout.trim().split('\n').pop()).ms;
  };
  const ours = [];
  const ge = [];
  for (let i = 0; i < roundsN; i++) {
    ours.push(run([path.join(__dirname, '..', 'children', 'pages-ours.js'), String(n)]));
    ge.push(run([__filename, '--child-glass-easel', String(n)]));
  }
  const fmt = (xs) => `${median(xs).toFixed(1)} ms (${xs.map((x) => x.toFixed(1)).join(', ')})`;
  process.stdout.write(`setData of a 1,000-row keyed list, every row changed, ms per setData, median of ${roundsN}:\n`);
  process.stdout.write(`  ours (PagesRuntime, dist/)  ${fmt(ours)}\n  glass-easel                 ${fmt(ge)}\n`);
  process.stdout.write(`  ours ÷ glass-easel time: ${(median(ours) / median(ge)).toFixed(2)}\n`);
}

main();
