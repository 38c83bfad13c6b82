import type { Engine } from './engines.js';

/** A function run inside the page: its source is sent to the browser, so it closes over nothing. */
export type PageFunction<Arg, Result> = (arg: Arg) => Result | Promise<Result>;

/** The drivers type their own page functions three ways; ours is checked where it is declared. */
export type Untyped = (arg: unknown) => unknown;

/** One tab of a real browser, driven by whichever library that engine needs. */
export interface DriverPage {
  /** The browser's own name and version, e.g. `firefox/153.8.0`. */
  readonly browserVersion: string;
  goto(url: string): Promise<void>;
  /** Runs `fn(arg)` in the page and resolves with its (awaited, JSON-like) result. */
  evaluate<Arg, Result>(fn: PageFunction<Arg, Result>, arg: Arg): Promise<Result>;
  /** Clicks the first element matching the CSS `selector` as a user would (the driver's own input). */
  click(selector: string): Promise<void>;
  /** Resolves once `fn()` is true in the page (the driver's own wait); rejects after `timeoutMs`. */
  waitFor<Arg>(fn: PageFunction<Arg, boolean>, arg: Arg, timeoutMs: number): Promise<void>;
  /** How many Web Workers the browser itself reports, where its driver can tell. */
  readonly workerCount?: () => number;
  close(): Promise<void>;
}

/** An isolated page: cross-origin isolated (SharedArrayBuffer on), on 127.0.0.1, ready to evaluate in. */
export interface IsolatedPage extends Omit<DriverPage, 'goto'> {
  readonly engine: Engine;
  /** The address the page was loaded from. */
  readonly url: string;
  /**
   * Loads the page again, or `path` (e.g. `?option=1`) relative to its address: a fresh document
   * and JavaScript realm, as a fresh process would be.
   */
  reload(path?: string): Promise<void>;
  /** Closes the page, the browser, its driver, its display and the page's server, if any. */
  close(): Promise<void>;
}
