import { randomBytes } from 'node:crypto';

/**
 * A short random suffix (8 base-36 characters), so that several runs of the suite, or several
 * backends, can share one store without their names colliding.
 */
export function randomSuffix(): string {
  const n = randomBytes(6).readUIntBE(0, 6);
  return n.toString(36).padStart(8, '0').slice(-8);
}

/** `base` followed by `-` and a random suffix. */
export function uniqueName(base = 'n'): string {
  return `${base}-${randomSuffix()}`;
}

/**
 * A unique name of exactly `length` UTF-16 code units, filled up with `fill` (repeated whole, then
 * padded with `x` when a surrogate pair would not fit).
 */
export function longName(length: number, fill: string): string {
  let name = uniqueName('long');
  while (name.length + fill.length <= length) name += fill;
  return name.padEnd(length, 'x');
}
