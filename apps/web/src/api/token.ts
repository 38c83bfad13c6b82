import { signal } from '@preact/signals';

const STORAGE_KEY = 'racelab.api-token';

/** A server started with a token wants it on POST /runs and DELETE /runs/{id}; kept for this tab only. */
export const apiToken = signal<string | undefined>(readStoredToken());

export interface TokenRequest {
  /** Why it is asked for: the server's 401 message. */
  reason: string;
  answer(token: string | undefined): void;
}

/** Set while the page waits for the visitor to type the token; the TokenDialog shows it. */
export const tokenRequest = signal<TokenRequest | undefined>(undefined);

function readStoredToken(): string | undefined {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function setApiToken(token: string | undefined): void {
  apiToken.value = token;
  try {
    if (token === undefined) sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Storage can be off (private modes); the token then lasts until the page reloads.
  }
}

function askForToken(reason: string): Promise<string | undefined> {
  tokenRequest.value?.answer(undefined);
  return new Promise((resolve) => {
    tokenRequest.value = {
      reason,
      answer(token) {
        tokenRequest.value = undefined;
        resolve(token);
      },
    };
  });
}

/**
 * Sends a request that may need the token: on 401 the visitor is asked for it (once; again only if
 * the server rejects what was typed), and the request is sent again with it.
 */
export async function withToken(send: () => Promise<Response>): Promise<Response> {
  let response = await send();
  while (response.status === 401) {
    const body = (await response
      .clone()
      .json()
      .catch(() => undefined)) as { error?: { message?: string } } | undefined;
    const token = await askForToken(body?.error?.message ?? 'this server needs a token to start or cancel runs');
    if (!token) return response;
    setApiToken(token);
    response = await send();
  }
  return response;
}
