import type { Recording } from '../hooks/use-result-recorder.js';

export interface RecordChoiceProps {
  enabled: boolean;
  last: Recording | undefined;
  onChange(enabled: boolean): void;
}

/** The opt-out for sending this browser's results to the server, and where the last one went. */
export function RecordChoice({ enabled, last, onChange }: RecordChoiceProps) {
  return (
    <div class="record-choice">
      <label>
        <input
          type="checkbox"
          checked={enabled}
          onChange={(event) => onChange((event.currentTarget as HTMLInputElement).checked)}
        />{' '}
        Record this browser's result on the server (kept in its notebook as unverified, with this browser's name and
        version)
      </label>
      {last ? (
        <p class={last.state === 'failed' ? 'error' : 'hint'} aria-live="polite" data-testid="record-status">
          {describe(last)}
        </p>
      ) : null}
    </div>
  );
}

function describe(last: Recording) {
  switch (last.state) {
    case 'sending':
      return 'Sending the result to the server…';
    case 'recorded':
      return (
        <>
          Recorded on this server as <a href={`/?run=${encodeURIComponent(last.id)}`}>{last.id}</a> (source{' '}
          {last.source}, unverified).
        </>
      );
    case 'failed':
      return `Not recorded: ${last.message}`;
    case 'off':
      return 'Not sent: recording is off, so this result stays in this tab only.';
  }
}
