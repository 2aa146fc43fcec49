// Summaries of timing samples.

/** The median: the middle value, or the mean of the two middle values of an even count. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The upper median: the value at index floor(n / 2) of the sorted values (the median for an odd count). */
export function upperMedian(values) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** `value` rounded to `decimals` decimal places. */
export function roundTo(value, decimals) {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
