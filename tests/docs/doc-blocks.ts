/**
 * Runs the fenced code blocks of the documentation (README.md, CONTRIBUTING.md, docs/**.md)
 * in a project where mpsim is installed, so no example rots. Rules (also in CONTRIBUTING.md):
 *
 * - A block is skipped only when the line right before its fence is
 *   `<!-- doc-test: skip — <reason> -->` with a reason.
 * - ```js / ```ts / ```json blocks whose first line is `// <path>` (e.g. `// jest.config.js`,
 *   `// tests/first-page.test.js`, `// tsconfig.json`) are written to that path in the project.
 *   Then: a `*.test.js|ts` file is run by jest (must pass); a jest config re-runs the test
 *   files written so far under it; another .js file is run as a script (`node` when it
 *   requires 'mpsim', else `mpsim run`); .json must parse (comment lines allowed).
 * - Other js/ts blocks: one containing `test(` is run by jest as a test file; other JS is run
 *   with `mpsim run` (or `node` when it requires 'mpsim'); other TS is refused (name a file).
 * - ```sh blocks run line by line with `sh -c` in the project (node_modules/.bin on PATH; every
 *   line must exit 0). `mpsim serve` is started (on free ports unless the line sets
 *   `--port`) and stopped once it printed its banner.
 * - Any other language fails: make it runnable or skip it with a reason.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Block {
  doc: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  body: string;
  skip?: string;
}

const SKIP = /^<!--\s*doc-test:\s*skip\s*(?:—|--|-)\s*(.*?)\s*-->\s*$/;

/** Every fenced block of a markdown text, with its skip reason if marked. */
export function extractBlocks(doc: string, text: string): Block[] {
  const lines = text.split(/\r?\n/);
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i]);
    if (!open) continue;
    const fence = open[2];
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j].trimStart().startsWith(fence)) body.push(lines[j++]);
    const before = i > 0 ? SKIP.exec(lines[i - 1].trim()) : null;
    if (i > 0 && /doc-test/.test(lines[i - 1]) && (!before || !before[1]))
      throw new Error(`${doc}:${i}: malformed doc-test marker (write <!-- doc-test: skip — <reason> -->): ${lines[i - 1]}`);
    blocks.push({ doc, line: i + 1, lang: open[3].toLowerCase(), body: body.join('\n') + '\n', ...(before ? { skip: before[1] } : {}) });
    i = j;
  }
  return blocks;
}

export interface Project {
  dir: string;
  env: NodeJS.ProcessEnv;
}

export interface RunResult {
  block: Block;
  what: string;
  ok: boolean;
  output: string;
}

function run(cmd: string, args: string[], project: Project, timeoutMs = 180_000): { ok: boolean; output: string } {
  const r = spawnSync(cmd, args, { cwd: project.dir, env: project.env, encoding: 'utf8', timeout: timeoutMs });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`;
  return { ok: r.status === 0, output };
}

/**
 * jest over `files`. `--testTimeout`: this checks that the blocks are right, not how fast a
 * shared CI machine runs them (under load a first test doing real HTTPS took over jest's 5 s).
 */
function jest(files: string[], project: Project): { ok: boolean; output: string } {
  const bin = path.join(project.dir, 'node_modules', 'jest', 'bin', 'jest.js');
  return run(process.execPath, [bin, '--ci', '--runInBand', '--testTimeout=60000', ...files], project);
}

/** Starts `mpsim serve …` and resolves true once it printed its banner (then stops it). */
function serveOnce(line: string, project: Project): Promise<{ ok: boolean; output: string }> {
  const withPorts = /--port|-p\s/.test(line) ? line : `${line} --port 0 --http-port 0`;
  return new Promise((resolve) => {
    // Its own process group: `npx` starts the server as a child, and the whole group is stopped.
    const child = spawn('sh', ['-c', withPorts], { cwd: project.dir, env: project.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    let done = false;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      resolve({ ok, output });
    };
    const timer = setTimeout(() => finish(false), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      output += d;
      if (output.includes('Ctrl-C stops it.')) finish(true);
    });
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('close', () => finish(false));
  });
}

const FILE_LINE = /^\/\/\s*([\w@./-]+\.(?:c?js|ts|json))\s*$/;

/** Runs the blocks in order in `project`; returns one result per block (skipped ones included as ok). */
export async function runBlocks(blocks: Block[], project: Project): Promise<RunResult[]> {
  const results: RunResult[] = [];
  const testFiles: string[] = [];
  const write = (rel: string, body: string) => {
    const file = path.join(project.dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body);
    return file;
  };
  const script = (rel: string, body: string) =>
    /require\(['"]mpsim['"]\)/.test(body)
      ? run(process.execPath, [rel], project)
      : run('sh', ['-c', `mpsim run ${JSON.stringify(rel)}`], project);
  for (const block of blocks) {
    const id = `${path.basename(block.doc, '.md').toLowerCase()}-line-${block.line}`;
    const done = (what: string, r: { ok: boolean; output: string }) => results.push({ block, what, ...r });
    if (block.skip !== undefined) {
      done(`skipped: ${block.skip}`, { ok: true, output: '' });
      continue;
    }
    const first = block.body.split('\n')[0].trim();
    const named = FILE_LINE.exec(first)?.[1];
    if (['js', 'javascript', 'ts', 'typescript', 'json', 'jsonc'].includes(block.lang) && named) {
      write(named, block.body);
      if (/\.json$/.test(named)) {
        try {
          JSON.parse(
            block.body
              .split('\n')
              .filter((l) => !/^\s*\/\//.test(l))
              .join('\n'),
          );
          done(`wrote ${named}`, { ok: true, output: '' });
        } catch (e) {
          done(`wrote ${named}`, { ok: false, output: String(e) });
        }
      } else if (/\.test\.[jt]s$/.test(named)) {
        testFiles.push(named);
        done(`jest ${named}`, jest([named], project));
      } else if (/^jest\.config\.[cm]?js$/.test(path.basename(named))) {
        done(
          `wrote ${named}; jest over the ${testFiles.length} test files so far`,
          testFiles.length ? jest(testFiles, project) : { ok: true, output: '' },
        );
      } else if (/\.c?js$/.test(named)) {
        done(`ran ${named}`, script(named, block.body));
      } else {
        done(`wrote ${named}`, { ok: false, output: `${named}: a .ts file that is not a test; make it a *.test.ts or skip it` });
      }
    } else if (['js', 'javascript', 'ts', 'typescript'].includes(block.lang)) {
      const ts = block.lang.startsWith('t');
      if (/\b(test|it)\(/.test(block.body)) {
        const rel = `doc-tests/${id}.test.${ts ? 'ts' : 'js'}`;
        write(rel, block.body);
        testFiles.push(rel);
        done(`jest ${rel}`, jest([rel], project));
      } else if (ts) {
        done('ts block', {
          ok: false,
          output: 'a TypeScript block that is not a test: give it a `// name.test.ts` first line, or skip it',
        });
      } else {
        const rel = `doc-scripts/${id}.js`;
        write(rel, block.body);
        done(`ran ${rel}`, script(rel, block.body));
      }
    } else if (['sh', 'bash', 'shell'].includes(block.lang)) {
      const lines = block.body
        .replace(/\\\n/g, ' ')
        .split('\n')
        .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
        .filter(Boolean);
      let all = { ok: true, output: '' };
      for (const line of lines) {
        const r = /^(npx\s+)?mpsim\s+serve\b/.test(line) ? await serveOnce(line, project) : run('sh', ['-c', line], project);
        all = { ok: all.ok && r.ok, output: `${all.output}$ ${line}\n${r.output}` };
        if (!r.ok) break;
      }
      done(`sh: ${lines.join(' && ')}`, all);
    } else {
      done(`\`\`\`${block.lang || '(no language)'}`, {
        ok: false,
        output: 'not runnable: use js/ts/json/sh, or mark it <!-- doc-test: skip — <reason> -->',
      });
    }
  }
  return results;
}

/** The markdown files the check covers, relative to `root`. */
export function docFiles(root: string): string[] {
  const out = ['README.md', 'CONTRIBUTING.md'].filter((f) => fs.existsSync(path.join(root, f)));
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (e.name.endsWith('.md')) out.push(r);
    }
  };
  if (fs.existsSync(path.join(root, 'docs'))) walk('docs');
  return out;
}

/** One readable line per failed block. */
export function failures(results: RunResult[]): string[] {
  return results.filter((r) => !r.ok).map((r) => `${r.block.doc}:${r.block.line} (${r.what}):\n${r.output.slice(-3000)}`);
}
