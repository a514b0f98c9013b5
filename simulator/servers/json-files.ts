/**
 * JSON records the servers keep on disk, written atomically: the text goes to a
 * temp file, then a rename puts it in place, so a crash leaves the old record or
 * the new one, never half of one. The temp file is a dot-file next to the target
 * unless the caller names a temp directory (the COS store's `tmp/`, emptied on start);
 * loaders skip and delete dot-files (an interrupted write).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const tempFor = (file: string, tmpDir: string) => path.join(tmpDir, `.${randomUUID()}.tmp`);

export function writeJsonAtomic(file: string, value: unknown, tmpDir = path.dirname(file)): void {
  const tmp = tempFor(file, tmpDir);
  fs.writeFileSync(tmp, JSON.stringify(value));
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** The same off the JS thread (the COS store's per-part records). */
export async function writeJsonAtomicAsync(file: string, value: unknown, tmpDir = path.dirname(file)): Promise<void> {
  const tmp = tempFor(file, tmpDir);
  await fs.promises.writeFile(tmp, JSON.stringify(value));
  try {
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}
