import type { ExperimentResult } from '@racelab/schema';
import { accountingLine, traceTotals } from '@racelab/schema/format';
import { Text } from 'ink';

/**
 * One line under a traced run in the live view: while it runs, that every read is being logged;
 * once it is over, the accounting and the key to the trace view.
 */
export function TraceHint({ result }: { result: ExperimentResult | undefined }) {
  const totals = result ? traceTotals(result) : undefined;
  return (
    <Text dimColor wrap="truncate-end">
      {totals
        ? `v: see the trace · ${accountingLine(totals)}`
        : 'tracing: every read is logged; v shows the trace once the run is over'}
    </Text>
  );
}
