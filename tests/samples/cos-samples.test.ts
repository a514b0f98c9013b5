/**
 * The seed 003 samples keep the doc's code blocks verbatim: every ```js block of the doc copy
 * (samples/cos/_doc) is exactly one snippet file, in doc order, and no snippet is anything else.
 * Replaying them is `mpsim replay` (tests/cli runs every sample).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', 'samples', 'cos');

/** The doc's fenced ```js blocks, each as its lines joined with '\n' plus a final '\n'. */
function docBlocks(): string[] {
  const lines = fs.readFileSync(path.join(root, '_doc', '003-tencent-cos-miniprogram-upload.md'), 'utf8').split('\n');
  const blocks: string[] = [];
  let start = -1;
  lines.forEach((line, i) => {
    if (start < 0 && /^```js\s*$/.test(line)) start = i + 1;
    else if (start >= 0 && /^```\s*$/.test(line)) {
      blocks.push(lines.slice(start, i).map((l) => `${l}\n`).join(''));
      start = -1;
    }
  });
  return blocks;
}

/** Snippet files of every sample folder, folders in name order, parts in number order. */
function snippets(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const dir of fs.readdirSync(root).sort()) {
    if (!fs.existsSync(path.join(root, dir, 'sample.json'))) continue;
    const files = fs
      .readdirSync(path.join(root, dir))
      .filter((f) => /^snippet(-\d+)?\.js$/.test(f))
      .sort((a, b) => Number(/\d+/.exec(a)?.[0] ?? 0) - Number(/\d+/.exec(b)?.[0] ?? 0));
    for (const f of files) out.push({ file: `${dir}/${f}`, text: fs.readFileSync(path.join(root, dir, f), 'utf8') });
  }
  return out;
}

test('every js block of seed 003 is one snippet file, byte for byte, in doc order', () => {
  const blocks = docBlocks();
  const files = snippets();
  expect(blocks.length).toBe(22);
  expect(files.map((f) => f.file)).toHaveLength(blocks.length);
  files.forEach((f, i) => expect({ file: f.file, text: f.text }).toEqual({ file: f.file, text: blocks[i] }));
});

test('every sample folder names seed 003 as its source and run.js as its entry, and loads its snippets', () => {
  for (const dir of fs.readdirSync(root)) {
    const manifest = path.join(root, dir, 'sample.json');
    if (!fs.existsSync(manifest)) continue;
    const m = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { title: string; source: string; entry: string };
    expect(m.source).toMatch(/^seed 003 — /);
    expect(m.entry).toBe('run.js');
    const run = fs.readFileSync(path.join(root, dir, 'run.js'), 'utf8');
    for (const f of fs.readdirSync(path.join(root, dir)).filter((n) => /^snippet(-\d+)?\.js$/.test(n))) {
      expect(run).toContain(`require('./${f}')`);
    }
  }
});
