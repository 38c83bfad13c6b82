export { EXIT_CODES } from './exit-codes.js';
export { flagProblem, integerFlag, parseNumber } from './integer-flag.js';
export { parseFlags } from './parse-flags.js';
export { reportError, UsageError, type UsageErrorOptions } from './usage-error.js';
