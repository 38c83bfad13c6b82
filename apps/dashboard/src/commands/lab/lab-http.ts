/** The few calls the lab commands make to a racelab server, and how its refusals read. */

/** The server said no (4xx/5xx) or could not be reached: one line on stderr. */
export class ServerError extends Error {
  constructor(
    message: string,
    /** The HTTP status, when the server answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface Server {
  url: URL;
  token: string | undefined;
}

export function authorization(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** One JSON request; any answer but 2xx JSON is a `ServerError` naming the server and its reason. */
export async function request<T>(
  server: Server,
  path: string,
  init: { method?: 'GET' | 'POST' | 'DELETE'; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const url = new URL(path, server.url);
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...authorization(server.token),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ServerError(`cannot reach ${server.url.origin}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ServerError(`${server.url.origin} answered ${response.status} without JSON: is it a racelab server?`);
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string } }).error;
    throw new ServerError(
      `${response.status} ${error?.code ?? 'error'}: ${error?.message ?? text.slice(0, 200)}`,
      response.status,
    );
  }
  return parsed as T;
}
