import type { FieldIssue } from '@racelab/schema';

/** Every slot of the queue is taken; the client should come back later. */
export class QueueFullError extends Error {
  override name = 'QueueFullError';
  constructor(
    readonly maxQueuedRuns: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`the run queue is full (${maxQueuedRuns} runs waiting); retry in ${retryAfterSeconds} s or cancel a run`);
  }
}

/** The config is valid for core but asks more of this server than its increment ceiling allows. */
export class IncrementBudgetError extends Error {
  override name = 'IncrementBudgetError';
  readonly issues: FieldIssue[];
  constructor(total: number, maxTotalIncrements: number) {
    const message = `workers × iterations × trials must be at most ${maxTotalIncrements.toLocaleString('en-US')} on this server; got ${total.toLocaleString('en-US')}`;
    super(`${message}: lower workers, iterations or trials`);
    this.issues = ['workers', 'iterations', 'trials'].map((field) => ({ field, message }));
  }
}

/** The config is valid for core but asks for more threads than this server allows. */
export class WorkerLimitError extends Error {
  override name = 'WorkerLimitError';
  readonly issues: FieldIssue[];
  constructor(workers: number, maxWorkers: number) {
    const message = `must be at most ${maxWorkers} on this server; got ${workers}`;
    super(`workers ${message}`);
    this.issues = [{ field: 'workers', message }];
  }
}

export class UnknownRunError extends Error {
  override name = 'UnknownRunError';
  constructor(readonly id: string) {
    super(`no run with id ${id} (runs are kept in memory only, and the oldest finished ones are dropped)`);
  }
}

export class RunAlreadyEndedError extends Error {
  override name = 'RunAlreadyEndedError';
  constructor(id: string, status: string) {
    super(`run ${id} already ended (${status}); there is nothing to cancel`);
  }
}

/** The server is shutting down and takes no new runs. */
export class QueueClosedError extends Error {
  override name = 'QueueClosedError';
  constructor() {
    super('the server is shutting down and accepts no new runs');
  }
}
