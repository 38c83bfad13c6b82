/**
 * Preloaded (`node --import`) into a one-shot command to report its peak resident memory: the
 * process's getrusage maxrss, which counts every thread, written to stderr as it exits.
 */
import { PEAK_RSS_MARK } from './peak-rss-mark.js';

process.on('exit', () => {
  process.stderr.write(`\n${PEAK_RSS_MARK} ${process.resourceUsage().maxRSS}\n`);
});
