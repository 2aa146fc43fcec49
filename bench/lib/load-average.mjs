// The machine's load, reported beside the figures (other processes share it).
import { loadavg } from 'node:os';
import { roundTo } from './stats.mjs';

/** The 1, 5 and 15 minute load averages, rounded to `decimals` decimal places. */
export function loadAverages(decimals) {
  return loadavg().map((value) => roundTo(value, decimals));
}
