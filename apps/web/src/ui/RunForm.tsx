import { CONFIG_BOUNDS, MAX_TRACED_INCREMENTS, STRATEGIES, STRATEGY_INFO, type Strategy } from '@racelab/schema';
import { formatCount } from '@racelab/schema/format';
import type { ComponentChildren } from 'preact';
import type { Problem } from '../api/problem.js';
import { NUMBER_FIELDS, type NumberField, type RunForm as RunFormState } from '../hooks/use-run-form.js';

const LABELS: Record<NumberField, string> = {
  workers: 'Workers (threads)',
  iterations: 'Increments per worker',
  trials: 'Trials',
};

export interface RunFormProps {
  form: RunFormState;
  problem: Problem | undefined;
  busy: boolean;
  onRun(): void;
  onCompare(): void;
  /** In a lab: the host picker, above the buttons. */
  hostPicker?: ComponentChildren;
}

/** The experiment's settings, checked by the API: its messages appear beside the field they name. */
export function RunForm({ form, problem, busy, onRun, onCompare, hostPicker }: RunFormProps) {
  const fieldProblems = problem?.fields ?? {};
  const unplaced =
    problem &&
    !Object.keys(fieldProblems).some(
      (field) => field === 'strategy' || field === 'trace' || (field === 'hosts' && hostPicker) || isNumberField(field),
    );
  return (
    <form
      class="panel run-form"
      noValidate
      aria-labelledby="settings-heading"
      onSubmit={(event) => {
        event.preventDefault();
        onRun();
      }}
    >
      <h2 id="settings-heading">Settings</h2>
      <div class="field">
        <label for="strategy">Strategy</label>
        <select
          id="strategy"
          value={form.strategy.value}
          aria-describedby="strategy-help strategy-error"
          aria-invalid={fieldProblems.strategy ? true : undefined}
          onChange={(event) => {
            form.strategy.value = event.currentTarget.value as Strategy;
          }}
        >
          {STRATEGIES.map((strategy) => (
            <option key={strategy} value={strategy}>
              {strategy}
            </option>
          ))}
        </select>
        <p id="strategy-help" class="hint">
          {STRATEGY_INFO[form.strategy.value].description}
        </p>
        <FieldError id="strategy-error" message={fieldProblems.strategy} />
      </div>
      {NUMBER_FIELDS.map((field) => (
        <div class="field" key={field}>
          <label for={field}>{LABELS[field]}</label>
          <input
            id={field}
            name={field}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            spellcheck={false}
            value={form.numbers[field].value}
            aria-describedby={`${field}-help ${field}-error`}
            aria-invalid={fieldProblems[field] ? true : undefined}
            onInput={(event) => {
              form.numbers[field].value = event.currentTarget.value;
            }}
          />
          <p id={`${field}-help`} class="hint">
            {formatCount(CONFIG_BOUNDS[field].min)} to {formatCount(CONFIG_BOUNDS[field].max)}
          </p>
          <FieldError id={`${field}-error`} message={fieldProblems[field]} />
        </div>
      ))}
      <div class="field field-check">
        <input
          id="trace"
          name="trace"
          type="checkbox"
          checked={form.trace.value}
          aria-describedby="trace-help trace-error"
          aria-invalid={fieldProblems.trace ? true : undefined}
          onChange={(event) => {
            form.trace.value = event.currentTarget.checked;
          }}
        />
        <label for="trace">Trace: which update overwrote which</label>
        <p id="trace-help" class="hint">
          Logs the value every increment read; workers × increments up to {formatCount(MAX_TRACED_INCREMENTS)}
        </p>
        <FieldError id="trace-error" message={fieldProblems.trace} />
      </div>
      {hostPicker}
      {unplaced ? (
        <p class="error" role="alert">
          {problem.message}
        </p>
      ) : null}
      <div class="actions">
        <button id="run-button" type="submit" class="primary" disabled={busy}>
          Run
        </button>
        <button type="button" disabled={busy} onClick={onCompare}>
          Compare all four
        </button>
      </div>
    </form>
  );
}

function isNumberField(field: string): field is NumberField {
  return (NUMBER_FIELDS as readonly string[]).includes(field);
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return (
    <p id={id} class="error" role={message ? 'alert' : undefined}>
      {message ?? ''}
    </p>
  );
}
