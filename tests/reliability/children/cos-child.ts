/**
 * A COS server in its own process, for the crash test of nothing-lost.test.ts:
 * `node -r ts-node/register/transpile-only cos-child.ts <dataDir>` serves the
 * COS XML API on plain HTTP at 127.0.0.1:<random port> over `<dataDir>` and
 * prints `{"port":N}` once listening. The test kills it with SIGKILL mid-upload
 * and starts another one on the same data dir.
 */
import * as http from 'node:http';
import { createCosServer } from '../../../simulator/servers/cos';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: cos-child.ts <dataDir>');
const cos = createCosServer({ dataDir });
const server = http.createServer((req, res) => cos.handle(req, res));
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 }) + '\n');
});
