// Command-line arguments of the benchmarks.

const UNITS = { '': 1, K: 1024, M: 1024 * 1024, G: 1024 * 1024 * 1024 };

/** Bytes from `text`: a number of bytes, or with a unit (256M, 1G, 1.5GiB). `example` goes in the error message. */
export function parseSize(text, example = '256M, 1G') {
  const match = /^(\d+(?:\.\d+)?)([KMG]?)i?B?$/i.exec(text);
  if (!match) throw new Error(`Unreadable size ${JSON.stringify(text)}: use bytes or ${example}.`);
  return Math.round(Number(match[1]) * UNITS[match[2].toUpperCase()]);
}

/** Removes `name value` from `args` and returns the value, or `fallback` when `name` is absent. */
export function takeOption(args, name, fallback) {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
}
