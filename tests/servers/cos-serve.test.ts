/**
 * `mpsim serve --data DIR`: the COS server behind the real listeners persists
 * objects and uploads across a restart on the same data dir.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { serve } from '../../bin/serve';
import { sendSigned } from './cos-helpers';

const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

test('objects and multipart uploads survive a serve restart on the same --data dir', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpsim-serve-data-'));
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    let cloud = await serve({ port: 0, httpPort: 0, host: '127.0.0.1', data: dir });
    expect(Object.keys(cloud.servers)).toEqual(expect.arrayContaining(['echo', 'cos', 'appserver']));
    expect(String(write.mock.calls.map((c) => c[0]).join(''))).toContain(`Server data: ${dir}`);
    expect((await sendSigned(cloud.httpPort, { method: 'PUT', path: '/persisted.txt', body: 'still here' })).status).toBe(200);
    const id = tag((await sendSigned(cloud.httpPort, { method: 'POST', path: '/later.bin?uploads' })).text, 'UploadId');
    await cloud.close();

    cloud = await serve({ port: 0, httpPort: 0, host: '127.0.0.1', data: dir });
    expect((await sendSigned(cloud.httpPort, { path: '/persisted.txt' })).text).toBe('still here');
    expect(tag((await sendSigned(cloud.httpPort, { path: '/?uploads' })).text, 'UploadId')).toBe(id);
    await cloud.close();
    // A given data dir is never removed by close().
    expect(fs.existsSync(path.join(dir, 'cos'))).toBe(true);
  } finally {
    write.mockRestore();
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
