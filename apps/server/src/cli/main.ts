/**
 * The `gatemap` command line: `analyze` (offline), `migrate` (from Ingress) and `serve` (the live map).
 */
import { runAnalyze } from './analyze-command.ts';
import { runMigrate } from './migrate-command.ts';
import { USAGE, type Io } from './usage.ts';

const processIo: Io = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
};

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'analyze') return runAnalyze(rest, io);
  if (command === 'migrate') return runMigrate(rest, io);
  if (command === 'serve') {
    const { runServe } = await import('../serve-command.ts');
    return runServe(rest, io);
  }
  io.stderr.write(`gatemap: unknown command "${command}"\n\n${USAGE}`);
  return 2;
}
