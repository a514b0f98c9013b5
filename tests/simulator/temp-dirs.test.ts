/**
 * Temp dirs: server stores are made on first use; dirs of processes that are gone are swept.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sweepStaleTempDirs, tempDirPath } from '../../simulator/temp-dirs';

declare const mpsim: any;

test('a phone that never touches COS, OSS or Alibaba VOD has no dirs for them; the first use makes them', () => {
  const cosDir = path.dirname(mpsim.servers.cos.root);
  const ossDir = path.dirname(mpsim.servers.oss.root);
  expect(path.basename(cosDir)).toMatch(new RegExp(`^mpsim-cos-${process.pid}-[0-9a-f]{12}$`));
  expect(fs.existsSync(cosDir)).toBe(false);
  expect(fs.existsSync(ossDir)).toBe(false);
  expect(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(`mpsim-vod-aliyun-${process.pid}-`))).toEqual([]);
  expect(path.basename(mpsim.device.sandboxDir)).toMatch(new RegExp(`^mpsim-device-${process.pid}-[0-9a-f]{12}$`));
  mpsim.servers.cos.createBucket('lazy-1250000000');
  expect(fs.existsSync(mpsim.servers.cos.root)).toBe(true);
  expect(fs.existsSync(ossDir)).toBe(false);
});

test('stale dirs of dead processes are removed; live ones, foreign names and files are kept', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-sweep-test-'));
  try {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    expect(deadPid).toBeGreaterThan(0);
    const mk = (name: string) => {
      fs.mkdirSync(path.join(tmp, name, 'usr'), { recursive: true });
      fs.writeFileSync(path.join(tmp, name, 'usr', 'a.txt'), 'x');
      return name;
    };
    const stale = [
      mk(`mpsim-device-${deadPid}-0123456789ab`),
      mk(`mpsim-cos-${deadPid}-0123456789ac`),
      mk(`mpsim-vod-aliyun-${deadPid}-0123456789ad`),
    ];
    const kept = [
      mk(`mpsim-device-${process.pid}-0123456789ab`),
      mk(`mpsim-cos-${process.ppid}-0123456789ab`),
      mk(`mpsim-device-${deadPid}-short`),
      mk(`other-device-${deadPid}-0123456789ab`),
      mk(`mpsim-device-0123456789ab`),
    ];
    fs.writeFileSync(path.join(tmp, `mpsim-oss-${deadPid}-0123456789ab`), 'a file, not a dir');
    const removed = sweepStaleTempDirs(tmp).map((d) => path.basename(d));
    expect(removed.sort()).toEqual([...stale].sort());
    expect(fs.readdirSync(tmp).sort()).toEqual([...kept, `mpsim-oss-${deadPid}-0123456789ab`].sort());
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('tempDirPath names a fresh dir with the pid and does not create it', () => {
  const a = tempDirPath('cos');
  expect(a).not.toBe(tempDirPath('cos'));
  expect(path.dirname(a)).toBe(os.tmpdir());
  expect(fs.existsSync(a)).toBe(false);
});
