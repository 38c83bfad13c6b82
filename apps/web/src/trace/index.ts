/** The trace view of the page, loaded on demand (see ui/LazyTrace.tsx): chart, heat map, accounting. */
export { TracePanel } from './TracePanel.js';
