/**
 * A symlink that appears AFTER PathScheme checked a path (a race the host could
 * win): SandboxFiles must still not follow it out of the sandbox. The race is
 * made deterministic by a PathScheme whose resolve() plants the link right
 * after its own checks passed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SandboxFiles } from '../../simulator/files';
import { FsError } from '../../simulator/fs-error';
import { PathScheme, type ResolvedPath } from '../../simulator/paths';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-race-'));
const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-race-canary-'));
const canaryFile = path.join(outside, 'canary.txt');
const layout = { root, user: path.join(root, 'usr'), temp: path.join(root, 'tmp'), saved: path.join(root, 'store') };

/** Plants `usr/<name>` → canary right after resolving a path that ends in `<name>`. */
class RacingScheme extends PathScheme {
  plant?: { name: string; target: string };
  override resolve(wxPath: unknown): ResolvedPath {
    const r = super.resolve(wxPath);
    if (this.plant && r.relative === this.plant.name) {
      fs.rmSync(r.hostPath, { force: true, recursive: true });
      fs.symlinkSync(this.plant.target, r.hostPath);
    }
    return r;
  }
}

const scheme = new RacingScheme('device', layout);
const files = new SandboxFiles(scheme);

afterAll(() => {
  files.closeAll();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

beforeEach(() => {
  fs.writeFileSync(canaryFile, 'canary');
  fs.writeFileSync(path.join(layout.user, 'src.txt'), 'source');
});

function errnoOf(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(FsError);
    return (err as FsError).errno;
  }
}

const ops: Array<[string, (p: string) => unknown]> = [
  ['readFile', (p) => files.readFile(p)],
  ['writeFile', (p) => files.writeFile(p, Buffer.from('pwned'))],
  ['appendFile', (p) => files.writeFile(p, Buffer.from('pwned'), true)],
  ['copyFile to', (p) => files.copyFile('wxfile://usr/src.txt', p)],
  ['copyFile from', (p) => files.copyFile(p, 'wxfile://usr/copy.txt')],
  ['truncate', (p) => files.truncate(p, 0)],
  ['fileInfo', (p) => files.fileInfoAsync(p)],
  ['open w', (p) => files.open(p, 'w')],
  ['open r', (p) => files.open(p, 'r')],
  ['open a+', (p) => files.open(p, 'a+')],
  ['stat', (p) => files.stat(p)],
  ['access', (p) => files.access(p)],
  ['readCompressedFile', (p) => files.readCompressedFile(p)],
];

describe.each([
  ['existing file replaced by a link out', true],
  ['new name taken by a link out', false],
])('%s', (_label, existed) => {
  test.each(ops)('%s is refused and the canary is unchanged', (_name, op) => {
    const name = `race-${Math.random().toString(36).slice(2)}.txt`;
    if (existed) fs.writeFileSync(path.join(layout.user, name), 'inside');
    scheme.plant = { name, target: canaryFile };
    try {
      expect(errnoOf(() => op(`wxfile://usr/${name}`))).toBe(1301000);
    } finally {
      scheme.plant = undefined;
    }
    expect(fs.readFileSync(canaryFile, 'utf8')).toBe('canary');
    expect(fs.readdirSync(outside)).toEqual(['canary.txt']);
  });
});

test('a link to a directory out, planted after resolution, is not listed', () => {
  scheme.plant = { name: 'dir', target: outside };
  try {
    expect(errnoOf(() => files.readdir('wxfile://usr/dir'))).toBe(1301000);
  } finally {
    scheme.plant = undefined;
  }
});

test('a link planted inside the area still works (re-checked, then followed)', () => {
  fs.writeFileSync(path.join(layout.user, 'real.txt'), 'real');
  scheme.plant = { name: 'alias.txt', target: path.join(layout.user, 'real.txt') };
  try {
    expect(files.readFile('wxfile://usr/alias.txt').toString()).toBe('real');
  } finally {
    scheme.plant = undefined;
  }
});
