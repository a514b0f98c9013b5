/**
 * `mpsim replay`: runs every sample under samples/ with `mpsim run` semantics
 * (each in its own process, so each gets a fresh phone) and prints a table.
 *
 * A sample is a folder with a `sample.json` manifest:
 *   { "title": "...", "source": "seed 000 §uploadFile", "entry": "run.js" }
 * where the entry loads a prelude (what the doc leaves undefined), the doc's
 * snippet verbatim, and an expectation that throws when the doc's promise is not kept.
 * `"requires": ["pkg", ...]` names outside packages the sample loads (framework runtimes
 * that are mpsim's devDependencies): where one is not installed the sample is skipped,
 * with the reason, instead of failing on a missing module.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface SampleManifest {
  title: string;
  source?: string;
  entry: string;
  /** Seconds before the sample counts as hung (default 60). */
  timeout?: number;
  /** npm packages the sample needs; missing ones skip it. */
  requires?: string[];
}

export interface SampleResult {
  name: string;
  title: string;
  ok: boolean;
  /** Not run: a package in `requires` is not installed (`detail` says which). */
  skipped?: boolean;
  ms: number;
  detail: string;
}

/** The packages of `requires` that cannot be resolved from the sample's folder. */
export function missingRequires(sampleDir: string, manifest: SampleManifest): string[] {
  return (manifest.requires ?? []).filter((pkg) => {
    try {
      require.resolve(`${pkg}/package.json`, { paths: [sampleDir] });
      return false;
    } catch {
      return true;
    }
  });
}

export function findSamples(dir: string): Array<{ name: string; dir: string; manifest: SampleManifest }> {
  const out: Array<{ name: string; dir: string; manifest: SampleManifest }> = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name === 'sample.json')) {
      const manifest = JSON.parse(fs.readFileSync(path.join(d, 'sample.json'), 'utf8')) as SampleManifest;
      out.push({ name: path.relative(dir, d), dir: d, manifest });
    }
    for (const e of entries) if (e.isDirectory() && e.name !== 'node_modules') walk(path.join(d, e.name));
  };
  walk(dir);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export function runSample(sampleDir: string, manifest: SampleManifest): Promise<SampleResult & { output: string }> {
  const cli = path.join(__dirname, '..', '..', 'bin', 'mpsim');
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'run', path.join(sampleDir, manifest.entry)], {
      cwd: sampleDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), (manifest.timeout ?? 60) * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ok = code === 0;
      // The error line `mpsim run` prints after "uncaught error in ..." says why; else the last line.
      const lines = output.trim().split('\n').filter(Boolean);
      // (an error thrown in a timer is now reported as `thirdScriptError` + message: skip that header line)
      const errLine = lines.find((l) => l !== 'thirdScriptError' && /^\w*Error\b|expectation failed/.test(l));
      const lastLine = errLine ?? lines.pop() ?? '';
      resolve({
        name: path.basename(sampleDir),
        title: manifest.title,
        ok,
        ms: Date.now() - started,
        detail: signal ? `killed (${signal}) after ${manifest.timeout ?? 60}s` : ok ? '' : lastLine,
        output,
      });
    });
  });
}

export async function replay(dir: string): Promise<number> {
  const samples = findSamples(dir);
  if (samples.length === 0) {
    console.log(`mpsim replay: nothing to replay yet (no sample.json under ${dir})`);
    return 0;
  }
  const results: SampleResult[] = [];
  for (const s of samples) {
    const missing = missingRequires(s.dir, s.manifest);
    if (missing.length) {
      const detail = `needs ${missing.join(', ')} (not installed; npm install --save-dev ${missing.join(' ')})`;
      results.push({ name: s.name, title: s.manifest.title, ok: true, skipped: true, ms: 0, detail });
      continue;
    }
    const r = await runSample(s.dir, s.manifest);
    results.push({ ...r, name: s.name });
    if (!r.ok) process.stderr.write(`\n--- ${s.name} output ---\n${r.output}\n`);
  }
  const w = Math.max(6, ...results.map((r) => r.name.length));
  console.log(`\n${'sample'.padEnd(w)}  result  time     title`);
  console.log(`${'-'.repeat(w)}  ------  -------  -----`);
  for (const r of results) {
    console.log(
      `${r.name.padEnd(w)}  ${r.skipped ? 'skip  ' : r.ok ? 'pass  ' : 'FAIL  '}  ${`${(r.ms / 1000).toFixed(1)}s`.padEnd(7)}  ${r.title}${r.detail ? ` — ${r.detail}` : ''}`,
    );
  }
  const failed = results.filter((r) => !r.ok).length;
  const skipped = results.filter((r) => r.skipped).length;
  console.log(`\n${results.length - failed - skipped} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed ? 1 : 0;
}
