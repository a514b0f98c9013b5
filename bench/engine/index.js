// The page-engine decision, measured (docs/decisions/010-page-engine-glass-easel.md): for every
// component of @vant/weapp 1.11.7 and tdesign-miniprogram 1.16.0, does the template compile (our
// parser / glass-easel-template-compiler / wcc), does the component define and render with its
// defaults (our PagesRuntime / glass-easel), does glass-easel's render equal wcc's tree after
// normalisation (wcc.js), time per library, and each engine's install weight.
// Each configuration runs in its own child process (cold: module load, compile, render).
//
//   npm run build && node bench/engine/index.js [--json out.json] [--only vant|tdesign]
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { installBytes } = require('./libs');
const { wccAvailable } = require('./wcc');

const GLASS_EASEL = [
  { label: 'glass-easel as probed (getRegExp/getDate only)', flags: [] },
  { label: '+ built-in behaviours (wx://form-field…)', flags: ['--builtins'] },
  { label: '+ writeFieldsToNode off', flags: ['--builtins', '--fields'] },
  { label: '+ WXS transform (constructor, escapes)', flags: ['--builtins', '--fields', '--wxs'] },
];
const OURS = [
  { label: 'ours (runtime/page), raw library', flags: [] },
  { label: 'ours, library JS pre-compiled ESM→CJS', flags: ['--esm-to-cjs'] },
];

function child(script, args) {
  const r = spawnSync(process.execPath, [path.join(__dirname, script), ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: 600_000,
  });
  const line = (r.stdout || '').trim().split('\n').pop();
  try {
    return JSON.parse(line);
  } catch {
    return { crashed: (r.stderr || r.error || 'no output').toString().slice(0, 300) };
  }
}

function main() {
  const argv = process.argv.slice(2);
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const jsonOut = argv.includes('--json') ? argv[argv.indexOf('--json') + 1] : undefined;
  const diff = wccAvailable() ? ['--diff'] : [];
  const runs = [];
  for (const lib of ['vant', 'tdesign']) {
    if (only && only !== lib) continue;
    for (const c of OURS) runs.push({ lib, label: c.label, res: child('measure-ours.js', [lib, ...c.flags, ...diff]) });
    for (const c of GLASS_EASEL) runs.push({ lib, label: c.label, res: child('measure-glass-easel.js', [lib, ...c.flags, ...diff]) });
  }
  const f0 = (x) => (x === undefined ? '–' : Math.round(x).toString());
  const lines = [];
  lines.push(
    '| library | engine / configuration | templates compile | components render (defaults) | = wcc after normalisation | load ms | compile ms | define+render ms |',
  );
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const { lib, label, res } of runs) {
    if (res.crashed) {
      lines.push(`| ${lib} | ${label} | crashed: ${res.crashed.replace(/\|/g, '/').split('\n')[0]} | | | | | |`);
      continue;
    }
    const tmpl = `${res.wxml - res.compileFailed.length}/${res.wxml}`;
    const d = res.diff;
    const eq = d ? `${d.matched}/${d.compared}${d.perInstance ? ` ¹ (${d.instances} instances)` : ''}` : '–';
    const dr = (res.defineMs || 0) + res.renderMs;
    lines.push(
      `| ${lib} | ${label} | ${tmpl} | ${res.rendered}/${res.components} | ${eq} | ${f0(res.loadMs)} | ${f0(res.compileMs)} | ${f0(dr)} |`,
    );
  }
  lines.push(
    '\n¹ ours: every component instance on the page compared, each its own tree on its own data (child-component hosts with the slot content the template gives them), as tests/conformance/wcc-differential.test.ts does.',
  );
  const wccRow = runs.find((r) => r.res.diff);
  const byLib = {};
  for (const r of runs) if (r.res.diff && r.res.diff.wccMs !== undefined) byLib[r.lib] = r.res.diff;
  for (const [lib, d] of Object.entries(byLib))
    lines.push(
      `\nwcc (${lib}): ${d.wccCompiled} templates compiled in ${Math.round(d.wccMs)} ms (spawn + evaluate)${d.wccErrors.length ? `; failed: ${d.wccErrors.map((e) => e[0]).join(', ')}` : ''}`,
    );
  if (!wccRow) lines.push('\nwcc: no binary for this platform — differential columns left out');
  const kb = (pkgs) => `${(installBytes(pkgs) / 1048576).toFixed(1)} MiB`;
  lines.push('\n| engine | packages | installed size |');
  lines.push('|---|---|---|');
  lines.push(`| ours | jsep (+ runtime/page, ~0.2 MiB of our own) | ${kb(['jsep'])} |`);
  lines.push(
    `| glass-easel | glass-easel, glass-easel-miniprogram-adapter, glass-easel-template-compiler | ${kb(['glass-easel', 'glass-easel-miniprogram-adapter', 'glass-easel-template-compiler'])} |`,
  );
  lines.push(`| wcc (oracle) | miniprogram-compiler (+ glob, unescape-js) | ${kb(['miniprogram-compiler', 'unescape-js'])} |`);
  lines.push(`| (both) | happy-dom | ${kb(['happy-dom'])} |`);
  process.stdout.write(lines.join('\n') + '\n');

  // Failures and difference classes of the last (most complete) configuration of each engine.
  for (const { lib, label, res } of runs) {
    if (res.crashed || !(label.startsWith('+ WXS') || label.startsWith('ours,'))) continue;
    process.stdout.write(`\n### ${lib} — ${label}\n`);
    if (res.compileFailed.length)
      process.stdout.write(
        `templates failing: ${res.compileFailed.map(([f, e]) => `${f} (${e.split('\n')[0].slice(0, 90)})`).join('; ')}\n`,
      );
    const byErr = {};
    for (const f of res.failures)
      (byErr[(f.error || '').split('\n')[0].slice(0, 90)] = byErr[(f.error || '').split('\n')[0].slice(0, 90)] || []).push(f.path);
    for (const [e, ps] of Object.entries(byErr).sort((a, b) => b[1].length - a[1].length))
      process.stdout.write(`- ${ps.length}× \`${e}\`: ${ps.join(', ')}\n`);
    if (res.diff) {
      process.stdout.write('difference classes vs wcc (components):\n');
      for (const [k, ps] of Object.entries(res.diff.kinds)) process.stdout.write(`- ${k}: ${ps.join(', ')}\n`);
      for (const p of res.diff.perComponent.filter((x) => x.differences))
        process.stdout.write(
          `  - ${p.path}: ${p.first.map((x) => `${x.kind} at ${x.at}: glass-easel ${JSON.stringify(x.ours)} / wcc ${JSON.stringify(x.oracle)}`.slice(0, 200)).join(' · ')}\n`,
        );
      if (res.diff.oracleFailed.length)
        process.stdout.write(`wcc could not render: ${res.diff.oracleFailed.map((x) => x.join(': ')).join('; ')}\n`);
    }
  }
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(runs, null, 1));
}

main();
