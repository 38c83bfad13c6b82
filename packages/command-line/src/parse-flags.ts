import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

/** `node:util` `parseArgs`, with its errors turned into short `UsageError`s a user can act on. */
export function parseFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw usageErrorOf(error);
  }
}

/** node:util's messages are long and mention positional tricks; keep the part a user acts on. */
function usageErrorOf(error: unknown): UsageError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    return new UsageError(`unknown option ${option}`, { seeHelp: true });
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const argument = /'([^']*)'/.exec(message)?.[1];
    return new UsageError(argument ? `unexpected argument '${argument}'` : 'unexpected argument', { seeHelp: true });
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (message.includes('ambiguous')) {
      return new UsageError(`${option} needs a value (a value starting with '-' goes as ${option}=-N)`);
    }
    return new UsageError(
      message.includes('argument missing') ? `${option} needs a value` : `${option} takes no value`,
    );
  }
  return new UsageError(message.split('\n')[0] ?? message, { seeHelp: true });
}
