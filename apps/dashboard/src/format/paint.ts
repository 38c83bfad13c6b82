/** Colour for the plain-text reports: only on a terminal, and never when NO_COLOR is set (no-color.org). */

const STYLES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;

export type Style = keyof typeof STYLES;
export type Paint = (style: Style, text: string) => string;

/** NO_COLOR counts when it is present and not empty, as the convention says. */
export function noColorRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}

export function createPaint(enabled: boolean): Paint {
  if (!enabled) return (_style, text) => text;
  return (style, text) => {
    const [open, close] = STYLES[style];
    return `\x1b[${open}m${text}\x1b[${close}m`;
  };
}

export function paintFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Paint {
  return createPaint(stream.isTTY === true && !noColorRequested(env));
}
