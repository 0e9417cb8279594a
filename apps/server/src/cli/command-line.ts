/**
 * What every command does with its command line before its own work: parse the flags (with the
 * input limits every command takes), answer `--help`, and say what is wrong in one line that
 * names the command, with the input's control characters escaped. Bad usage exits 2.
 */
import { policyKindsFromNames, type InputLimits, type PolicyKind } from '@gatemap/topology';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { escapeControl } from './escape-control.ts';
import { LIMIT_OPTIONS, readLimitFlags } from './limit-flags.ts';
import { readInputs, type ReadResult } from './read-inputs.ts';
import { USAGE, type Io } from './usage.ts';

const COMMON_OPTIONS = { help: { type: 'boolean', short: 'h' }, ...LIMIT_OPTIONS } as const;

/** The flags of the commands that read manifests and print a report (`analyze`, `migrate`). */
export const REPORT_OPTIONS = {
  filename: { type: 'string', short: 'f', multiple: true },
  output: { type: 'string', short: 'o', default: 'text' },
  namespace: { type: 'string', short: 'n' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
} as const;

/** The colours a report asks for: `--no-color` wins over `--color`; neither leaves it to the terminal. */
export function colorFlag(values: {
  readonly color?: boolean;
  readonly 'no-color'?: boolean;
}): boolean | undefined {
  return values['no-color'] ? false : values.color;
}

type Values<Options extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{
    args: string[];
    allowPositionals: false;
    options: Options & typeof COMMON_OPTIONS;
  }>
>['values'];

export interface CommandLine<Options extends ParseArgsOptionsConfig> {
  readonly values: Values<Options>;
  readonly limits: InputLimits;
  /** Writes `gatemap COMMAND: message` (escaped) to stderr; returns the exit code of bad usage. */
  fail(message: string): 2;
}

/**
 * The parsed command line, or the exit code when there is nothing more to do: 0 after `--help`,
 * 2 after an unknown flag, a flag without its value or a bad limit.
 */
export function parseCommandLine<const Options extends ParseArgsOptionsConfig>(
  command: string,
  args: readonly string[],
  options: Options,
  io: Io,
): CommandLine<Options> | number {
  const fail = (message: string): 2 => {
    io.stderr.write(`gatemap ${command}: ${escapeControl(message)}\n`);
    return 2;
  };
  let values: Values<Options>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      allowPositionals: false,
      options: { ...options, ...COMMON_OPTIONS },
    }));
  } catch (error) {
    io.stderr.write(`gatemap ${command}: ${escapeControl((error as Error).message)}\n\n${USAGE}`);
    return 2;
  }
  // The common options are among those parsed; TypeScript cannot see it through the generic type.
  const common = values as { readonly help?: boolean } & Parameters<typeof readLimitFlags>[0];
  if (common.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const limits = readLimitFlags(common);
  if (typeof limits === 'string') return fail(limits);
  return { values, limits, fail };
}

/** `-o`'s value when it is one of `outputs`; otherwise says which it may be and gives undefined. */
export function readOutput(
  line: { fail(message: string): 2 },
  output: string,
  outputs: readonly string[],
): string | undefined {
  if (outputs.includes(output)) return output;
  const choices = `${outputs.slice(0, -1).join(', ')} or ${outputs.at(-1) ?? ''}`;
  line.fail(`-o must be ${choices}, got "${output}"`);
  return undefined;
}

/**
 * `--policy-kinds` (repeatable, each a comma-separated list of `Kind.group`): the names as given
 * and the kinds they name, or undefined after saying which are not such names.
 */
export function readPolicyKindsFlag(
  line: { fail(message: string): 2 },
  flags: readonly string[] | undefined,
): { readonly names: readonly string[]; readonly kinds: readonly PolicyKind[] } | undefined {
  const names = (flags ?? []).flatMap((list) => list.split(','));
  const { kinds, invalid } = policyKindsFromNames(names);
  if (invalid.length === 0) return { names, kinds };
  line.fail(
    `--policy-kinds takes Kind.group names (e.g. ClientTrafficPolicy.gateway.envoyproxy.io), got "${invalid.join(', ')}"`,
  );
  return undefined;
}

/**
 * The `-f` inputs, each unreadable one said on stderr (the others are still read); undefined
 * after saying that none was given.
 */
export async function readFilenames(
  command: string,
  filenames: readonly string[] | undefined,
  limits: InputLimits,
  io: Io,
): Promise<ReadResult | undefined> {
  if (!filenames || filenames.length === 0) {
    io.stderr.write(
      `gatemap ${command}: give at least one -f PATH (a file, a directory, or - for stdin)\n\n${USAGE}`,
    );
    return undefined;
  }
  const read = await readInputs(filenames, io.stdin, limits.maxFileBytes);
  for (const error of read.errors)
    io.stderr.write(`gatemap ${command}: ${escapeControl(`${error.path}: cannot read: ${error.reason}`)}\n`);
  return read;
}
