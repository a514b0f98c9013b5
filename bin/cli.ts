/**
 * The `mpsim` command line: `run FILE`, `serve`, `replay`.
 */
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { runScript } from './run';
import { replay } from './replay';
import { serve, ServeError } from './serve';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require('../../package.json') as { version: string; description: string };

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program.name('mpsim').description(pkg.description).version(pkg.version, '-v, --version');

  program
    .command('run')
    .argument('<file>', 'a mini-program script (CommonJS)')
    .option('--verbose', 'log every wx call and network request')
    .option('--har <file>', 'write the request log as HAR 1.2 to FILE when the script ends')
    .addOption(
      new Option('--page-errors <mode>', "'fail': an error thrown in a callback or page code (thirdScriptError) exits 1")
        .choices(['log', 'fail'])
        .default('log'),
    )
    .description('run FILE as mini-program code on a fresh simulated phone; exits when it and its tasks are done')
    .action(async (file: string, opts: { verbose?: boolean; har?: string; pageErrors: 'log' | 'fail' }) => {
      const code = await runScript(path.resolve(file), {
        verbose: !!opts.verbose,
        har: opts.har === undefined ? undefined : path.resolve(opts.har),
        pageErrors: opts.pageErrors,
      });
      process.exitCode = code;
    });

  program
    .command('replay')
    .argument('[dir]', 'samples folder', path.join(__dirname, '..', '..', 'samples'))
    .description('run every sample under samples/ verbatim and print a pass/fail table')
    .action(async (dir: string) => {
      process.exitCode = await replay(path.resolve(dir));
    });

  program
    .command('serve')
    .option('-p, --port <port>', 'HTTPS port', '8443')
    .option('--http-port <port>', 'plain HTTP port', '8080')
    .option('--host <address>', 'listen address', '127.0.0.1')
    .option('--data <dir>', "persist the servers' objects, uploads, parts and media records under DIR (default: temp dirs removed on exit)")
    .description('run the local cloud servers as real listeners and print hosts, CA path and how to reach them')
    .action(async (opts: { port: string; httpPort: string; host: string; data?: string }) => {
      const port = Number(opts.port);
      const httpPort = Number(opts.httpPort);
      if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isInteger(httpPort) || httpPort < 0 || httpPort > 65535) {
        process.stderr.write('mpsim serve: --port and --http-port must be integers 0–65535\n');
        process.exitCode = 2;
        return;
      }
      try {
        await serve({ port, httpPort, host: opts.host, data: opts.data === undefined ? undefined : path.resolve(opts.data) });
      } catch (err) {
        if (!(err instanceof ServeError)) throw err;
        process.stderr.write(`mpsim serve: ${err.message}\n`);
        process.exitCode = 1;
      }
    });

  await program.parseAsync(argv, { from: 'user' });
}
