/** How the `peak-rss.js` preload labels its report on stderr; its own module, so reading it preloads nothing. */
export const PEAK_RSS_MARK = 'racelab-bench peak-rss-kib';
