/** Resolves once `count` distinct parties have arrived; rejects at once if broken. */
export class Latch<T> {
  readonly values: (T | undefined)[];
  readonly promise: Promise<T[]>;
  #remaining: number;
  #resolve!: (values: T[]) => void;
  #reject!: (reason: unknown) => void;

  constructor(count: number) {
    this.values = new Array<T | undefined>(count).fill(undefined);
    this.#remaining = count;
    this.promise = new Promise<T[]>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // A broken latch nobody awaits yet must not become an unhandled rejection.
    this.promise.catch(() => {});
    if (count === 0) this.#resolve([]);
  }

  arrive(party: number, value: T): void {
    if (this.values[party] !== undefined || this.#remaining === 0) return;
    this.values[party] = value;
    this.#remaining--;
    if (this.#remaining === 0) this.#resolve(this.values as T[]);
  }

  break(reason: unknown): void {
    this.#reject(reason);
  }
}
