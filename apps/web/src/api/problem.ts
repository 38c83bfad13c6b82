import type { ApiError } from '@racelab/schema';

/** An API error as the page shows it: one message, and one per field the server named. */
export interface Problem {
  status: number;
  message: string;
  fields: Partial<Record<string, string>>;
}

export async function problemFrom(response: Response): Promise<Problem> {
  const body = (await response.json().catch(() => undefined)) as Partial<ApiError> | undefined;
  const error = body?.error;
  const fields: Partial<Record<string, string>> = {};
  for (const detail of error?.details ?? []) fields[detail.field] ??= detail.message;
  const retry = response.headers.get('retry-after');
  const message = error?.message ?? `the server answered ${response.status} ${response.statusText}`;
  return { status: response.status, message: retry ? `${message} (retry after ${retry} s)` : message, fields };
}

export function problemFromError(error: unknown): Problem {
  const reason = error instanceof Error ? error.message : String(error);
  return { status: 0, message: `could not reach the server: ${reason}`, fields: {} };
}
