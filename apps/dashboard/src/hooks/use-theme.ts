import { createContext, useContext } from 'react';

/** Ink colour names per meaning; empty when NO_COLOR asks for none (Ink's chalk does not check it). */
export interface Theme {
  good?: string;
  bad?: string;
  accent?: string;
  muted?: string;
  warn?: string;
}

export const COLOR_THEME: Theme = { good: 'green', bad: 'red', accent: 'cyan', muted: 'gray', warn: 'yellow' };
export const PLAIN_THEME: Theme = {};

export const ThemeContext = createContext<Theme>(COLOR_THEME);

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
