import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { tokenRequest } from '../api/token.js';

/** Asks for the server's token when it answers 401; the page then sends it as the bearer token. */
export function TokenDialog() {
  const request = tokenRequest.value;
  const dialog = useRef<HTMLDialogElement>(null);
  const typed = useSignal('');
  // A close the page makes itself (the token was typed) fires its event later, when the server may
  // already have refused that token and a new request be waiting: that event must not answer it.
  const closedByPage = useRef(false);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (request && !element.open) element.showModal();
    if (!request && element.open) {
      closedByPage.current = true;
      element.close();
    }
  }, [request]);
  return (
    <dialog
      ref={dialog}
      aria-labelledby="token-heading"
      onCancel={() => request?.answer(undefined)}
      onClose={() => {
        if (closedByPage.current) closedByPage.current = false;
        else tokenRequest.value?.answer(undefined);
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          const token = typed.value.trim();
          typed.value = '';
          request?.answer(token || undefined);
        }}
      >
        <h2 id="token-heading">This server needs a token</h2>
        <p class="hint">{request?.reason}</p>
        <label for="api-token">API token</label>
        <input
          id="api-token"
          type="password"
          autoComplete="off"
          value={typed.value}
          onInput={(event) => {
            typed.value = event.currentTarget.value;
          }}
        />
        <p class="hint">Sent as the bearer token to start and cancel runs; kept for this tab only.</p>
        <div class="actions">
          <button type="submit" class="primary">
            Use token
          </button>
          <button type="button" onClick={() => request?.answer(undefined)}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
