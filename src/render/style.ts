/** ANSI styling, or none: renderers take a Style so colour is decided once, by the CLI. */
export interface Style {
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly red: (s: string) => string;
  readonly magenta: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export const ANSI: Style = {
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  red: wrap(31, 39),
  magenta: wrap(35, 39),
  bold: wrap(1, 22),
  dim: wrap(2, 22),
};

const same = (s: string): string => s;

export const PLAIN: Style = { green: same, yellow: same, red: same, magenta: same, bold: same, dim: same };

export function styleFor(color: boolean): Style {
  return color ? ANSI : PLAIN;
}
