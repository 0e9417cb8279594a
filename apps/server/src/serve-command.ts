/**
 * `gatemap serve`: the live map. (Built in the next step; reports what is missing meanwhile.)
 */
import type { Io } from './cli/main.ts';

export async function runServe(_args: readonly string[], io: Io): Promise<number> {
  io.stderr.write(
    'gatemap serve: the live server is not part of this build yet; use gatemap analyze -f DIR.\n',
  );
  return 2;
}
