/** Terminal colours, off unless writing to a terminal (NO_COLOR and FORCE_COLOR respected). */
export interface Palette {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const COLORS: Palette = {
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  blue: wrap(34, 39),
  dim: wrap(2, 22),
  bold: wrap(1, 22),
};

const identity = (text: string) => text;
const PLAIN: Palette = {
  red: identity,
  green: identity,
  yellow: identity,
  blue: identity,
  dim: identity,
  bold: identity,
};

export function paletteFor(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv,
  requested?: boolean,
): Palette {
  if (requested !== undefined) return requested ? COLORS : PLAIN;
  if (env['NO_COLOR']) return PLAIN;
  if (env['FORCE_COLOR'] && env['FORCE_COLOR'] !== '0') return COLORS;
  return stream.isTTY ? COLORS : PLAIN;
}
