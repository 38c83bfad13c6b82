/** The lab's part of the page, its own chunk: loaded once the server turns out to be a host of a lab. */
import './lab.css';

export { GroupComparison, type GroupComparisonProps } from './GroupComparison.js';
export { HostPicker, type HostPickerProps } from './HostPicker.js';
