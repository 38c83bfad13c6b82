import type { Run } from '@racelab/api';
import { apiToken } from '../api/token.js';
import { curlCommand } from '../format/curl.js';
import { CopyBlock } from './CopyBlock.js';

/** The run as JSON (what `GET /runs/{id}` answers) and as a curl command that runs it again. */
export function RunExport({ run }: { run: Run }) {
  return (
    <div class="export">
      <details>
        <summary>JSON</summary>
        <CopyBlock label="JSON" text={JSON.stringify(run, null, 2)} />
      </details>
      <details>
        <summary>curl</summary>
        <CopyBlock label="curl command" text={curlCommand(run.config, location.origin, apiToken.value !== undefined)} />
      </details>
    </div>
  );
}
