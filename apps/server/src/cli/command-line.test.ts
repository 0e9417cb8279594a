/**
 * The command line every command shares: `--help`, unknown flags, the input limits, `-o` and
 * `--policy-kinds`, each said in one line that names the command, with the input escaped.
 */
import { describe, expect, it } from 'vitest';
import { parseCommandLine, readOutput, readPolicyKindsFlag } from './command-line.ts';
import { captureIo } from '../../test/helpers/run-cli.ts';

function io() {
  const captured = captureIo();
  return { streams: captured.io, out: captured.stdout, err: captured.stderr };
}

const OPTIONS = { output: { type: 'string', short: 'o', default: 'text' } } as const;

describe('parseCommandLine', () => {
  it('gives the values and the limits the flags set', () => {
    const { streams } = io();
    const line = parseCommandLine('analyze', ['-o', 'json', '--max-objects', '7'], OPTIONS, streams);
    if (typeof line === 'number') throw new Error(`exit ${line}`);
    expect(line.values.output).toBe('json');
    expect(line.limits.maxObjects).toBe(7);
  });

  it('answers --help with the usage on stdout and exit 0', () => {
    const { streams, out, err } = io();
    expect(parseCommandLine('serve', ['--help'], OPTIONS, streams)).toBe(0);
    expect(out()).toContain('Usage:');
    expect(err()).toBe('');
  });

  it('refuses an unknown flag with exit 2, naming the command, with the usage after it', () => {
    const { streams, err } = io();
    expect(parseCommandLine('migrate', ['--bogus'], OPTIONS, streams)).toBe(2);
    expect(err()).toMatch(/^gatemap migrate: .*--bogus/);
    expect(err()).toContain('Usage:');
  });

  it('refuses a bad limit, naming the flag', () => {
    const { streams, err } = io();
    expect(parseCommandLine('analyze', ['--max-file-size', 'lots'], OPTIONS, streams)).toBe(2);
    expect(err()).toBe('gatemap analyze: --max-file-size must be a size such as 256MiB, got "lots"\n');
  });

  it('escapes control characters of the input in what it says', () => {
    const { streams, err } = io();
    const line = parseCommandLine('serve', [], OPTIONS, streams);
    if (typeof line === 'number') throw new Error(`exit ${line}`);
    expect(line.fail('--port must be a number, got "\x1b[2J"')).toBe(2);
    expect(err()).toBe('gatemap serve: --port must be a number, got "\\x1b[2J"\n');
  });
});

describe('readOutput and readPolicyKindsFlag', () => {
  function line() {
    const streams = io();
    const parsed = parseCommandLine('analyze', [], OPTIONS, streams.streams);
    if (typeof parsed === 'number') throw new Error(`exit ${parsed}`);
    return { parsed, err: streams.err };
  }

  it('takes an output among the choices and names them all otherwise', () => {
    const { parsed, err } = line();
    expect(readOutput(parsed, 'yaml', ['text', 'json', 'yaml'])).toBe('yaml');
    expect(readOutput(parsed, 'xml', ['text', 'json', 'yaml'])).toBeUndefined();
    expect(err()).toBe('gatemap analyze: -o must be text, json or yaml, got "xml"\n');
  });

  it('splits --policy-kinds lists and refuses names that are not Kind.group', () => {
    const { parsed, err } = line();
    const read = readPolicyKindsFlag(parsed, [
      'ClientTrafficPolicy.gateway.envoyproxy.io,RateLimitPolicy.kuadrant.io',
    ]);
    expect(read?.names).toEqual(['ClientTrafficPolicy.gateway.envoyproxy.io', 'RateLimitPolicy.kuadrant.io']);
    expect(read?.kinds.map((kind) => kind.kind)).toEqual(['ClientTrafficPolicy', 'RateLimitPolicy']);
    expect(readPolicyKindsFlag(parsed, ['Policy'])).toBeUndefined();
    expect(err()).toContain('--policy-kinds takes Kind.group names');
    expect(err()).toContain('got "Policy"');
  });
});
