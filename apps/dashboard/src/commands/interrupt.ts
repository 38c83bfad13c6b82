/**
 * Turns SIGINT and SIGTERM into an abort, so a signal stops the workers through the runner instead of
 * killing the process under them; the caller then exits with the conventional 128 + signal number.
 */
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type HandledSignal = keyof typeof EXIT_CODES;

export interface Interrupt {
  readonly signal: AbortSignal;
  /** 130 after Ctrl+C, 143 after SIGTERM; undefined while no signal came. */
  readonly exitCode: number | undefined;
  dispose(): void;
}

/** Where signals come from: the process, or an emitter in tests. */
export type SignalSource = Pick<NodeJS.EventEmitter, 'on' | 'off'>;

export function abortOnSignals(onSignal?: (signal: HandledSignal) => void, source: SignalSource = process): Interrupt {
  const controller = new AbortController();
  let exitCode: number | undefined;
  const handlers = (Object.keys(EXIT_CODES) as HandledSignal[]).map((name) => {
    const handler = () => {
      exitCode ??= EXIT_CODES[name];
      controller.abort(new Error(`interrupted by ${name}`));
      onSignal?.(name);
    };
    source.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    get exitCode() {
      return exitCode;
    },
    dispose() {
      for (const [name, handler] of handlers) source.off(name, handler);
    },
  };
}

/** Signals held off until `release()`; `exitCode` says whether one came meanwhile. */
export interface SignalHold {
  readonly exitCode: number | undefined;
  /** Lets a signal that came during a blocking call (SQLite's busy wait) be noted first, then stops holding. */
  release(): Promise<void>;
}

/**
 * Holds SIGINT and SIGTERM off until `release()`: a signal is only noted, so the work in between
 * (keeping a finished run, bounded by the store's own timeouts) completes and the caller then exits
 * 130 or 143.
 */
export function holdSignals(source: SignalSource = process): SignalHold {
  const held = abortOnSignals(undefined, source);
  let released = false;
  return {
    get exitCode() {
      return held.exitCode;
    },
    async release() {
      if (released) return;
      released = true;
      // A signal is read in the event loop's poll phase, which runs before setImmediate's callbacks.
      await new Promise((resolve) => setImmediate(resolve));
      held.dispose();
    },
  };
}
