/**
 * How many of something (open event streams, open connections) each client holds, against a cap.
 * A concurrency count, not a rate: a windowed rate limiter (hono-rate-limiter and the like) counts
 * requests per minute, and cannot tell that a stream or a connection has ended.
 */
export class PerClientSlots {
  readonly #held = new Map<string, number>();

  constructor(readonly maxPerClient: number) {}

  /** Takes a slot for `client`, or returns undefined when it holds its maximum. Release exactly once. */
  take(client: string): (() => void) | undefined {
    const held = this.#held.get(client) ?? 0;
    if (held >= this.maxPerClient) return undefined;
    this.#held.set(client, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#held.get(client) ?? 1) - 1;
      // Forget clients that hold nothing, so a server that meets millions of addresses stays small.
      if (left === 0) this.#held.delete(client);
      else this.#held.set(client, left);
    };
  }

  heldBy(client: string): number {
    return this.#held.get(client) ?? 0;
  }

  /** Slots held by every client together. */
  get total(): number {
    let sum = 0;
    for (const held of this.#held.values()) sum += held;
    return sum;
  }
}
