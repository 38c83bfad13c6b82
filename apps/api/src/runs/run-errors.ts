/** Why the run routes refuse, each error carrying its own HTTP status and contract code. */
import type { ConfigErrorCode, FieldIssue } from '@racelab/schema';
import { ApiHttpError } from '../http/api-http-error.js';

/** Core refused the config: `message` and `issues` name each bad field and its range. */
export class InvalidConfigError extends ApiHttpError {
  override name = 'InvalidConfigError';
  constructor(message: string, issues: FieldIssue[], cause?: unknown, code: ConfigErrorCode = 'invalid_config') {
    super(400, code, message, { details: issues, cause });
  }
}

/** Every slot of the queue is taken; the client should come back later. */
export class QueueFullError extends ApiHttpError {
  override name = 'QueueFullError';
  constructor(maxQueuedRuns: number, retryAfterSeconds: number) {
    super(
      429,
      'queue_full',
      `the run queue is full (${maxQueuedRuns} runs waiting); retry in ${retryAfterSeconds} s or cancel a run`,
      { headers: { 'Retry-After': String(retryAfterSeconds) } },
    );
  }
}

/** This client already has its share of the queue; others may still queue. */
export class ClientQueueFullError extends ApiHttpError {
  override name = 'ClientQueueFullError';
  constructor(maxPerClient: number, retryAfterSeconds: number) {
    super(
      429,
      'client_queue_full',
      `you already have ${maxPerClient} runs waiting, this server's limit per client; retry in ${retryAfterSeconds} s or cancel one`,
      { headers: { 'Retry-After': String(retryAfterSeconds) } },
    );
  }
}

/** This client already follows as many runs live as it may. */
export class TooManyStreamsError extends ApiHttpError {
  override name = 'TooManyStreamsError';
  constructor(maxPerClient: number, retryAfterSeconds: number) {
    super(
      429,
      'too_many_streams',
      `you already have ${maxPerClient} event streams open, this server's limit per client; close one, or retry in ${retryAfterSeconds} s`,
      { headers: { 'Retry-After': String(retryAfterSeconds) } },
    );
  }
}

/** The config is valid for core but asks more of this server than its increment ceiling allows. */
export class IncrementBudgetError extends ApiHttpError {
  override name = 'IncrementBudgetError';
  constructor(total: number, maxTotalIncrements: number) {
    const message = `workers × iterations × trials must be at most ${maxTotalIncrements.toLocaleString('en-US')} on this server; got ${total.toLocaleString('en-US')}`;
    super(400, 'increment_limit', `${message}: lower workers, iterations or trials`, {
      details: ['workers', 'iterations', 'trials'].map((field) => ({ field, message })),
    });
  }
}

/** The config is valid for core but asks for more threads than this server allows. */
export class WorkerLimitError extends ApiHttpError {
  override name = 'WorkerLimitError';
  constructor(workers: number, maxWorkers: number) {
    const message = `must be at most ${maxWorkers} on this server; got ${workers}`;
    super(400, 'worker_limit', `workers ${message}`, { details: [{ field: 'workers', message }] });
  }
}

export class UnknownRunError extends ApiHttpError {
  override name = 'UnknownRunError';
  constructor(id: string) {
    super(404, 'run_not_found', `no run with id ${id} in this server or its run store`);
  }
}

export class RunAlreadyEndedError extends ApiHttpError {
  override name = 'RunAlreadyEndedError';
  constructor(id: string, status: string) {
    super(409, 'run_ended', `run ${id} already ended (${status}); there is nothing to cancel`);
  }
}

/** The server is shutting down and takes no new runs. */
export class QueueClosedError extends ApiHttpError {
  override name = 'QueueClosedError';
  constructor() {
    super(503, 'shutting_down', 'the server is shutting down and accepts no new runs');
  }
}
